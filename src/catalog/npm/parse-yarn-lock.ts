// yarn.lock, classic (v1, its own syntax) and berry (v2+, YAML): both read line by line, one entry per block.
import type { ParseOutcome } from './parse-package-json.js';

export interface YarnLocked {
  name: string;
  version: string;
}

/** `"@babel/core@^7.0.0"`, `lodash@npm:^4.17.0` → the package name (the part before the range's `@`). */
function nameOfDescriptor(descriptor: string): string | undefined {
  const d = descriptor.trim().replace(/^"|"$/g, '');
  const at = d.indexOf('@', d.startsWith('@') ? 1 : 0);
  return at > 0 ? d.slice(0, at) : undefined;
}

/**
 * Resolved packages. Workspace and link entries (berry `@workspace:`, `@link:`) and the berry `__metadata`
 * block are not packages. Entries without a version line make the file an unknown.
 */
export function parseYarnLock(text: string): ParseOutcome<YarnLocked[]> {
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
