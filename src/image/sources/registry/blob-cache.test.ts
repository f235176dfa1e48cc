import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blobCache, digestOf } from './blob-cache.js';

const dirs: string[] = [];
function tmp() {
  const d = mkdtempSync(join(tmpdir(), 'shipshape-blobcache-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const bytes = Buffer.from('{"hello":"world"}');
const digest = digestOf('sha256:', bytes);

describe('blob cache', () => {
  it('keeps blobs by digest, as an OCI layout does, and gives them back', async () => {
    const dir = tmp();
    const cache = blobCache(dir);
    expect(await cache.readSmall(digest, 1000)).toBeUndefined();
    await cache.put(digest, bytes);
    expect(readFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)))).toEqual(bytes);
    expect(await cache.readSmall(digest, 1000)).toEqual(bytes);
    // Over the caller's budget: not read.
    expect(await cache.readSmall(digest, 5)).toBeUndefined();
    const chunks: Buffer[] = [];
    for await (const c of (await cache.open(digest)) ?? []) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(bytes);
  });

  it('drops an entry whose bytes no longer match its digest', async () => {
    const dir = tmp();
    const cache = blobCache(dir);
    await cache.put(digest, bytes);
    writeFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)), 'tampered');
    expect(await cache.readSmall(digest, 1000)).toBeUndefined();
    expect(readdirSync(join(dir, 'blobs', 'sha256'))).toEqual([]);
  });

  it('leaves nothing behind for an aborted write, and sweeps day-old temp files', async () => {
    const dir = tmp();
    const cache = blobCache(dir);
    const w = await cache.writer(digest);
    await w?.write(bytes.subarray(0, 3));
    expect(readdirSync(join(dir, 'blobs')).filter((n) => n.startsWith('.tmp-'))).toHaveLength(1);
    await w?.abort();
    expect(readdirSync(join(dir, 'blobs')).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    const stale = join(dir, 'blobs', '.tmp-dead-1-00');
    const fresh = join(dir, 'blobs', '.tmp-live-1-00');
    writeFileSync(stale, 'x');
    writeFileSync(fresh, 'x');
    utimesSync(stale, new Date(0), new Date(0));
    const again = blobCache(dir);
    await (await again.writer(digest))?.abort();
    expect(readdirSync(join(dir, 'blobs')).filter((n) => n.startsWith('.tmp-'))).toEqual(['.tmp-live-1-00']);
  });

  it('works without a writable directory, only without caching', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'blobs'), 'a file where the directory should be');
    const cache = blobCache(dir);
    expect(await cache.writer(digest)).toBeUndefined();
    await cache.put(digest, bytes);
    expect(await cache.readSmall(digest, 1000)).toBeUndefined();
  });
});
