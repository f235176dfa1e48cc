// The human format: hadolint's `file:line CODE level: message` lines, optional code frames, and a summary line.
import type { LintLevel } from '../../core/severity.js';
import {
  flatten,
  type LintFormatOptions,
  type LintReport,
  type LintReportFile,
  PARSE_ERROR_CODE,
} from './types.js';

const ESC = '\u001b[';
const paint = (code: string) => (s: string) => `${ESC}${code}m${s}${ESC}0m`;
const STYLES = {
  red: paint('31'),
  yellow: paint('33'),
  cyan: paint('36'),
  gray: paint('90'),
  bold: paint('1'),
  dim: paint('2'),
};

const LEVEL_STYLE: Record<LintLevel, (s: string) => string> = {
  error: STYLES.red,
  warning: STYLES.yellow,
  info: STYLES.cyan,
  style: STYLES.gray,
  ignore: STYLES.gray,
};

/** Most lines of a code frame; longer instructions are cut with a marker. */
const FRAME_LINES = 6;
const FRAME_WIDTH = 200;

/**
 * Dockerfile text and messages are untrusted: control characters (escape sequences in particular) would reach the
 * terminal, so they are shown as visible placeholders.
 */
export function sanitize(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) =>
    c === '\r' ? '' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

export function formatTty(report: LintReport, options: LintFormatOptions = {}): string {
  const color = options.color === true;
  const style = (f: (s: string) => string) => (s: string) => (color ? f(s) : s);
  const lines: string[] = [];
  for (const { path, finding: f, file } of flatten(report, options)) {
    const where = sanitize(path);
    const message = sanitize(f.message.replace(/\s*\r?\n\s*/g, ' '));
    if (f.code === PARSE_ERROR_CODE) {
      lines.push(`${where}:${f.line}:${f.column} ${style(STYLES.red)(message)}`);
    } else {
      const level = style(LEVEL_STYLE[f.level])(`${f.level}:`);
      lines.push(`${where}:${f.line} ${style(STYLES.bold)(f.code)} ${level} ${message}`);
    }
    if (options.verbose) lines.push(...codeFrame(file, f.line, f.endLine ?? f.line, style(STYLES.dim)));
    if (f.suggestion) {
      const [head = '', ...more] = f.suggestion.split(/\r?\n/).map(sanitize);
      lines.push(`  ${style(STYLES.cyan)('suggestion:')} ${head}`, ...more.map((l) => `    ${l}`));
    }
  }
  const summary = options.summary === false ? '' : summaryLine(report);
  if (summary) lines.push(style(STYLES.bold)(summary));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function codeFrame(file: LintReportFile, first: number, last: number, dim: (s: string) => string): string[] {
  if (file.text === undefined) return [];
  const text = file.text.split('\n');
  const end = Math.min(Math.max(first, last), text.length);
  const shown = Math.min(end, first + FRAME_LINES - 1);
  const width = String(shown).length;
  const out: string[] = [];
  for (let n = first; n <= shown; n++) {
    let src = text[n - 1] ?? '';
    if (src.length > FRAME_WIDTH) src = `${src.slice(0, FRAME_WIDTH)}…`;
    out.push(`  ${dim(`${String(n).padStart(width)} |`)} ${sanitize(src)}`);
  }
  if (shown < end) out.push(`  ${dim(`${' '.repeat(width)} |`)} … (${end - shown} more lines)`);
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `3 problems (1 error, 2 warnings) in 1 file`; empty when there is nothing to report. */
export function summaryLine(report: LintReport): string {
  const counts: Record<LintLevel, number> = { error: 0, warning: 0, info: 0, style: 0, ignore: 0 };
  let total = 0;
  let files = 0;
  for (const file of report.files) {
    if (file.findings.length > 0) files++;
    for (const f of file.findings) {
      counts[f.level]++;
      total++;
    }
  }
  if (total === 0) return '';
  const parts: string[] = [];
  if (counts.error) parts.push(plural(counts.error, 'error'));
  if (counts.warning) parts.push(plural(counts.warning, 'warning'));
  if (counts.info) parts.push(`${counts.info} info`);
  if (counts.style) parts.push(`${counts.style} style`);
  return `${plural(total, 'problem')} (${parts.join(', ')}) in ${plural(files, 'file')}`;
}
