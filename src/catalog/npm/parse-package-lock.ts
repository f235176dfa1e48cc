// package-lock.json / npm-shrinkwrap.json, lockfileVersion 1 (dependencies tree) and 2–3 (packages map).
import type { ParseOutcome } from './parse-package-json.js';
import { licensesOf } from './parse-package-json.js';

export interface LockedPackage {
  name: string;
  version: string;
  licenses: string[];
}

const MAX_DEPTH = 200;

/**
 * Packages the lockfile installs, without the root project, workspace links and dev-only dependencies (an image
 * built with `npm ci --omit=dev` does not contain them).
 */
export function parsePackageLock(text: string): ParseOutcome<LockedPackage[]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `invalid JSON: ${(e as Error).message}` };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return { ok: false, reason: 'not a JSON object' };
  const lock = json as Record<string, unknown>;
  const out: LockedPackage[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> =>
    !!v && typeof v === 'object' && !Array.isArray(v);

  if (isObj(lock.packages)) {
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (!key.includes('node_modules/') || !isObj(entry)) continue;
      if (entry.link === true || entry.dev === true) continue;
      const name =
        typeof entry.name === 'string' ? entry.name : key.slice(key.lastIndexOf('node_modules/') + 13);
      if (typeof entry.version !== 'string' || !name) continue;
      out.push({ name, version: entry.version, licenses: licensesOf(entry) });
    }
    return { ok: true, value: out };
  }
  if (isObj(lock.dependencies)) {
    const walk = (deps: Record<string, unknown>, depth: number): string | undefined => {
      if (depth > MAX_DEPTH) return `dependencies nested deeper than ${MAX_DEPTH}`;
      for (const [name, entry] of Object.entries(deps)) {
        if (!isObj(entry)) continue;
        if (entry.dev !== true && typeof entry.version === 'string') {
          out.push({ name, version: entry.version, licenses: [] });
        }
        if (isObj(entry.dependencies)) {
          const err = walk(entry.dependencies, depth + 1);
          if (err) return err;
        }
      }
      return undefined;
    };
    const err = walk(lock.dependencies, 0);
    return err ? { ok: false, reason: err } : { ok: true, value: out };
  }
  return { ok: false, reason: 'neither a "packages" map nor a "dependencies" tree' };
}
