import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { memorySource, runExtractor } from '../memory-source.js';
import { cargoAuditableExtractor, type ExtractedAuditData, MAX_AUDIT_JSON_BYTES } from './extractor.js';
import { AUDIT_JSON, buildElf64, buildMachO64, buildPe, compressAudit } from './fixtures/binaries.js';
import { rustCataloger } from './index.js';
import { parseAuditData } from './parse-audit-data.js';

function extract(content: Buffer, chunkSize = 16 * 1024): ExtractedAuditData | undefined {
  const out = runExtractor(cargoAuditableExtractor, '/bin/x', content, 0o755, chunkSize);
  return out && (JSON.parse(out.toString('utf8')) as ExtractedAuditData);
}

function catalog(files: Record<string, Buffer | { content: Buffer; layer: number }>) {
  return rustCataloger.catalog(memorySource(files, rustCataloger.extractors), {});
}

/** A linker-like ELF: code, a `.comment`, `.dep-v0`, then symbol-table-like noise full of would-be zlib headers. */
function elfWith(depV0: Buffer, extra: { loaded?: Buffer; after?: Buffer } = {}): Buffer {
  return buildElf64([
    { name: '.text', data: Buffer.alloc(3000, 0xcc), flags: 6 },
    ...(extra.loaded ? [{ name: '.rodata', data: extra.loaded, flags: 2 }] : []),
    { name: '.comment', data: Buffer.from('rustc version 1.75.0\0GCC: (Debian 12.2.0-14) 12.2.0\0') },
    { name: '.dep-v0', data: depV0 },
    { name: '.symtab', data: extra.after ?? Buffer.alloc(0) },
  ]);
}

const EXPECTED = [
  ['adler', '1.0.2'],
  ['miniz_oxide', '0.7.1'],
  ['myapp', '0.1.0'],
  ['patched', '0.3.0'],
  ['serde', '1.0.193'],
];

