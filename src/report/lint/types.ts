// Shared shapes and helpers of the lint formatters: the report they take and the options they honour.
import type { LintFinding } from '../../dockerfile/lint.js';
import type { RuleMeta } from '../../dockerfile/rule.js';

export interface LintReportFile {
  /** The path as given on the command line, `-` for stdin. */
  path: string;
  /** The Dockerfile text, for code frames and fingerprints (optional). */
  text?: string;
  findings: LintFinding[];
}

export interface LintReport {
  files: LintReportFile[];
}

export interface LintFormatOptions {
  /** ANSI colour (tty only). */
  color?: boolean;
  /** tty: show the offending lines under each finding. */
  verbose?: boolean;
  /** Print this path instead of each file's own (e.g. the real name of a file piped through stdin). */
  filePathInReport?: string;
  /** Tool version for SARIF. */
  toolVersion?: string;
  /** Rule metadata for SARIF rule descriptions; unknown codes get a minimal entry. */
  rules?: readonly RuleMeta[];
  /** tty: print the closing summary line (default true). */
  summary?: boolean;
}

export const PARSE_ERROR_CODE = 'DL1000';

export function reportPath(file: LintReportFile, options: LintFormatOptions): string {
  return options.filePathInReport ?? file.path;
}

/** Every finding with the path to print, files in order, findings by line within a file. */
export function flatten(
  report: LintReport,
  options: LintFormatOptions,
): { path: string; finding: LintFinding; file: LintReportFile }[] {
  const out: { path: string; finding: LintFinding; file: LintReportFile }[] = [];
  for (const file of report.files) {
    const path = reportPath(file, options);
    const sorted = [...file.findings].sort((a, b) => a.line - b.line);
    for (const finding of sorted) out.push({ path, finding, file });
  }
  return out;
}
