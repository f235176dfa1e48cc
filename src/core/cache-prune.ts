// Keeps the cache directory's layer results, image results and registry blobs under a size cap, least recently
// used first out. Only the folders shipshape fills per image are pruned: `layers/`, `images/` and `blobs/`; the
// vulnerability database and the code cache are left alone.
import { readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { overridesFromEnv } from './limits.js';

/** 10 GiB: a few dozen images' layers pulled from registries. */
export const DEFAULT_CACHE_MAX_BYTES = 10 * 1024 ** 3;

/** The cap: SHIPSHAPE_CACHE_MAX_BYTES (a positive whole number of bytes), else the default. */
export function cacheMaxBytes(env: Record<string, string | undefined>): number {
  return overridesFromEnv(
    { maxBytes: DEFAULT_CACHE_MAX_BYTES },
    { maxBytes: 'SHIPSHAPE_CACHE_MAX_BYTES' },
    env,
  ).maxBytes;
}

/** Marks a cache file as used now (its mtime is its last use); failing to is not an error. */
export function touchCacheFile(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // a read-only cache still serves reads
  }
}

interface CachedFile {
  path: string;
  bytes: number;
  usedMs: number;
}

/** The files of one pruned folder, two levels down (`layers/ab/KEY.layer`, `blobs/sha256/HEX`); temp files excluded. */
function filesOf(dir: string): CachedFile[] {
  const out: CachedFile[] = [];
  let groups: string[];
  try {
    groups = readdirSync(dir);
  } catch {
    return out;
  }
  for (const group of groups) {
    if (group.startsWith('.')) continue;
    let names: string[];
    try {
      names = readdirSync(join(dir, group));
    } catch {
      continue;
    }
    for (const name of names) {
      if (name.startsWith('.') || name.endsWith('.tmp')) continue;
      const path = join(dir, group, name);
      try {
        const s = statSync(path);
        if (s.isFile()) out.push({ path, bytes: s.size, usedMs: s.mtimeMs });
      } catch {
        // removed by another run meanwhile
      }
    }
  }
  return out;
}

export interface PruneResult {
  /** What the folders held before, and the files and bytes removed. */
  bytes: number;
  removed: number;
  freed: number;
}

/**
 * Removes the least recently used layer results, image results and blobs until the folders hold at most
 * `maxBytes`. Files used since `since` (this run's start) stay, even over the cap: the image being scanned needs
 * them.
 */
export function pruneCache(root: string, maxBytes: number, since: number): PruneResult {
  const files = [
    ...filesOf(join(root, 'layers')),
    ...filesOf(join(root, 'blobs')),
    ...filesOf(join(root, 'images')),
  ];
  let total = files.reduce((n, f) => n + f.bytes, 0);
  const result: PruneResult = { bytes: total, removed: 0, freed: 0 };
  if (total <= maxBytes) return result;
  files.sort((a, b) => a.usedMs - b.usedMs);
  for (const f of files) {
    if (total <= maxBytes || f.usedMs >= since) break;
    try {
      rmSync(f.path, { force: true });
    } catch {
      continue;
    }
    total -= f.bytes;
    result.removed++;
    result.freed += f.bytes;
  }
  return result;
}
