// GNU error format as hadolint writes it: `program:file:line: CODE level: message`, one finding a line.
import { flatten, type LintFormatOptions, type LintReport, PARSE_ERROR_CODE } from './types.js';

const PROGRAM = 'shipshape';

export function formatGnu(report: LintReport, options: LintFormatOptions = {}): string {
  let out = '';
  for (const { path, finding: f } of flatten(report, options)) {
    const message = oneLine(f.message);
    out +=
      f.code === PARSE_ERROR_CODE
        ? `${PROGRAM}:${path}:${f.line}:${f.column}: ${message}\n`
        : `${PROGRAM}:${path}:${f.line}: ${f.code} ${f.level}: ${message}\n`;
  }
  return out;
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ');
}
