import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../test/support/temp.js';
import type { Extractor } from '../catalog/types.js';
import { pruneCache } from '../core/cache-prune.js';
import { loadImage } from './image.js';
import { decodeListing, diskLayerCache, encodeListing } from './layer-cache.js';
import type { ImageSource } from './sources/types.js';
import { buildImage, type TestEntry, type TestLayer } from './test-image.js';

const tempDir = tempDirs('layer-cache');

const base: TestEntry[] = [
  { name: 'etc/', type: 'directory' },
  { name: 'etc/os-release', content: 'ID=debian\nVERSION_ID=12\n' },
  { name: 'bin/', type: 'directory' },
  {
    name: 'bin/tool',
    content: Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(100, 1), Buffer.from('MARKx')]),
  },
  { name: 'bin/sh', type: 'symlink', linkname: 'tool' },
];

const markX: Extractor = {
  id: 'mark',
  accepts: (_p, _s, _m, head) => head.subarray(0, 4).toString('latin1') === '\x7fELF',
  open() {
    const parts: Buffer[] = [];
    return { write: (c) => parts.push(c), end: () => Buffer.concat(parts).subarray(-1) };
  },
};

/** An ImageSource over built blobs that counts how often each layer is opened. */
async function sourceOf(layers: TestLayer[], opens: number[]): Promise<ImageSource> {
  const built = await buildImage({ layers });
  return {
    transport: 'oci',
    ref: 'test',
    manifestDigest: built.manifestDigest,
    manifest: JSON.parse(built.manifest.toString()),
    config: JSON.parse(built.config.toString()),
    configDigest: built.configDigest,
    platform: 'linux/amd64',
    layers: built.layers.map((l, i) => ({
      digest: l.digest,
      diffId: l.diffId,
      size: l.blob.length,
      mediaType: l.mediaType,
      open() {
        opens[i] = (opens[i] ?? 0) + 1;
        return Readable.from([l.blob]);
      },
    })),
  };
}

const app: TestLayer = {
  entries: [
    { name: 'app/', type: 'directory' },
    { name: 'app/package.json', content: '{}' },
  ],
};