describe('cargo auditable data in ELF, Mach-O and PE files', () => {
  const z = compressAudit();

  it('reads the runtime crates (build-only ones left out) with their layer and location', () => {
    const { packages, unknowns } = catalog({ '/usr/local/bin/myapp': { content: elfWith(z), layer: 4 } });
    expect(unknowns).toEqual([]);
    expect(packages).toEqual(
      EXPECTED.map(([name, version]) => ({
        name,
        version,
        type: 'cargo',
        purl: `pkg:cargo/${name}@${version}`,
        layer: 4,
        locations: ['/usr/local/bin/myapp'],
      })),
    );
  });

  it.each([
    ['ELF', () => elfWith(z)],
    ['Mach-O', () => buildMachO64(z)],
    ['PE', () => buildPe(z)],
  ])('%s: the same JSON, whatever the chunk size', (_format, build) => {
    const file = build();
    for (const chunk of [1, 7, 1000, 4096, 16 * 1024, 1024 * 1024])
      expect(extract(file, chunk)).toEqual({ format: 'json', json: AUDIT_JSON });
  });

  it('reads a universal (fat) Mach-O binary: the first slice with audit data', () => {
    const slices = [buildMachO64(Buffer.alloc(0)), buildMachO64(z)];
    const offsets = [16384, 16384 * 3];
    const fat = Buffer.alloc(offsets[1]! + slices[1]!.length);
    fat.writeUInt32BE(0xcafebabe, 0);
    fat.writeUInt32BE(2, 4);
    slices.forEach((slice, i) => {
      fat.writeUInt32BE(0x0100000c, 8 + i * 20);
      fat.writeUInt32BE(offsets[i]!, 16 + i * 20);
      fat.writeUInt32BE(slice.length, 20 + i * 20);
      fat.writeUInt32BE(14, 24 + i * 20);
      slice.copy(fat, offsets[i]!);
    });
    for (const chunk of [1000, 64 * 1024])
      expect(extract(fat, chunk)).toEqual({ format: 'json', json: AUDIT_JSON });
  });

  it('builds fixtures binutils reads as such (the oracle for the hand-made files)', () => {
    if (!requireTool('objcopy')) return;
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-rust-'));
    try {
      for (const [name, file] of [
        ['a.elf', elfWith(z)],
        ['a.exe', buildPe(z)],
      ] as const) {
        writeFileSync(join(dir, name), file);
        execFileSync('objcopy', ['--dump-section', `.dep-v0=${join(dir, `${name}.dep`)}`, join(dir, name)]);
        // PE raw data is padded to the file alignment
        expect(readFileSync(join(dir, `${name}.dep`)).subarray(0, z.length)).toEqual(z);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a section objcopy added to a real executable (/bin/ls), and nothing from the original', () => {
    if (!requireTool('objcopy') || !existsSync('/bin/ls')) return;
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-rust-'));
    try {
      writeFileSync(join(dir, 'dep.z'), z);
      copyFileSync('/bin/ls', join(dir, 'ls'));
      execFileSync('objcopy', ['--add-section', `.dep-v0=${join(dir, 'dep.z')}`, join(dir, 'ls')]);
      const flags = execFileSync('readelf', ['-S', '-W', join(dir, 'ls')], { encoding: 'utf8' });
      // non-allocated, as cargo auditable makes it: no A in the flags column
      expect(flags).toMatch(/\.dep-v0\s+PROGBITS\s+0+\s+\S+\s+\S+\s+00\s+0\s+0\s+1/);
      expect(extract(readFileSync(join(dir, 'ls')))).toEqual({ format: 'json', json: AUDIT_JSON });
      expect(extract(readFileSync('/bin/ls'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports nothing for executables without audit data', () => {
    for (const path of ['/bin/ls', '/usr/bin/sqlite3', '/usr/bin/umoci'].filter(existsSync)) {
      const content = readFileSync(path);
      expect(cargoAuditableExtractor.accepts(path, content.length, 0o755, content.subarray(0, 64))).toBe(
        true,
      );
      expect(extract(content, 64 * 1024)).toBeUndefined();
    }
  });

  it('ignores a look-alike stream in the loaded segments: the real section is non-allocated', () => {
    const decoy = compressAudit(
      JSON.stringify({ packages: [{ name: 'decoy', version: '9.9.9', source: 'crates.io' }] }),
    );
    const { packages } = catalog({ '/bin/app': elfWith(z, { loaded: decoy }) });
    expect(packages.map((p) => p.name)).not.toContain('decoy');
    expect(packages).toHaveLength(EXPECTED.length);
  });

  it('finds the section behind megabytes of debug-info-like noise, as rustc lays it out', () => {
    const noise = randomBytes(8 * 1024 * 1024);
    const file = buildElf64([
      { name: '.text', data: Buffer.alloc(3000, 0xcc), flags: 6 },
      { name: '.debug_info', data: noise },
      { name: '.dep-v0', data: z },
      { name: '.symtab', data: noise.subarray(0, 1024 * 1024) },
    ]);
    expect(extract(file, 64 * 1024)).toEqual({ format: 'json', json: AUDIT_JSON });
  });

  it('gives up, in bounded time and saying so, on a file built to be full of zlib stream starts', () => {
    // 78 9c and a dynamic-Huffman block type every 64 bytes: each passes the bit checks and costs an inflate call.
    const noise = randomBytes(2 * 1024 * 1024);
    for (let i = 0; i < noise.length; i += 64) noise.writeUIntBE(0x789c04, i, 3);
    const started = performance.now();
    expect(extract(elfWith(z, { after: noise }).subarray(0), 64 * 1024)).toEqual({
      format: 'json',
      json: AUDIT_JSON,
    });
    const { unknowns } = catalog({
      '/bin/x': buildElf64([
        { name: '.debug_info', data: noise },
        { name: '.dep-v0', data: z },
      ]),
    });
    expect(unknowns).toEqual([
      {
        path: '/bin/x',
        reason:
          'cargo auditable data: gave up after 4096 zlib stream candidates without finding the audit data',
      },
    ]);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('ignores other zlib streams, such as compressed debug sections', () => {
    const debug = deflateSync(randomBytes(10_000).toString('hex'));
    expect(extract(elfWith(Buffer.alloc(0), { after: debug }))).toBeUndefined();
    const jsonButNotAudit = deflateSync(JSON.stringify({ name: 'x', packages: [] }));
    expect(extract(elfWith(Buffer.alloc(0), { after: jsonButNotAudit }))).toBeUndefined();
  });
});

describe('hostile input', () => {
  it('stops a decompression bomb at the cap', () => {
    const bomb = deflateSync(
      Buffer.concat([Buffer.from('{"packages":['), Buffer.alloc(MAX_AUDIT_JSON_BYTES, 0x20)]),
      {
        level: 9,
      },
    );
    expect(bomb.length).toBeLessThan(64 * 1024);
    for (const file of [elfWith(bomb), buildMachO64(bomb), buildPe(bomb)]) {
      expect(extract(file)).toEqual({
        format: 'invalid',
        reason: `audit data inflates to over ${MAX_AUDIT_JSON_BYTES} bytes (the limit)`,
      });
    }
    const { unknowns } = catalog({ '/bin/bomb': elfWith(bomb) });
    expect(unknowns).toEqual([
      { path: '/bin/bomb', reason: expect.stringMatching(/^cargo auditable data: audit data inflates/) },
    ]);
  });

  it('reports a stream cut off by the end of the file', () => {
    const big = compressAudit(
      JSON.stringify({
        packages: Array.from({ length: 3000 }, (_, i) => ({
          name: `c${i}`,
          version: `1.${i}.0`,
          source: 'crates.io',
        })),
      }),
    );
    const elf = elfWith(big);
    const cut = elf.subarray(0, elf.indexOf(big) + big.length - 100);
    expect(extract(cut)).toEqual({
      format: 'invalid',
      reason: 'audit data is truncated (the zlib stream does not end)',
    });
    const macho = buildMachO64(big);
    expect(extract(macho.subarray(0, macho.length - 100))).toEqual({
      format: 'invalid',
      reason: expect.stringMatching(/^the \.dep-v0 section \(offset \d+, \d+ bytes\) lies outside the file$/),
    });
  });

  it('reports a corrupt stream', () => {
    const bad = Buffer.from(compressAudit());
    bad.fill(0xff, 40);
    expect(extract(buildPe(bad))).toEqual({
      format: 'invalid',
      reason: expect.stringMatching(/^audit data is not a valid zlib stream/),
    });
  });

  it('reports a section placed before the headers that name it, and one over the size cap', () => {
    // read in 1 KiB chunks, the load commands end at 32 + 9000, when the section at 5000 has passed (and is past
    // the 4 KiB kept); in 64 KiB chunks it is still in the chunk at hand
    expect(extract(buildMachO64(compressAudit(), { sectionOffset: 5000, padCommands: 8768 }), 1024)).toEqual({
      format: 'invalid',
      reason: 'the .dep-v0 section at offset 5000 lies before the headers that name it',
    });
    expect(
      extract(buildMachO64(compressAudit(), { sectionOffset: 5000, padCommands: 8768 }), 64 * 1024),
    ).toEqual({ format: 'json', json: AUDIT_JSON });
    const huge = buildMachO64(compressAudit());
    const at = huge.indexOf('.dep-v0');
    huge.writeBigUInt64LE(2n ** 40n, at + 40);
    expect(extract(huge)).toEqual({
      format: 'invalid',
      reason: expect.stringMatching(/over the 8388608-byte limit$/),
    });
  });

  it('reports JSON that is not audit data, and skips entries without a name or version', () => {
    const broken = deflateSync('{"packages": [ {"name": "a", "version": ');
    const { packages, unknowns } = catalog({ '/bin/a': elfWith(broken) });
    expect(packages).toEqual([]);
    expect(unknowns).toEqual([
      { path: '/bin/a', reason: expect.stringMatching(/^cargo auditable data: invalid JSON/) },
    ]);
    const partial = compressAudit(
      '{"packages":[{"name":"a","version":"1.0.0"},{"name":"b"},{"version":"2"},7]}',
    );
    const r = catalog({ '/bin/b': elfWith(partial) });
    expect(r.packages.map((p) => p.purl)).toEqual(['pkg:cargo/a@1.0.0']);
    expect(r.unknowns).toEqual([
      { path: '/bin/b', reason: 'cargo auditable data: 3 entries without a name or version' },
    ]);
  });

  it('survives truncated and nonsensical headers', () => {
    const elf = elfWith(compressAudit());
    for (const n of [8, 63, 64, 100, 200]) expect(() => extract(elf.subarray(0, n))).not.toThrow();
    const wild = Buffer.from(elf);
    wild.writeBigUInt64LE(2n ** 62n, 32); // e_phoff far past the end
    expect(extract(wild)).toEqual({ format: 'json', json: AUDIT_JSON });
    const pe = buildPe(compressAudit());
    pe.writeUInt32LE(0xfffffff0, 0x3c);
    expect(extract(pe)).toBeUndefined();
  });
});

describe('parseAuditData', () => {
  it('reads names, versions, sources, kinds and the root', () => {
    const r = parseAuditData(AUDIT_JSON);
    expect(r.ok && r.packages.map((p) => [p.name, p.source, p.kind, p.root])).toEqual([
      ['adler', 'crates.io', 'runtime', false],
      ['cc', 'crates.io', 'build', false],
      ['miniz_oxide', 'crates.io', 'runtime', false],
      ['myapp', 'local', 'runtime', true],
      ['patched', 'git', 'runtime', false],
      ['serde', 'registry', 'runtime', false],
    ]);
  });

  it.each([
    ['an array', '[]', 'not a JSON object'],
    ['no packages', '{"format":1}', 'no "packages" array'],
    ['cut-off JSON', '{"packages":', expect.stringMatching(/^invalid JSON/)],
    ['deep nesting', `${'['.repeat(100_000)}`, expect.stringMatching(/^invalid JSON/)],
  ])('rejects %s', (_what, text, reason) => {
    expect(parseAuditData(text)).toEqual({ ok: false, reason });
  });

  it('accepts the schema\'s {"Other": ...} source form', () => {
    const r = parseAuditData(
      '{"packages":[{"name":"a","version":"1","source":{"Other":"sparse+https://x"}}]}',
    );
    expect(r.ok && r.packages[0]?.source).toBe('sparse+https://x');
  });
});
