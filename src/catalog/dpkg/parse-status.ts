// Parser for dpkg's status database and distroless status.d files: RFC 822 stanzas (deb-control(5)).

export interface DpkgEntry {
  name: string;
  version: string;
  architecture?: string;
  /** Status field; absent in distroless status.d files, which only list installed packages. */
  status?: string;
  sourceName: string;
  sourceVersion: string;
  /** 1-based line of the stanza's first field. */
  line: number;
}

export interface DpkgParseResult {
  entries: DpkgEntry[];
  /** Problems with positions; a stanza with a problem is skipped, the rest still count. */
  errors: { line: number; message: string }[];
}

type Stanza = { line: number; fields: Map<string, string> };

/** Splits control-file text into stanzas of fields (names compared case-insensitively, as dpkg does). */
export function parseStanzas(text: string): { stanzas: Stanza[]; errors: DpkgParseResult['errors'] } {
  const stanzas: Stanza[] = [];
  const errors: DpkgParseResult['errors'] = [];
  let current: Stanza | undefined;
  let lastField: string | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') {
      current = undefined;
      lastField = undefined;
      continue;
    }
    if (line.startsWith('#')) continue;
    if (line[0] === ' ' || line[0] === '\t') {
      if (!current || !lastField) {
        errors.push({ line: i + 1, message: 'continuation line outside a field' });
        continue;
      }
      current.fields.set(lastField, `${current.fields.get(lastField)}\n${line.slice(1)}`);
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!name || /[\s]/.test(name)) {
      errors.push({
        line: i + 1,
        message: `not a "Field: value" line: ${JSON.stringify(line.slice(0, 60))}`,
      });
      // The stanza is no longer trustworthy: drop what follows until the next blank line.
      if (current) current.fields.set('\0broken', String(i + 1));
      lastField = undefined;
      continue;
    }
    if (!current) {
      current = { line: i + 1, fields: new Map() };
      stanzas.push(current);
    }
    lastField = name.toLowerCase();
    current.fields.set(lastField, line.slice(colon + 1).trim());
  }
  return { stanzas, errors };
}

/** `Source: openssl (3.0.11-1)` → name and version; the binary version when the source has none. */
export function parseSourceField(source: string | undefined, name: string, version: string) {
  const m = source ? /^(\S+)(?:\s*\(([^)]*)\))?/.exec(source.trim()) : null;
  if (!m) return { sourceName: name, sourceVersion: version };
  return { sourceName: m[1]!, sourceVersion: m[2]?.trim() || version };
}

/** Every stanza with a package name and version; callers filter by `isInstalled`. */
export function parseDpkgStatus(text: string): DpkgParseResult {
  const { stanzas, errors } = parseStanzas(text);
  const entries: DpkgEntry[] = [];
  for (const s of stanzas) {
    if (s.fields.has('\0broken')) continue;
    const name = s.fields.get('package');
    const version = s.fields.get('version');
    if (!name) {
      errors.push({ line: s.line, message: 'stanza without a Package field' });
      continue;
    }
    const status = s.fields.get('status');
    if (!version) {
      // dpkg keeps version-less stanzas for packages it only knows of (purged, never installed).
      if (status !== undefined && isInstalled(status)) {
        errors.push({ line: s.line, message: `installed package ${name} has no Version field` });
      }
      continue;
    }
    const arch = s.fields.get('architecture');
    entries.push({
      name,
      version,
      ...(arch ? { architecture: arch } : {}),
      ...(status !== undefined ? { status } : {}),
      ...parseSourceField(s.fields.get('source'), name, version),
      line: s.line,
    });
  }
  return { entries, errors };
}

/** The third word of Status is the package state; only `installed` packages are on disk. */
export function isInstalled(status: string | undefined): boolean {
  if (status === undefined) return false;
  return status.trim().split(/\s+/)[2] === 'installed';
}

/** Paths listed in `info/<pkg>.list` (absolute) or `*.md5sums` (`<md5>  <relative path>`). */
export function parseFileList(text: string, format: 'list' | 'md5sums'): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (!line) continue;
    if (format === 'list') {
      if (line !== '/.') out.push(line);
    } else {
      const m = /^[0-9a-f]{32}\s+(.+)$/.exec(line);
      if (m) out.push(`/${m[1]!.replace(/^\.?\//, '')}`);
    }
  }
  return out;
}
