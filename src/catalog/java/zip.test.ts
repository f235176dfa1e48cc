import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { rawZip, withArchiveFile, zipTool } from './fixtures/archives.js';
import { readZipDirectory, readZipEntry, type ZipEntry } from './zip.js';

const LIMITS = { maxEntries: 1000 };
const hasZip = requireTool('zip') && requireTool('unzip');
const itZip = hasZip ? it : it.skip;

function entries(buf: Buffer): ZipEntry[] {
  const r = readZipDirectory(buf, LIMITS);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

function text(buf: Buffer, e: ZipEntry | undefined): string {
  if (!e) throw new Error('no such entry');
  const r = readZipEntry(buf, e, 1 << 20);
  if (!r.ok) throw new Error(r.reason);
  return r.value.toString('utf8');
}

const FILES = {
  'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\r\n\r\n',
  'META-INF/maven/org.example/demo/pom.properties': 'groupId=org.example\nartifactId=demo\nversion=1.0\n',
  'org/example/Big.txt': 'abcdefgh'.repeat(10_000),
  'empty.txt': '',
  'ünïcode/naïve.txt': 'names in UTF-8',
};

describe('readZipDirectory and readZipEntry, against unzip', () => {
  itZip('lists and reads what Info-ZIP wrote, deflated and stored', () => {
    for (const args of [[], ['-0']]) {
      const zip = zipTool(FILES, args);
      const names = withArchiveFile(zip, (p) =>
        spawnSync('unzip', ['-Z1', p], { encoding: 'utf8' }).stdout.trim().split('\n'),
      );
      const got = entries(zip);
      expect(got.map((e) => e.name)).toEqual(names);
      for (const name of Object.keys(FILES)) {
        const e = got.find((x) => x.name === name);
        const want = withArchiveFile(zip, (p) => spawnSync('unzip', ['-p', p, name]).stdout as Buffer);
        expect(text(zip, e)).toBe(want.toString('utf8'));
      }
    }
  });

  itZip('reads zip64 archives (zip -fz)', () => {
    const zip = zipTool({ 'a.txt': 'alpha', 'b/c.txt': 'gamma'.repeat(100) }, ['-fz']);
    const got = entries(zip);
    expect(got.map((e) => e.name)).toEqual(['a.txt', 'b/c.txt']);
    expect(text(zip, got[1])).toBe('gamma'.repeat(100));
  });

  itZip('reads archives with a launch script in front, as executable Spring Boot jars have', () => {
    const zip = zipTool(FILES);
    const script = Buffer.from('#!/bin/bash\n# launch script\nexec java -jar "$0" "$@"\n'.repeat(20));
    const exe = Buffer.concat([script, zip]);
    // unzip agrees the archive is readable (it warns about the extra bytes and exits 1 or 0, never 2+).
    const status = withArchiveFile(exe, (p) => spawnSync('unzip', ['-tq', p]).status);
    expect(status).toBeLessThanOrEqual(1);
    const got = entries(exe);
    expect(
      text(
        exe,
        got.find((e) => e.name === 'META-INF/maven/org.example/demo/pom.properties'),
      ),
    ).toContain('artifactId=demo');
  });

  itZip('refuses encrypted and bzip2 entries by name, without failing the archive', () => {
    const enc = zipTool({ 'secret.txt': 'x'.repeat(100) }, ['-P', 'pw']);
    expect(readZipEntry(enc, entries(enc)[0]!, 1000)).toEqual({ ok: false, reason: 'encrypted entry' });
    const bz = zipTool({ 'b.txt': 'y'.repeat(1000) }, ['-Z', 'bzip2']);
    expect(readZipEntry(bz, entries(bz)[0]!, 10_000)).toEqual({
      ok: false,
      reason: 'unsupported compression method 12',
    });
  });
});

describe('hostile archives', () => {
  it('the hand-made writer makes archives unzip accepts (so the cases below are real zips)', () => {
    const zip = rawZip([
      { name: 'a.txt', data: 'hello' },
      { name: 'b.txt', data: 'stored', method: 0 },
    ]);
    expect(entries(zip).map((e) => text(zip, e))).toEqual(['hello', 'stored']);
    if (hasZip) {
      const out = withArchiveFile(zip, (p) => spawnSync('unzip', ['-p', p], { encoding: 'utf8' }).stdout);
      expect(out).toBe('hellostored');
    }
  });

  it('says what is wrong with files that are not zips or are cut short', () => {
    expect(readZipDirectory(Buffer.from('PK'), LIMITS)).toEqual({
      ok: false,
      reason: 'not a zip archive (too short)',
    });
    expect(readZipDirectory(Buffer.alloc(4096, 0x41), LIMITS)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no end of central directory'),
    });
    const zip = rawZip([{ name: 'a.txt', data: 'x'.repeat(500) }]);
    // Cut out the middle: the end record survives, the central directory it points at does not.
    const cut = Buffer.concat([zip.subarray(0, 10), zip.subarray(zip.length - 22)]);
    expect(readZipDirectory(cut, LIMITS)).toMatchObject({ ok: false });
    // Truncate the data: the directory is intact but the entry runs past the end.
    const e = entries(zip)[0]!;
    expect(readZipEntry(zip.subarray(0, 40), e, 1000)).toMatchObject({ ok: false });
  });

  it('stops a zip bomb at the size it declares, and refuses one that declares its real size', () => {
    const bomb = Buffer.alloc(50 * 1024 * 1024); // 50 MiB of zeros deflates to ~50 KiB
    const lying = rawZip([{ name: 'bomb.bin', data: bomb, declaredSize: 1000 }]);
    const e = entries(lying)[0]!;
    expect(e.compressedSize).toBeLessThan(100_000);
    expect(readZipEntry(lying, e, 1 << 20)).toEqual({
      ok: false,
      reason: 'inflates past the 1000 bytes declared',
    });
    const honest = rawZip([{ name: 'bomb.bin', data: bomb }]);
    expect(readZipEntry(honest, entries(honest)[0]!, 1 << 20)).toEqual({
      ok: false,
      reason: `${bomb.length} bytes uncompressed exceed the limit of ${1 << 20}`,
    });
  });

  it('caps the number of entries read from one directory', () => {
    const many = rawZip(Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, data: '', method: 0 })));
    expect(readZipDirectory(many, { maxEntries: 49 })).toEqual({
      ok: false,
      reason: '50 entries exceed the limit of 49 per archive',
    });
    expect(readZipDirectory(many, { maxEntries: 50 }).ok).toBe(true);
  });

  it('refuses an entry whose data is shorter than it says', () => {
    const short = rawZip([{ name: 'a', data: 'abc', method: 0, declaredSize: 10 }]);
    expect(readZipEntry(short, entries(short)[0]!, 100)).toEqual({
      ok: false,
      reason: 'stored entry whose sizes disagree',
    });
  });
});
