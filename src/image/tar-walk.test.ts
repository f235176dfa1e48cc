import { execFileSync } from 'node:child_process';
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../test/support/tools.js';
import { goBuildInfoExtractor } from '../catalog/go-binary/extractor.js';
import { cargoAuditableExtractor } from '../catalog/rust/extractor.js';
import { buildElf64, compressAudit } from '../catalog/rust/fixtures/binaries.js';
import type { Extractor } from '../catalog/types.js';
import { globMatcher } from '../core/glob.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { hashRange } from './hash-range.js';
import { type LayerListing, listLayer, normaliseEntryPath } from './layers.js';
import { listLayerFile } from './tar-walk.js';
import { sha256, tarOf } from './test-image.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'shipshape-walk-'));
  dirs.push(d);
  return d;
};

const elfish: Extractor = {
  id: 'elf',
  accepts: (_p, _s, _m, head) => head.subarray(0, 4).toString('latin1') === '\x7fELF',
  open() {
    let n = 0;
    let sum = 0;
    return {
      write(c) {
        n += c.length;
        for (const b of c) sum = (sum + b) % 65521;
      },
      end: () => Buffer.from(`${n}:${sum}`),
    };
  },
};

const opts = (extra = {}) => ({
  label: 'layer 0',
  want: globMatcher(['/etc/**', '/app/*.json', '/deep/**']),
  extractors: [elfish],
  ...extra,
});

/** Lists `tar` both ways (streamed from memory, walked from a file placed at an offset) and returns both. */
async function both(tar: Buffer, extra = {}): Promise<[LayerListing, LayerListing]> {
  const d = tmp();
  const file = join(d, 'outer.bin');
  const pad = Buffer.alloc(1536, 0xaa);
  writeFileSync(file, Buffer.concat([pad, tar, pad]));
  const streamed = await listLayer(Readable.from([tar]), opts(extra));
  const walked = await listLayerFile({ path: file, offset: pad.length, size: tar.length }, opts(extra));
  return [streamed, walked];
}

/**
 * The entries as tar-stream (an independent parser) reads them: both of our readers must agree with it on names,
 * types, sizes, modes, owners and link targets, and on the bodies of wanted files.
 */
