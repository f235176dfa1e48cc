// META-INF/MANIFEST.MF (JAR File Specification): the main section's headers, with 72-byte continuation lines joined.

/**
 * Headers of the main section, keyed by lower-cased name (header names are case-insensitive). A line that starts
 * with one space continues the previous header; the first blank line ends the main section, and the per-entry
 * sections after it describe single files, not the archive. Lines are joined as bytes before UTF-8 decoding, as
 * java.util.jar.Manifest does: writers split at 72 bytes, even inside a multi-byte character. A repeated header
 * keeps its last value, as the JDK does.
 */
export function parseManifest(content: Buffer): Map<string, string> {
  // latin1 maps bytes to code points one to one, so the joining below cannot split a UTF-8 sequence.
  const text = content.toString('latin1');
  const raw = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') {
      if (raw.size > 0) break;
      continue;
    }
    if (line.startsWith(' ')) {
      last?.push(line.slice(1));
      continue;
    }
    const colon = line.indexOf(': ');
    if (colon <= 0) {
      last = undefined;
      continue;
    }
    last = [line.slice(colon + 2)];
    raw.set(line.slice(0, colon).toLowerCase(), last);
  }
  const headers = new Map<string, string>();
  for (const [k, parts] of raw) headers.set(k, Buffer.from(parts.join(''), 'latin1').toString('utf8').trim());
  return headers;
}

/**
 * Bundle-License (OSGi core spec 3.2.1.10): a comma-separated list of `name;attr=value` clauses, where a name is
 * an SPDX id or a URL. Free text such as `Apache License, Version 2.0` has commas of its own, so a value whose
 * parts are not all single tokens is kept whole.
 */
export function bundleLicenses(value: string | undefined): string[] {
  if (!value || value === '<<EXTERNAL>>') return [];
  const clauses: string[] = [];
  let cur = '';
  let quoted = false;
  for (const c of value) {
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      clauses.push(cur);
      cur = '';
    } else cur += c;
  }
  clauses.push(cur);
  const names = clauses.map((c) => c.split(';')[0]!.trim().replace(/^"|"$/g, '')).filter(Boolean);
  if (names.length > 1 && names.some((n) => /\s/.test(n))) {
    const whole = value.split(';')[0]!.trim();
    return whole ? [whole] : [];
  }
  return names;
}
