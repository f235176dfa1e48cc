// pnpm-lock.yaml, lockfile versions 5.x (pnpm 7), 6.x (pnpm 8) and 9.x (pnpm 9 and 10).
import type { ParseOutcome } from './parse-package-json.js';
import { LOCK_MAX_ALIASES, readYamlLock } from './yaml-lock.js';

export interface PnpmLocked {
  name: string;
  version: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
// A registry version; `link:`, `file:`, tarball and git references are not.
const isVersion = (v: unknown): boolean => typeof v === 'string' && /^\d/.test(v);

/**
 * A `packages:` key → name and version, with the peer-dependency suffix dropped: `/react-dom/18.2.0_react@18.2.0`
 * (5.x), `/react-dom@18.2.0(react@18.2.0)` (6.x), `react-dom@18.2.0` (9.x). Semver has no `_` or `(`, so either
 * starts the suffix.
 */
export function splitPnpmKey(key: string, major: number): PnpmLocked | undefined {
  const k = key.startsWith('/') ? key.slice(1) : key;
  let name: string;
  let version: string;
  if (major < 6) {
    // `name/version` or `@scope/name/version`; peers are written with `+` for `/`, so segments are safe.
    const segs = k.split('/');
    const n = k.startsWith('@') ? 2 : 1;
    if (segs.length <= n) return undefined;
    name = segs.slice(0, n).join('/');
    version = segs.slice(n).join('/').split('_')[0]!;
  } else {
    // A name holds no `@` but its scope's, so the first `@` after the first character ends it.
    const base = k.split('(')[0]!;
    const at = base.indexOf('@', 1);
    if (at <= 0) return undefined;
    name = base.slice(0, at);
    version = base.slice(at + 1);
  }
  return name && isVersion(version) ? { name, version } : undefined;
}

/**
 * 9.x: the `snapshots:` keys reachable from the importers' production and optional dependencies. A snapshot
 * dependency is `name: version(peers)`, or for an alias `name: real-name@version`.
 */
function productionSnapshots(lock: Record<string, unknown>): Set<string> | undefined {
  const { importers, snapshots } = lock;
  if (!isObj(importers) || !isObj(snapshots)) return undefined;
  const reached = new Set<string>();
  const queue: string[] = [];
  const follow = (deps: unknown, versionOf: (v: unknown) => unknown) => {
    if (!isObj(deps)) return;
    for (const [name, v] of Object.entries(deps)) {
      const ref = versionOf(v);
      if (typeof ref !== 'string' || ref.startsWith('link:')) continue;
      const key = isVersion(ref) ? `${name}@${ref}` : ref.lastIndexOf('@') > 0 ? ref : `${name}@${ref}`;
      if (!reached.has(key)) {
        reached.add(key);
        queue.push(key);
      }
    }
  };
  for (const imp of Object.values(importers)) {
    if (!isObj(imp)) continue;
    const versionOf = (v: unknown) => (isObj(v) ? v.version : v);
    follow(imp.dependencies, versionOf);
    follow(imp.optionalDependencies, versionOf);
  }
  for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
    const snap = snapshots[key];
    if (!isObj(snap)) continue;
    follow(snap.dependencies, (v) => v);
    follow(snap.optionalDependencies, (v) => v);
  }
  return new Set([...reached].map((k) => k.split('(')[0]!));
}

/**
 * Packages the lockfile installs in production, as `pnpm install --prod` does: 5.x/6.x mark dev-only packages
 * `dev: true`; 9.x marks nothing, so dev-only packages are found by walking from the importers' production
 * dependencies. Workspace links and non-registry references without a version are skipped.
 */
export function parsePnpmLock(text: string, maxAliases = LOCK_MAX_ALIASES): ParseOutcome<PnpmLocked[]> {
  const y = readYamlLock(text, maxAliases);
  if (!y.ok) return y;
  const lock = y.value;
  const major = Number.parseFloat(String(lock.lockfileVersion));
  if (!Number.isFinite(major)) return { ok: false, reason: 'no lockfileVersion: not a pnpm-lock.yaml' };
  if (lock.packages !== undefined && !isObj(lock.packages))
    return { ok: false, reason: '"packages" is not a mapping' };
  const prod = major >= 9 ? productionSnapshots(lock) : undefined;
  const out: PnpmLocked[] = [];
  const seen = new Set<string>();
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (isObj(entry) && entry.dev === 'true') continue;
    // Tarball and git packages name themselves in the entry.
    const fromEntry =
      isObj(entry) && typeof entry.name === 'string' && isVersion(entry.version)
        ? { name: entry.name, version: entry.version as string }
        : undefined;
    let p = splitPnpmKey(key, major) ?? fromEntry;
    if (!p && major >= 9 && isObj(entry) && isVersion(entry.version)) {
      const at = key.indexOf('@', 1);
      if (at > 0) p = { name: key.slice(0, at), version: entry.version as string };
    }
    if (!p) continue;
    if (prod && !prod.has(key.split('(')[0]!)) continue;
    const id = `${p.name}@${p.version}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(p);
  }
  return { ok: true, value: out };
}