async function oracle(tarBytes: Buffer) {
  const entries: { path: string; type: string; size: number; mode: number; uid: number; gid: number }[] = [];
  const contents = new Map<string, string>();
  const extract = tar.extract();
  const want = globMatcher(['/etc/**', '/app/*.json', '/deep/**']);
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (h, stream, next) => {
      const path = normaliseEntryPath(h.name) as string;
      const type =
        h.type === 'file' || h.type === 'contiguous-file'
          ? h.name.endsWith('/')
            ? 'dir'
            : 'file'
          : h.type === 'directory'
            ? 'dir'
            : h.type === 'link'
              ? 'hardlink'
              : h.type === 'symlink'
                ? 'symlink'
                : 'other';
      entries.push({
        path,
        type,
        size: h.size ?? 0,
        mode: (h.mode ?? 0) & 0o7777,
        uid: h.uid ?? 0,
        gid: h.gid ?? 0,
      });
      const parts: Buffer[] = [];
      stream.on('data', (c) => parts.push(c as Buffer));
      stream.on('end', () => {
        if (type === 'file' && want(path)) contents.set(path, Buffer.concat(parts).toString('latin1'));
        else contents.delete(path);
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(tarBytes);
  await done;
  return { entries, contents };
}

function agreesWithOracle(l: LayerListing, o: Awaited<ReturnType<typeof oracle>>, what: string) {
  expect(
    l.entries.map(({ path, type, size, mode, uid, gid }) => ({ path, type, size, mode, uid, gid })),
    what,
  ).toEqual(o.entries);
  expect(new Map([...l.contents].map(([p, c]) => [p, c.toString('latin1')])), what).toEqual(o.contents);
}

function comparable(l: LayerListing) {
  return {
    entries: l.entries,
    contents: l.contents,
    skipped: l.skipped,
    extracted: l.extracted,
    n: l.summary.entries,
  };
}

describe('the seeking layer walker agrees with the streaming reader', () => {
  it('on tars written by tar-stream (ustar prefix and PAX long names, links, whiteouts)', async () => {
    const long = `deep/${'d'.repeat(120)}/${'f'.repeat(120)}.txt`;
    const tar = await tarOf([
      { name: 'etc/', type: 'directory' },
      { name: 'etc/os-release', content: 'ID=debian\n' },
      { name: 'etc/.wh.old', content: '' },
      {
        name: 'usr/bin/tool',
        content: Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(3_000_000, 7)]),
        mode: 0o755,
      },
      { name: 'usr/bin/link', type: 'symlink', linkname: 'tool' },
      { name: 'usr/bin/hard', type: 'link', linkname: 'usr/bin/tool' },
      { name: 'app/package.json', content: '{"name":"x"}' },
      { name: long, content: 'long name' },
      { name: 'app/package.json', content: '{"name":"y"}' },
    ]);
    const [a, b] = await both(tar);
    expect(comparable(b)).toEqual(comparable(a));
    agreesWithOracle(a, await oracle(tar), 'tar-stream');
    expect(b.contents.get(`/${long}`)?.toString()).toBe('long name');
    expect(b.extracted.get('elf')?.get('/usr/bin/tool')?.toString()).toMatch(/^3000004:/);
  });

  it('on tars written by GNU tar in every format', async () => {
    requireTool('tar');
    const src = tmp();
    const deep = join(src, 'deep', 'x'.repeat(110), 'y'.repeat(110));
    mkdirSync(join(src, 'etc'), { recursive: true });
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(src, 'etc', 'passwd'), 'root:x:0:0::/root:/bin/sh\n');
    writeFileSync(join(src, 'etc', 'ünïcode-ñame'), 'utf8 name\n');
    writeFileSync(join(deep, `${'z'.repeat(90)}.conf`), 'deep file\n');
    writeFileSync(join(src, 'bin'), Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(70_000, 1)]));
    symlinkSync(`../${'x'.repeat(110)}/target-that-is-long-${'q'.repeat(100)}`, join(src, 'etc', 'longlink'));
    linkSync(join(src, 'etc', 'passwd'), join(src, 'etc', 'passwd-hard'));
    for (const format of ['gnu', 'oldgnu', 'posix', 'ustar']) {
      const out = join(tmp(), `${format}.tar`);
      try {
        execFileSync(
          'tar',
          [`--format=${format}`, '--owner=1000000', '--group=5', '-C', src, '-cf', out, '.'],
          {
            stdio: 'pipe',
          },
        );
      } catch {
        // ustar cannot store the long names: GNU tar refuses those entries; other formats must work
        if (format !== 'ustar') throw new Error(`tar --format=${format} failed`);
        continue;
      }
      const [a, b] = await both(readFileSync(out));
      expect(comparable(b), format).toEqual(comparable(a));
      agreesWithOracle(a, await oracle(readFileSync(out)), format);
      // GNU tar stores one of the two hard-linked names with the body, whichever it met first
      expect(`${b.contents.get('/etc/passwd') ?? b.contents.get('/etc/passwd-hard')}`).toContain('root');
      // ustar cannot hold the 200-byte link target: GNU tar leaves that entry out
      if (format !== 'ustar')
        expect(b.entries.find((e) => e.path === '/etc/longlink')?.linkname).toContain('target-that-is-long');
    }
  });

  it('streams headers, extended headers and bodies split across chunks of any size', async () => {
    const tar = await tarOf([
      { name: 'etc/os-release', content: 'ID=debian\n' },
      { name: `deep/${'d'.repeat(120)}/${'f'.repeat(120)}.txt`, content: 'long name' },
      {
        name: 'usr/bin/tool',
        content: Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(20_000, 7)]),
        mode: 0o755,
      },
      { name: 'usr/bin/link', type: 'symlink', linkname: 'tool' },
      { name: 'app/package.json', content: '{"name":"y"}' },
    ]);
    const whole = await listLayer(Readable.from([tar]), opts());
    expect(whole.entries.length).toBe(5);
    for (const size of [1, 7, 100, 511, 512, 513, 4099]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < tar.length; i += size) chunks.push(tar.subarray(i, i + size));
      const split = await listLayer(Readable.from(chunks), opts());
      expect(comparable(split), `chunks of ${size}`).toEqual(comparable(whole));
    }
  });

  it('reads the section table of ELF files, not their bodies, when the extractors name their sections', async () => {
    const opened: Record<string, string[]> = { streamed: [], walked: [] };
    let mode: 'streamed' | 'walked' = 'streamed';
    const counting = (x: Extractor): Extractor => ({
      ...x,
      open(path, size) {
        opened[mode]?.push(`${x.id} ${path}`);
        return x.open(path, size);
      },
    });
    const extractors = [counting(cargoAuditableExtractor), counting(goBuildInfoExtractor)];
    const rust = buildElf64([
      { name: '.text', data: Buffer.alloc(64, 0x90), flags: 6 },
      { name: '.dep-v0', data: compressAudit() },
    ]);
    const plain = buildElf64([{ name: '.text', data: Buffer.alloc(5000, 0x90), flags: 6 }]);
    const tarBytes = await tarOf([
      { name: 'usr/bin/app', content: rust, mode: 0o755 },
      { name: 'usr/lib/libplain.so', content: plain, mode: 0o644 },
      ...(existsSync('/bin/ls') ? [{ name: 'bin/ls', content: readFileSync('/bin/ls'), mode: 0o755 }] : []),
    ]);
    const d = tmp();
    const file = join(d, 'l.tar');
    writeFileSync(file, tarBytes);
    const streamed = await listLayer(Readable.from([tarBytes]), opts({ extractors }));
    mode = 'walked';
    const walked = await listLayerFile(
      { path: file, offset: 0, size: tarBytes.length },
      opts({ extractors }),
    );
    expect(comparable(walked)).toEqual(comparable(streamed));
    expect(walked.extracted.get('cargo-auditable')?.has('/usr/bin/app')).toBe(true);
    // Streaming opens both extractors on every ELF file; the walker only where the section is.
    expect(opened.streamed?.length).toBeGreaterThanOrEqual(4);
    expect(opened.walked).toEqual(['cargo-auditable /usr/bin/app']);
  });

  it('applies the same limits and refusals', async () => {
    const cases: { tar: Buffer; limits?: Partial<typeof DEFAULT_LIMITS>; error: RegExp }[] = [
      { tar: await tarOf([{ name: 'a/../../etc/passwd', content: 'x' }]), error: /'\.\.' component/ },
      { tar: await tarOf([{ name: '/etc/passwd', content: 'x' }]), error: /absolute name/ },
      {
        tar: await tarOf([1, 2, 3].map((i) => ({ name: `f${i}`, content: 'x' }))),
        limits: { layerEntries: 2 },
        error: /layerEntries/,
      },
      {
        tar: await tarOf([{ name: 'big', content: 'x'.repeat(5000) }]),
        limits: { layerFileBytes: 4096 },
        error: /layerFileBytes/,
      },
    ];
    for (const c of cases) {
      const limits = { ...DEFAULT_LIMITS, ...c.limits };
      const [p1, p2] = [
        listLayer(Readable.from([c.tar]), opts({ limits })),
        (async () => {
          const f = join(tmp(), 'l.tar');
          writeFileSync(f, c.tar);
          return listLayerFile({ path: f, offset: 0, size: c.tar.length }, opts({ limits }));
        })(),
      ];
      await expect(p1).rejects.toThrow(c.error);
      await expect(p2).rejects.toThrow(c.error);
    }
  });

  it('reports truncation and corrupt headers as malformed, never hangs', async () => {
    const tar = await tarOf([
      { name: 'etc/a', content: 'x'.repeat(10_000) },
      { name: 'etc/b', content: 'y' },
    ]);
    const f = join(tmp(), 'l.tar');
    writeFileSync(f, tar);
    await expect(listLayerFile({ path: f, offset: 0, size: 5000 }, opts())).rejects.toThrow(/truncated/);
    const bad = Buffer.from(tar);
    bad[100] = 0x39; // mode digit '9': checksum no longer matches
    writeFileSync(f, bad);
    await expect(listLayerFile({ path: f, offset: 0, size: bad.length }, opts())).rejects.toThrow(/checksum/);
  });

  it('hashes ranges on worker threads exactly', async () => {
    const f = join(tmp(), 'h.bin');
    const data = Buffer.alloc(9_000_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
    writeFileSync(f, data);
    const ranges = [
      [0, data.length],
      [17, 5_000_000],
      [4_194_304, 4_194_304],
      [data.length, 0],
    ] as const;
    const got = await Promise.all(ranges.map(([offset, size]) => hashRange({ path: f, offset, size })));
    expect(got).toEqual(ranges.map(([o, s]) => sha256(data.subarray(o, o + s))));
    await expect(hashRange({ path: f, offset: data.length - 10, size: 20 })).rejects.toThrow(/early/);
    await expect(hashRange({ path: join(tmp(), 'missing'), offset: 0, size: 1 })).rejects.toThrow(/ENOENT/);
  });
});