describe('per-layer cache', () => {
  it('a second read of the same image opens no layer and gives the same view', async () => {
    const cache = diskLayerCache(tempDir());
    const opts = { globs: ['/etc/os-release', '/app/*'], extractors: [markX], cache, cacheSalt: 'test@1' };
    const first: number[] = [];
    const a = await loadImage(await sourceOf([{ entries: base }, app], first), opts);
    expect(first).toEqual([1, 1]);
    const second: number[] = [];
    const b = await loadImage(await sourceOf([{ entries: base }, app], second), opts);
    expect(second).toEqual([]);
    expect([...b.fs.walk()]).toEqual([...a.fs.walk()]);
    expect(b.fs.read('/etc/os-release')?.toString()).toBe('ID=debian\nVERSION_ID=12\n');
    expect(b.fs.extracted('mark')).toEqual([{ path: '/bin/tool', data: Buffer.from('x') }]);
    expect(b.layers).toEqual(a.layers);
  });

  it('a new image on the same base reads only its own layer', async () => {
    const cache = diskLayerCache(tempDir());
    const opts = { globs: ['/etc/os-release'], cache, cacheSalt: 's' };
    await loadImage(await sourceOf([{ entries: base }, app], []), opts);
    const opens: number[] = [];
    const other: TestLayer = { entries: [{ name: 'srv/', type: 'directory' }] };
    await loadImage(await sourceOf([{ entries: base }, other], opens), opts);
    expect(opens).toEqual([undefined, 1]);
  });

  it("over its size cap, the cache drops the layers no recent scan used, and keeps the current scan's", async () => {
    // A cache root as the CLI lays it out: layer results under <root>/layers.
    const root = tempDir();
    const layers = join(root, 'layers');
    const opts = { globs: ['/etc/os-release', '/app/*'], cache: diskLayerCache(layers), cacheSalt: 's' };
    const files = () =>
      readdirSync(layers).flatMap((g) => readdirSync(join(layers, g)).map((f) => join(layers, g, f)));
    await loadImage(await sourceOf([{ entries: base }, app], []), opts);
    expect(files()).toHaveLength(2);
    // An hour later, another image on the same base: its base layer is a hit (marked used), its own layer is new.
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const f of files()) utimesSync(f, hourAgo, hourAgo);
    const since = Date.now() - 1000;
    const other: TestLayer = { entries: [{ name: 'srv/', type: 'directory' }] };
    await loadImage(await sourceOf([{ entries: base }, other], []), opts);
    const used = files().filter((f) => statSync(f).mtimeMs >= since);
    expect(used).toHaveLength(2);
    const cap = used.reduce((n, f) => n + statSync(f).size, 0);
    const pruned = pruneCache(root, cap, since);
    expect(pruned).toMatchObject({ removed: 1 });
    expect(files().sort()).toEqual(used.sort());
    // The first image again: only its own layer is read; the shared base still comes from the cache.
    const opens: number[] = [];
    const again = await loadImage(await sourceOf([{ entries: base }, app], opens), opts);
    expect(opens).toEqual([undefined, 1]);
    expect(again.fs.read('/etc/os-release')?.toString()).toBe('ID=debian\nVERSION_ID=12\n');
  });

  it('different globs, extractors, limits or salt miss the cache', async () => {
    const cache = diskLayerCache(tempDir());
    const layers = [{ entries: base }];
    await loadImage(await sourceOf(layers, []), { globs: ['/etc/*'], cache, cacheSalt: 's' });
    for (const opts of [
      { globs: ['/bin/*'], cacheSalt: 's' },
      { globs: ['/etc/*'], cacheSalt: 's2' },
      { globs: ['/etc/*'], cacheSalt: 's', extractors: [markX] },
    ]) {
      const opens: number[] = [];
      await loadImage(await sourceOf(layers, opens), { ...opts, cache });
      expect(opens).toEqual([1]);
    }
  });

  it('a damaged or truncated cache file is a miss, never an error', async () => {
    const dir = tempDir();
    const cache = diskLayerCache(dir);
    const layers = [{ entries: base }];
    await loadImage(await sourceOf(layers, []), { globs: ['/etc/*'], cache, cacheSalt: 's' });
    const sub = readdirSync(dir)[0] as string;
    const file = join(dir, sub, readdirSync(join(dir, sub))[0] as string);
    const good = readFileSync(file);
    for (const bad of [
      good.subarray(0, good.length - 3),
      Buffer.from('SSLC\xff\xff\xff\x7f'),
      Buffer.alloc(0),
    ]) {
      writeFileSync(file, bad);
      const opens: number[] = [];
      const img = await loadImage(await sourceOf(layers, opens), {
        globs: ['/etc/*'],
        cache,
        cacheSalt: 's',
      });
      expect(opens).toEqual([1]);
      expect(img.fs.read('/etc/os-release')?.toString()).toContain('debian');
    }
  });

  it('a layer whose digest does not verify is not cached', async () => {
    const cache = diskLayerCache(tempDir());
    const src = await sourceOf([{ entries: base }], []);
    const layer = src.layers[0];
    if (!layer) throw new Error('no layer');
    const bad = { ...src, layers: [{ ...layer, digest: `sha256:${'0'.repeat(64)}` }] };
    await expect(loadImage(bad, { cache, cacheSalt: 's' })).rejects.toThrow(/digest mismatch/);
    const opens: number[] = [];
    await expect(
      loadImage(
        {
          ...bad,
          layers: [
            {
              ...(bad.layers[0] as typeof layer),
              open: () => {
                opens.push(1);
                return layer.open();
              },
            },
          ],
        },
        { cache, cacheSalt: 's' },
      ),
    ).rejects.toThrow(/digest mismatch/);
    expect(opens).toEqual([1]);
  });

  it('encodes and decodes a listing exactly', () => {
    const listing = {
      entries: [
        { path: '/a', type: 'file' as const, size: 3, mode: 0o644, uid: 1, gid: 2 },
        { path: '/l', type: 'symlink' as const, size: 0, mode: 0o777, uid: 0, gid: 0, linkname: 'a' },
      ],
      contents: new Map([['/a', Buffer.from('abc')]]),
      skipped: new Map([['/big', { reason: 'too-large' as const }]]),
      extracted: new Map([['go', new Map([['/a', Buffer.from([0, 1, 2])]])]]),
      summary: {
        digest: 'sha256:x',
        diffId: undefined,
        compression: 'gzip' as const,
        compressedBytes: 10,
        uncompressedBytes: 20,
        entries: 2,
      },
    };
    const back = decodeListing(encodeListing(listing));
    expect(back?.entries).toEqual(listing.entries);
    expect(back?.contents).toEqual(listing.contents);
    expect(back?.skipped).toEqual(listing.skipped);
    expect(back?.extracted).toEqual(listing.extracted);
    expect(back?.summary).toEqual({
      digest: 'sha256:x',
      compression: 'gzip',
      compressedBytes: 10,
      uncompressedBytes: 20,
      entries: 2,
    });
  });
});
