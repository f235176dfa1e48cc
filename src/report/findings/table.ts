// The human format: findings grouped by object (or file), with severity, rule, position, message and fix.
import type { Severity } from '../../core/severity.js';
import { sanitize } from '../lint/tty.js';
import { type FindingsFormatOptions, type FindingsReport, type ReportFinding, summarize } from './types.js';
import { vulnerabilityLines, vulnerabilitySummary } from './vulnerability-table.js';

const ESC = '\u001b[';
const paint = (code: string) => (s: string) => `${ESC}${code}m${s}${ESC}0m`;
const SEVERITY_STYLE: Record<Severity, (s: string) => string> = {
  critical: paint('1;31'),
  high: paint('31'),
  medium: paint('33'),
  low: paint('36'),
  info: paint('90'),
};
const bold = paint('1');
const dim = paint('2');

const oneLine = (s: string) => sanitize(s.replace(/\s*\r?\n\s*/g, ' '));

function where(f: ReportFinding): string {
  const l = f.location;
  if (!l) return '';
  const parts = [l.file ?? l.path ?? ''];
  if (l.line !== undefined) parts.push(String(l.line));
  if (l.line !== undefined && l.column !== undefined) parts.push(String(l.column));
  return parts.join(':');
}

function groupName(f: ReportFinding): string {
  const r = f.resource;
  const file = f.location?.file ?? f.location?.path;
  if (!r) return file ?? '';
  const name = r.namespace ? `${r.namespace}/${r.name}` : r.name || '(unnamed)';
  return `${r.kind || '(no kind)'} ${name}${file ? ` (${file})` : ''}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatFindingsTable(report: FindingsReport, options: FindingsFormatOptions = {}): string {
  const style = (f: (s: string) => string) => (s: string) => (options.color ? f(s) : s);
  const groups = new Map<string, ReportFinding[]>();
  const vulns: ReportFinding[] = [];
  for (const f of report.findings) {
    // Vulnerabilities are grouped by package, in their own columns (below).
    if (f.kind === 'vulnerability') {
      vulns.push(f);
      continue;
    }
    const key = groupName(f);
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const lines: string[] = [];
  if (vulns.length > 0) {
    lines.push(
      ...vulnerabilityLines(report, vulns, {
        bold: style(bold),
        dim: style(dim),
        alert: style(SEVERITY_STYLE.critical),
        severity: {
          critical: style(SEVERITY_STYLE.critical),
          high: style(SEVERITY_STYLE.high),
          medium: style(SEVERITY_STYLE.medium),
          low: style(SEVERITY_STYLE.low),
          info: style(SEVERITY_STYLE.info),
        },
      }),
    );
  }
  for (const [name, findings] of groups) {
    if (lines.length > 0) lines.push('');
    lines.push(style(bold)(sanitize(name)));
    for (const f of findings) {
      const sev = style(SEVERITY_STYLE[f.severity])(f.severity.toUpperCase().padEnd(8));
      const container = f.resource?.container ? ` [${oneLine(f.resource.container)}]` : '';
      lines.push(`  ${sev} ${style(bold)(f.ruleId)} ${sanitize(where(f))}${container}`);
      lines.push(`           ${oneLine(f.message)}`);
      if (f.fix) lines.push(`           ${style(dim)('fix:')} ${oneLine(f.fix)}`);
    }
  }
  if (options.summary !== false) {
    const line = report.target.type === 'image' ? vulnerabilitySummary(report) : summaryLine(report);
    if (lines.length > 0) lines.push('');
    lines.push(style(bold)(line));
  }
  return `${lines.join('\n')}\n`;
}

/** `5 findings (1 high, 4 medium) in 2 objects, 1 suppressed`, or `no findings`. */
export function summaryLine(report: FindingsReport): string {
  const s = summarize(report.findings);
  const total = report.findings.length;
  const suppressed = report.suppressed?.length ?? 0;
  const tail = suppressed > 0 ? `, ${suppressed} suppressed` : '';
  if (total === 0) return `no findings${tail}`;
  const parts = (Object.keys(s) as Severity[]).filter((k) => s[k] > 0).map((k) => `${s[k]} ${k}`);
  const groups = new Set(report.findings.map(groupName)).size;
  const unit = report.findings.some((f) => f.resource) ? 'object' : 'file';
  return `${plural(total, 'finding')} (${parts.join(', ')}) in ${plural(groups, unit)}${tail}`;
}
