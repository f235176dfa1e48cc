// hadolint's JSON format: one flat array over all files, keys in alphabetical order, `[]` when clean.
import { flatten, type LintFormatOptions, type LintReport } from './types.js';

export function formatJson(report: LintReport, options: LintFormatOptions = {}): string {
  const items = flatten(report, options).map(({ path, finding: f }) => ({
    code: f.code,
    column: f.column,
    file: path,
    level: f.level,
    line: f.line,
    message: f.message,
  }));
  return `${JSON.stringify(items)}\n`;
}
