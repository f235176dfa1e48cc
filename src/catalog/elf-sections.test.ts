import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../../test/support/tools.js';
import { elfSectionNames } from './elf-sections.js';
import { buildElf64, compressAudit } from './rust/fixtures/binaries.js';

const itReadelf = requireTool('readelf') ? it : it.skip;

/** Random access over a buffer, counting the bytes read, as the layer walker reads a file. */
function reader(file: Buffer) {
  const stats = { bytes: 0, reads: 0 };
  return {
    stats,
    readAt: async (offset: number, length: number) => {
      stats.reads++;
      const b = file.subarray(offset, Math.min(file.length, offset + length));
      stats.bytes += b.length;
      return b;
    },
  };
}

const names = (file: Buffer) => {
  const r = reader(file);
  return elfSectionNames(file.subarray(0, 64), file.length, r.readAt).then((n) => ({ n, stats: r.stats }));
};

/** Section names as binutils' readelf lists them (index 0, the null section, has none). */
function readelfNames(path: string): Set<string> {
  const out = execFileSync('readelf', ['-S', '-W', path], { encoding: 'utf8' });
  const found = new Set<string>(['']);
  for (const line of out.split('\n')) {
    const m = /^\s*\[\s*(\d+)\]\s+(\S+)/.exec(line);
    if (m && m[1] !== '0') found.add(m[2] as string);
  }
  return found;
}

describe('elfSectionNames', () => {
  itReadelf('names the sections readelf names, in a few small reads', async () => {
    const files = ['/bin/ls', '/lib/x86_64-linux-gnu/libc.so.6', '/usr/bin/skopeo', '/usr/bin/umoci'].filter(
      (f) => existsSync(f),
    );
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const file = readFileSync(f);
      const { n, stats } = await names(file);
      expect(n, f).toEqual(readelfNames(f));
      expect(stats.reads).toBe(2);
      expect(stats.bytes).toBeLessThan(16_384);
    }
    // Debian's Go programs carry their build info section; C programs do not.
    if (existsSync('/usr/bin/skopeo'))
      expect((await names(readFileSync('/usr/bin/skopeo'))).n?.has('.go.buildinfo')).toBe(true);
    expect((await names(readFileSync('/bin/ls'))).n?.has('.go.buildinfo')).toBe(false);
  });

  it('finds a cargo auditable section in a generated executable', async () => {
    const elf = buildElf64([
      { name: '.text', data: Buffer.alloc(64, 0x90), flags: 6 },
      { name: '.dep-v0', data: compressAudit() },
    ]);
    expect((await names(elf)).n).toEqual(new Set(['', '.text', '.dep-v0', '.shstrtab']));
  });

  it('gives up (undefined) rather than guess on anything odd', async () => {
    const elf = buildElf64([{ name: '.dep-v0', data: compressAudit() }]);
    const wide = elf[4] === 2;
    const patch = (at: number, value: number, bytes: 2 | 8) => {
      const b = Buffer.from(elf);
      if (bytes === 2) b.writeUInt16LE(value, at);
      else b.writeBigUInt64LE(BigInt(value), at);
      return b;
    };
    expect(wide).toBe(true);
    // not ELF; no section table; the table past the end; a name table index out of range; absurd entry size
    expect((await names(Buffer.concat([Buffer.from('MZ'), elf.subarray(2)]))).n).toBeUndefined();
    expect((await names(patch(0x28, 0, 8))).n).toBeUndefined();
    expect((await names(patch(0x28, elf.length - 10, 8))).n).toBeUndefined();
    expect((await names(patch(0x3e, 200, 2))).n).toBeUndefined();
    expect((await names(patch(0x3a, 0xffff, 2))).n).toBeUndefined();
    // a truncated file: the table the header points at is not there
    expect((await names(elf.subarray(0, elf.length - 64))).n).toBeUndefined();
  });
});
