// Code Climate issues (NUL-terminated objects, as the engine spec and hadolint write them) and GitLab's
// code quality report (one JSON array, each issue with a fingerprint).
import { createHash } from 'node:crypto';
import type { LintLevel } from '../../core/severity.js';
import type { LintFinding } from '../../dockerfile/lint.js';
import {
  flatten,
  type LintFormatOptions,
  type LintReport,
  type LintReportFile,
  PARSE_ERROR_CODE,
} from './types.js';

export interface CodeClimateIssue {
  type: 'issue';
  check_name: string;
  description: string;
  categories: string[];
  location:
    | { path: string; lines: { begin: number; end: number } }
    | {
        path: string;
        positions: { begin: { line: number; column: number }; end: { line: number; column: number } };
      };
  severity: 'blocker' | 'major' | 'minor' | 'info';
  fingerprint?: string;
}

const SEVERITY: Record<LintLevel, CodeClimateIssue['severity']> = {
  error: 'blocker',
  warning: 'major',
  info: 'info',
  style: 'minor',
  ignore: 'info',
};

function toIssue(path: string, f: LintFinding): CodeClimateIssue {
  const location: CodeClimateIssue['location'] =
    f.code === PARSE_ERROR_CODE
      ? {
          path,
          positions: { begin: { line: f.line, column: f.column }, end: { line: f.line, column: f.column } },
        }
      : { path, lines: { begin: f.line, end: Math.max(f.line, f.endLine ?? f.line) } };
  return {
    type: 'issue',
    check_name: f.code,
    description: f.message,
    categories: ['Bug Risk'],
    location,
    severity: SEVERITY[f.level],
  };
}

export function formatCodeclimate(report: LintReport, options: LintFormatOptions = {}): string {
  return flatten(report, options)
    .map(({ path, finding }) => `${JSON.stringify(toIssue(path, finding))}\0`)
    .join('');
}

/**
 * GitLab tracks an issue across commits by its fingerprint, so it hashes what identifies the finding rather than
 * where it is: path, code, the text of the offending line, and which occurrence of that triple it is.
 */
export function formatGitlabCodeclimate(report: LintReport, options: LintFormatOptions = {}): string {
  const seen = new Map<string, number>();
  const issues = flatten(report, options).map(({ path, finding, file }) => {
    const key = [path, finding.code, lineText(file, finding.line).trim()].join('\0');
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const fingerprint = createHash('sha1').update(`${key}\0${n}`).digest('hex');
    return { ...toIssue(path, finding), fingerprint };
  });
  return `${JSON.stringify(issues)}\n`;
}

function lineText(file: LintReportFile, line: number): string {
  if (file.text === undefined) return String(line);
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = file.text.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  const end = file.text.indexOf('\n', start);
  return file.text.slice(start, end < 0 ? undefined : end);
}
