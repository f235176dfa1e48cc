// The lint formatters by name: pure (report, options) -> string.
import type { LintFormat } from '../../dockerfile/config.js';
import { formatCheckstyle } from './checkstyle.js';
import { formatCodeclimate, formatGitlabCodeclimate } from './codeclimate.js';
import { formatGnu } from './gnu.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatTty } from './tty.js';
import type { LintFormatOptions, LintReport } from './types.js';

export { escapeXml, formatCheckstyle } from './checkstyle.js';
export { type CodeClimateIssue, formatCodeclimate, formatGitlabCodeclimate } from './codeclimate.js';
export { formatGnu } from './gnu.js';
export { formatJson } from './json.js';
export { formatSarif, helpUri, sarifLevel, toUri } from './sarif.js';
export { formatTty, summaryLine } from './tty.js';
export type { LintFormatOptions, LintReport, LintReportFile } from './types.js';

export const LINT_FORMATTERS: Record<
  LintFormat,
  (report: LintReport, options?: LintFormatOptions) => string
> = {
  tty: formatTty,
  json: formatJson,
  sarif: formatSarif,
  checkstyle: formatCheckstyle,
  codeclimate: formatCodeclimate,
  gitlab_codeclimate: formatGitlabCodeclimate,
  gnu: formatGnu,
};

export function formatLintReport(
  format: LintFormat,
  report: LintReport,
  options: LintFormatOptions = {},
): string {
  return LINT_FORMATTERS[format](report, options);
}
