// The formats of scan, k8s and check by name: pure (report, options) -> string.
import { formatFindingsJson } from './json.js';
import { formatFindingsSarif } from './sarif.js';
import { formatFindingsTable } from './table.js';
import type { FindingsFormatOptions, FindingsReport } from './types.js';

export { formatFindingsJson } from './json.js';
export { formatFindingsSarif, ruleHelpUri, severityToSarif } from './sarif.js';
export { formatFindingsTable, summaryLine } from './table.js';
export * from './types.js';

export const FINDINGS_FORMATS = ['table', 'json', 'sarif'] as const;
export type FindingsFormat = (typeof FINDINGS_FORMATS)[number];

export function isFindingsFormat(s: string): s is FindingsFormat {
  return (FINDINGS_FORMATS as readonly string[]).includes(s);
}

export function formatFindings(
  format: FindingsFormat,
  report: FindingsReport,
  options: FindingsFormatOptions = {},
): string {
  switch (format) {
    case 'json':
      return formatFindingsJson(report, options);
    case 'sarif':
      return formatFindingsSarif(report, options);
    default:
      return formatFindingsTable(report, options);
  }
}
