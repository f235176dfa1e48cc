// yarn.lock, classic (v1, its own syntax, read line by line) and berry (v2+, YAML, read with the yaml package).
import type { ParseOutcome } from './parse-package-json.js';
import { LOCK_MAX_ALIASES, readYamlLock } from './yaml-lock.js';

export interface YarnLocked {
  name: string;
  version: string;
}

/**
 * `"@babel/core@^7.0.0"`, `lodash@npm:^4.17.0` → the package name (the part before the range's `@`). An alias,
 * `string-width-cjs@npm:string-width@^4.2.0`, installs the package named after `npm:`.
 */
function nameOfDescriptor(descriptor: string): string | undefined {
  const d = descriptor.trim().replace(/^"|"$/g, '');
  const at = d.indexOf('@', d.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  const range = d.slice(at + 1);
  if (range.startsWith('npm:')) {
    const target = range.slice(4);
    const at2 = target.indexOf('@', target.startsWith('@') ? 1 : 0);
    if (at2 > 0) return target.slice(0, at2);
  }
  return d.slice(0, at);
}

// Entries that are the project's own code or a patched copy of another entry, not packages of their own.
const BERRY_SKIPPED = new Set(['workspace', 'link', 'portal', 'patch']);

/**
 * Berry (yarn 2+): a YAML mapping from descriptors to `{ version, resolution }`. The resolution names what was
 * installed (`string-width@npm:4.2.3` for the alias `string-width-cjs@npm:string-width@^4.2.0`) and its protocol.
 */
function parseBerryLock(text: string, maxAliases: number): ParseOutcome<YarnLocked[]> {
  const y = readYamlLock(text, maxAliases);
  if (!y.ok) return y;
  const out: YarnLocked[] = [];
  for (const [descriptor, entry] of Object.entries(y.value)) {
    if (descriptor === '__metadata') continue;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      return { ok: false, reason: `entry ${JSON.stringify(descriptor)} is not a mapping` };
    const { version, resolution } = entry as Record<string, unknown>;
    if (typeof version !== 'string')
      return { ok: false, reason: `entry ${JSON.stringify(descriptor)} without a version` };
    const locator = typeof resolution === 'string' ? resolution : (descriptor.split(/,\s*/)[0] ?? '');
    const at = locator.indexOf('@', locator.startsWith('@') ? 1 : 0);
    if (at <= 0) return { ok: false, reason: `no package name in ${JSON.stringify(locator)}` };
    const protocol = /^([a-z]+):/.exec(locator.slice(at + 1))?.[1];
    if (protocol && BERRY_SKIPPED.has(protocol)) continue;
    out.push({ name: locator.slice(0, at), version });
  }
  return { ok: true, value: out };
}

/**
 * Resolved packages. A file with a `__metadata` block is berry's YAML; anything else is read as classic, where
 * workspace and link entries are skipped. Entries without a version make the file an unknown.
 */
export function parseYarnLock(text: string, maxAliases = LOCK_MAX_ALIASES): ParseOutcome<YarnLocked[]> {
  if (/^__metadata:/m.test(text)) return parseBerryLock(text, maxAliases);
  const out: YarnLocked[] = [];
  const lines = text.split('\n');
  let name: string | undefined;
  let skip = false;
  let headerLine = 0;
  let seenVersion = true;
  const close = (): string | undefined =>
    !seenVersion && !skip ? `line ${headerLine}: entry without a version` : undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const err = close();
      if (err) return { ok: false, reason: err };
      if (!line.endsWith(':'))
        return { ok: false, reason: `line ${i + 1}: expected an entry header ending in ":"` };
      const header = line.slice(0, -1);
      skip = header === '__metadata' || /@(?:workspace|link|portal):/.test(header);
      name = nameOfDescriptor(header.split(/,\s*/)[0] ?? '');
      if (!name && !skip)
        return { ok: false, reason: `line ${i + 1}: no package name in ${JSON.stringify(header)}` };
      headerLine = i + 1;
      seenVersion = false;
      continue;
    }
    const m = /^ {2}version:? "?([^"\s]+)"?\s*$/.exec(line);
    if (m && name && !seenVersion) {
      seenVersion = true;
      if (!skip) out.push({ name, version: m[1]! });
    }
  }
  const err = close();
  return err ? { ok: false, reason: err } : { ok: true, value: out };
}
