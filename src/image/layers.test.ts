import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { findTool, requireTool } from '../../test/support/tools.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { type LayerEntry, listLayer, normaliseEntryPath, readLayer } from './layers.js';
import { compress, sha256, tarOf } from './test-image.js';

const src = (b: Buffer) => Readable.from([b]);

async function entriesOf(blob: Buffer, want?: (p: string) => boolean) {
  const seen: { e: LayerEntry; content?: string }[] = [];
  const summary = await readLayer(src(blob), (e, c) => seen.push({ e, content: c?.toString() }), {
    label: 'layer 0',
    want,
  });
  return { seen, summary };
}

const basic = [
  { name: 'etc/', type: 'directory' as const },
  { name: 'etc/os-release', content: 'ID=debian\n' },
  { name: './usr/bin/tool', content: 'x', mode: 0o4755 },
  { name: 'bin', type: 'symlink' as const, linkname: 'usr/bin' },
  { name: 'etc/hard', type: 'link' as const, linkname: 'etc/os-release' },
];

describe('readLayer', () => {
  it('normalises paths and reports types', async () => {
    const { seen, summary } = await entriesOf(await tarOf(basic), (p) => p === '/etc/os-release');
    expect(seen.map((s) => [s.e.path, s.e.type])).toEqual([
      ['/etc', 'dir'],
      ['/etc/os-release', 'file'],
      ['/usr/bin/tool', 'file'],
      ['/bin', 'symlink'],
      ['/etc/hard', 'hardlink'],
    ]);
    expect(seen[1]?.content).toBe('ID=debian\n');
    expect(seen[2]?.content).toBeUndefined();
    expect(seen[2]?.e.mode).toBe(0o4755);
    expect(seen[4]?.e.linkname).toBe('/etc/os-release');
    expect(summary.compression).toBe('none');
    expect(summary.entries).toBe(5);
  });

  it('detects gzip by content and checks the digest and diff id', async () => {
    const raw = await tarOf(basic);
    const gz = gzipSync(raw);
    const { summary } = await entriesOf(gz);
    expect(summary.compression).toBe('gzip');
    expect(summary.digest).toBe(sha256(gz));
    await expect(
      readLayer(src(gz), () => {}, {
        label: 'layer 1',
        expectedDigest: sha256(gz),
        expectedDiffId: sha256(raw),
      }),
    ).resolves.toMatchObject({ diffId: sha256(raw) });
  });

  (requireTool('zstd') ? it : it.skip)('reads zstd layers', async () => {
    const blob = compress(await tarOf(basic), 'zstd');
    const { seen, summary } = await entriesOf(blob, () => true);
    expect(summary.compression).toBe('zstd');
    expect(seen[1]?.content).toBe('ID=debian\n');
  });

  it('reports a digest mismatch', async () => {
    const gz = gzipSync(await tarOf(basic));
    await expect(
      readLayer(src(gz), () => {}, { label: 'layer 3', expectedDigest: sha256('other') }),
    ).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/layer 3: digest mismatch/) });
  });

  it('refuses .. components and absolute names, naming the entry', async () => {
    await expect(entriesOf(await tarOf([{ name: '../etc/passwd', content: 'x' }]))).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining("'../etc/passwd'"),
    });
    await expect(entriesOf(await tarOf([{ name: 'a/../../etc/passwd', content: 'x' }]))).rejects.toThrow(
      /path traversal/,
    );
    await expect(
      entriesOf(await tarOf([{ name: 'x', type: 'link', linkname: '../../etc/shadow' }])),
    ).rejects.toThrow(/hard link 'x'.*path traversal/);
    await expect(entriesOf(await tarOf([{ name: '/etc/passwd', content: 'x' }]))).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/'\/etc\/passwd' has an absolute name/),
    });
    const { seen } = await entriesOf(await tarOf([{ name: './etc/passwd', content: 'x' }]));
    expect(seen[0]?.e.path).toBe('/etc/passwd');
    expect(normaliseEntryPath('./')).toBe('/');
    const cases: [string, string | undefined][] = [
      ['usr/bin/ls', '/usr/bin/ls'],
      ['etc/', '/etc'],
      ['.', '/'],
      ['..', undefined],
      ['a/..', undefined],
      ['a/../b', undefined],
      ['a/..b/.c/...', '/a/..b/.c/...'],
      ['a//b/', '/a/b'],
      ['a/./b', '/a/b'],
      ['./a/b/.', '/a/b'],
      ['/', '/'],
      ['', '/'],
    ];
    for (const [name, path] of cases) expect(normaliseEntryPath(name), name).toBe(path);
  });

  it('caps the entry count and single-file size', async () => {
    const blob = await tarOf(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, content: '' })));
    await expect(
      readLayer(src(blob), () => {}, { label: 'layer 0', limits: { ...DEFAULT_LIMITS, layerEntries: 10 } }),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/entry count.*layerEntries/),
      hint: expect.stringContaining('SHIPSHAPE_MAX_LAYER_ENTRIES'),
    });
    const big = await tarOf([{ name: 'big', content: Buffer.alloc(5000) }]);
    await expect(
      readLayer(src(big), () => {}, {
        label: 'layer 0',
        limits: { ...DEFAULT_LIMITS, layerFileBytes: 4096 },
      }),
    ).rejects.toThrow(/'\/big' size: 5000 exceeds the limit of 4096 \(layerFileBytes\)/);
  });

  it('does not read a wanted file over the read cap, and says so', async () => {
    const big = await tarOf([
      { name: 'big', content: Buffer.alloc(5000) },
      { name: 'small', content: 'ok' },
    ]);
    const l = await listLayer(src(big), {
      label: 'l',
      want: () => true,
      limits: { ...DEFAULT_LIMITS, imageReadBytes: 100 },
    });
    expect(l.contents.has('/big')).toBe(false);
    expect(l.skipped.get('/big')).toEqual({ reason: 'too-large' });
    expect(l.contents.get('/small')?.toString()).toBe('ok');
  });

  it('stops a gzip bomb by its ratio', async () => {
    const bomb = gzipSync(await tarOf([{ name: 'zeros', content: Buffer.alloc(64 * 1024 * 1024) }]));
    await expect(readLayer(Readable.from([bomb]), () => {}, { label: 'layer 0' })).rejects.toMatchObject({
      exitCode: 2,
      hint: expect.stringContaining('SHIPSHAPE_MAX_DECOMPRESSION_RATIO'),
      message: expect.stringMatching(/decompression ratio.*decompressionRatio/),
    });
  });

  it('caps the total uncompressed size across layers', async () => {
    const blob = await tarOf([{ name: 'f', content: Buffer.alloc(3000) }]);
    const budget = { uncompressedBytes: 0 };
    const limits = { ...DEFAULT_LIMITS, imageBytes: 8000 };
    await readLayer(src(blob), () => {}, { label: 'layer 0', limits, budget });
    await expect(readLayer(src(blob), () => {}, { label: 'layer 1', limits, budget })).rejects.toThrow(
      /imageBytes/,
    );
  });

  it('reports truncated and corrupt archives', async () => {
    const raw = await tarOf([{ name: 'f', content: Buffer.alloc(3000, 1) }]);
    await expect(entriesOf(raw.subarray(0, 1500))).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/layer 0/),
    });
    const gz = gzipSync(raw);
    await expect(entriesOf(gz.subarray(0, gz.length - 20))).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/gzip stream is corrupt or truncated/),
    });
    if (findTool('zstd')) {
      const zs = compress(raw, 'zstd');
      await expect(entriesOf(zs.subarray(0, zs.length - 10))).rejects.toMatchObject({ exitCode: 2 });
    }
    const garbage = Buffer.alloc(2048, 7);
    await expect(entriesOf(garbage)).rejects.toMatchObject({ exitCode: 2 });
  });

  it('stops reading past the size the descriptor states', async () => {
    const raw = await tarOf(basic);
    await expect(readLayer(src(raw), () => {}, { label: 'layer 0', expectedSize: 100 })).rejects.toThrow(
      /larger than the 100 bytes/,
    );
  });
});

