import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheMaxBytes, DEFAULT_CACHE_MAX_BYTES, pruneCache } from './cache-prune.js';
import { isShipshapeError } from './errors.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'shipshape-cache-prune-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes `bytes` bytes at root/rel, last used `minutesAgo` minutes ago. */
function put(rel: string, bytes: number, minutesAgo: number): void {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, Buffer.alloc(bytes));
  const t = new Date(Date.now() - minutesAgo * 60_000);
  utimesSync(path, t, t);
}
const left = (dir: string) =>
  readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();

describe('pruneCache', () => {
  it('removes the least recently used layer results, image results and blobs until under the cap, and nothing else', () => {
    put('layers/aa/aa1.layer', 100, 50);
    put('layers/bb/bb1.layer', 100, 10);
    put('blobs/sha256/0123', 300, 40);
    put('blobs/sha256/4567', 300, 5);
    put('blobs/.tmp-0123-99-abcd', 1000, 60); // a download in progress (or the blob cache's own sweep's job)
    put('layers/aa/aa2.layer.1234.tmp', 1000, 60);
    put('db/vulnerabilities.db', 5000, 90);
    put('compile/shipshape.cjs-1.v8', 5000, 90);
    put('images/cc/cc1.json', 50, 45);
    put('images/dd/dd1.json', 50, 1);
    const r = pruneCache(root, 500, Date.now());
    // 900 bytes held: the three least recently used go, the layer (50 min), an image result (45) and a blob (40).
    expect(r).toEqual({ bytes: 900, removed: 3, freed: 450 });
    expect(left('layers')).toEqual(['aa2.layer.1234.tmp', 'bb1.layer']);
    expect(left('blobs')).toEqual(['.tmp-0123-99-abcd', '4567']);
    expect(left('images')).toEqual(['dd1.json']);
    expect(left('db')).toEqual(['vulnerabilities.db']);
    expect(left('compile')).toEqual(['shipshape.cjs-1.v8']);
  });

  it('under the cap nothing goes; what this run used stays even over it', () => {
    put('layers/aa/old.layer', 100, 30);
    put('blobs/sha256/new', 1000, 0);
    expect(pruneCache(root, 2000, Date.now() - 60_000)).toEqual({ bytes: 1100, removed: 0, freed: 0 });
    // Cap 10: the old layer goes, the blob used in this run (since a minute ago) stays.
    expect(pruneCache(root, 10, Date.now() - 60_000)).toEqual({ bytes: 1100, removed: 1, freed: 100 });
    expect(left('layers')).toEqual([]);
    expect(left('blobs')).toEqual(['new']);
  });

  it('an empty or missing cache is nothing to do', () => {
    expect(pruneCache(join(root, 'none'), 0, Date.now())).toEqual({ bytes: 0, removed: 0, freed: 0 });
  });
});

describe('cacheMaxBytes', () => {
  it('reads SHIPSHAPE_CACHE_MAX_BYTES, and refuses what is not a positive whole number (exit 2)', () => {
    expect(cacheMaxBytes({})).toBe(DEFAULT_CACHE_MAX_BYTES);
    expect(cacheMaxBytes({ SHIPSHAPE_CACHE_MAX_BYTES: '1048576' })).toBe(1048576);
    for (const bad of ['-1', '0', '1.5', '10G']) {
      let error: unknown;
      try {
        cacheMaxBytes({ SHIPSHAPE_CACHE_MAX_BYTES: bad });
      } catch (e) {
        error = e;
      }
      expect(isShipshapeError(error), bad).toBe(true);
      expect((error as Error).message).toBe(
        `SHIPSHAPE_CACHE_MAX_BYTES=${bad} is not a positive whole number`,
      );
    }
  });
});
