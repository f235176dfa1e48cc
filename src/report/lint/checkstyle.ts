// Checkstyle XML (version 4.3) as hadolint writes it: one <file> per Dockerfile with findings.
import { flatten, type LintFormatOptions, type LintReport } from './types.js';

/** Escapes text for an XML 1.0 attribute; characters XML cannot carry become U+FFFD. */
export function escapeXml(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '&':
        out += '&amp;';
        continue;
      case '<':
        out += '&lt;';
        continue;
      case '>':
        out += '&gt;';
        continue;
      case '"':
        out += '&quot;';
        continue;
      case "'":
        out += '&apos;';
        continue;
      case '\n':
        out += '&#10;';
        continue;
      case '\r':
        out += '&#13;';
        continue;
      case '\t':
        out += '&#9;';
        continue;
    }
    const allowed =
      (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
    out += allowed ? ch : '\uFFFD';
  }
  return out;
}

export function formatCheckstyle(report: LintReport, options: LintFormatOptions = {}): string {
  const byFile = new Map<string, string[]>();
  for (const { path, finding: f } of flatten(report, options)) {
    const errors = byFile.get(path) ?? [];
    errors.push(
      `<error line='${f.line}' column='${f.column}' severity='${escapeXml(f.level)}' ` +
        `message='${escapeXml(f.message)}' source='${escapeXml(f.code)}'/>`,
    );
    byFile.set(path, errors);
  }
  let body = '';
  for (const [path, errors] of byFile) body += `<file name='${escapeXml(path)}'>${errors.join('')}</file>`;
  return `<?xml version='1.0' encoding='UTF-8'?><checkstyle version='4.3'>${body}</checkstyle>\n`;
}
