// Core metadata (PEP 241/314/345/566/643) from *.dist-info/METADATA and *.egg-info/PKG-INFO: an RFC 822 header.

export interface PythonPackageInfo {
  name: string;
  version: string;
  licenses: string[];
}

export type MetadataOutcome = { ok: true; value: PythonPackageInfo } | { ok: false; reason: string };

/** Header fields up to the first blank line (the rest is the long description); repeated fields collect. */
export function parseMetadataHeaders(text: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') break;
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      last[last.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      last = undefined;
      continue;
    }
    const key = line.slice(0, colon).trim().toLowerCase();
    const list = fields.get(key) ?? [];
    list.push(line.slice(colon + 1).trim());
    fields.set(key, list);
    last = list;
  }
  return fields;
}

/**
 * Name, version and licenses. License-Expression (PEP 639) wins; else a one-line License field; else the
 * `License ::` classifiers. A multi-line License field is usually the licence text, not a name, so it is dropped.
 */
export function parsePythonMetadata(text: string): MetadataOutcome {
  if (text.includes('\0')) return { ok: false, reason: 'binary content, not a metadata file' };
  const f = parseMetadataHeaders(text);
  const name = f.get('name')?.[0];
  const version = f.get('version')?.[0];
  if (!name || !version) {
    return { ok: false, reason: `metadata without ${name ? 'Version' : 'Name'} field` };
  }
  let licenses: string[] = [];
  const expr = f.get('license-expression')?.[0];
  const lic = f.get('license')?.[0];
  if (expr) licenses = [expr];
  else if (lic && !lic.includes('\n') && lic.toUpperCase() !== 'UNKNOWN' && lic.length <= 100)
    licenses = [lic];
  else {
    licenses = (f.get('classifier') ?? [])
      .filter((c) => c.startsWith('License ::'))
      .map((c) => c.split('::').pop()!.trim())
      .filter((c) => c && c !== 'OSI Approved');
  }
  return { ok: true, value: { name, version, licenses } };
}