describe('readLayer: the source is closed when reading stops early', () => {
  /** A source that hands out one reused buffer, as image.ts reads local blobs, and says when it is closed. */
  function reusingSource(blob: Buffer, piece: number) {
    const state = { closed: false };
    async function* gen() {
      const buf = Buffer.alloc(piece);
      try {
        for (let i = 0; i < blob.length; i += piece) {
          const n = blob.copy(buf, 0, i, Math.min(blob.length, i + piece));
          yield buf.subarray(0, n);
        }
      } finally {
        state.closed = true;
      }
    }
    return { source: gen(), state };
  }

  const many = Array.from({ length: 200 }, (_, i) => ({
    name: `dir/file-${i}`,
    content: Buffer.from(`${i}:`.repeat(300 + i)),
  }));

  it('reads a gzip layer whole from a source that reuses its buffer', async () => {
    const raw = await tarOf(many);
    const { source, state } = reusingSource(gzipSync(raw), 1000);
    const seen: string[] = [];
    await readLayer(source, (e, c) => seen.push(`${e.path}=${c?.toString().slice(0, 8)}`), {
      label: 'layer 0',
      want: (p) => p.startsWith('/dir/'),
    });
    expect(seen).toEqual(many.map((f) => `/${f.name}=${f.content.toString().slice(0, 8)}`));
    expect(state.closed).toBe(true);
  });

  it.each([
    ['gzip', true],
    ['uncompressed', false],
  ])('closes a %s source when the visitor throws', async (_, gzip) => {
    const raw = await tarOf(many);
    const { source, state } = reusingSource(gzip ? gzipSync(raw) : raw, 1000);
    const stop = () => {
      throw new Error('stop here');
    };
    await expect(readLayer(source, stop, { label: 'layer 0' })).rejects.toThrow('stop here');
    // The gzip side closes its source once zlib's pending write is settled: a turn of the event loop or two.
    for (let i = 0; i < 50 && !state.closed; i++) await new Promise((r) => setTimeout(r, 2));
    expect(state.closed).toBe(true);
  });
});
