import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { globMatcher } from '../core/glob.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { buildFilesystem } from './filesystem.js';
import { listLayer } from './layers.js';
import { type TestEntry, tarOf } from './test-image.js';

async function fsOf(layers: TestEntry[][], globs: string[] = ['**'], limits = DEFAULT_LIMITS) {
  const want = globMatcher(globs);
  const listings = [];
  for (const [i, l] of layers.entries())
    listings.push(await listLayer(Readable.from([await tarOf(l)]), { label: `layer ${i}`, want }));
  return buildFilesystem(listings, { limits });
}

describe('buildFilesystem', () => {
  it('applies whiteouts and records what they deleted', async () => {
    const fs = await fsOf([
      [
        { name: 'app/', type: 'directory' },
        { name: 'app/secret.env', content: 'TOKEN=1' },
        { name: 'app/keep', content: 'k' },
      ],
      [
        { name: 'app/.wh.secret.env', content: '' },
        { name: 'app/new', content: 'n' },
      ],
    ]);
    expect(fs.stat('/app/secret.env')).toBeUndefined();
    expect(fs.read('/app/keep')?.toString()).toBe('k');
    expect(fs.layerOf('/app/keep')).toBe(0);
    expect(fs.layerOf('/app/new')).toBe(1);
    expect(fs.stat('/app/.wh.secret.env')).toBeUndefined();
    expect(fs.deleted()).toEqual([
      { path: '/app/secret.env', type: 'file', size: 7, layer: 0, by: 1, how: 'whiteout' },
    ]);
  });

  it('opaque directories hide lower layers only', async () => {
    const fs = await fsOf([
      [
        { name: 'd/a', content: 'a' },
        { name: 'd/sub/b', content: 'bb' },
      ],
      [
        { name: 'd/c', content: 'c' },
        { name: 'd/.wh..wh..opq', content: '' },
      ],
    ]);
    expect(fs.glob('/d/**')).toEqual(['/d/c']);
    expect(
      fs
        .deleted()
        .map((d) => [d.path, d.how])
        .sort(),
    ).toEqual([
      ['/d/a', 'opaque'],
      ['/d/sub', 'opaque'],
      ['/d/sub/b', 'opaque'],
    ]);
  });

  it('keeps overwritten files and whole deleted directories', async () => {
    const fs = await fsOf([
      [
        { name: 'etc/conf', content: '1234' },
        { name: 'tmp/x/y', content: 'yy' },
      ],
      [
        { name: 'etc/conf', content: '5' },
        { name: '.wh.tmp', content: '' },
      ],
    ]);
    expect(fs.read('/etc/conf')?.toString()).toBe('5');
    expect(fs.deleted()).toContainEqual({
      path: '/etc/conf',
      type: 'file',
      size: 4,
      layer: 0,
      by: 1,
      how: 'overwritten',
    });
    expect(fs.deleted()).toContainEqual({
      path: '/tmp/x/y',
      type: 'file',
      size: 2,
      layer: 0,
      by: 1,
      how: 'whiteout',
    });
  });

  it('resolves hard links to their target', async () => {
    const fs = await fsOf([
      [
        { name: 'usr/bin/a', content: 'ELF' },
        { name: 'usr/bin/b', type: 'link', linkname: 'usr/bin/a' },
      ],
    ]);
    expect(fs.stat('/usr/bin/b')).toMatchObject({ type: 'file', size: 3, hardlinkOf: '/usr/bin/a' });
    expect(fs.read('/usr/bin/b')?.toString()).toBe('ELF');
  });

  it('resolves symlinks inside the root only', async () => {
    const fs = await fsOf([
      [
        { name: 'usr/lib/os-release', content: 'ID=debian' },
        { name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
        { name: 'escape', type: 'symlink', linkname: '../../../../usr/lib/os-release' },
        { name: 'abs', type: 'symlink', linkname: '/usr/lib' },
        { name: 'host', type: 'symlink', linkname: '/../../etc/shadow' },
      ],
    ]);
    expect(fs.read('/etc/os-release')?.toString()).toBe('ID=debian');
    expect(fs.realpath('/escape')).toBe('/usr/lib/os-release');
    expect(fs.read('/abs/os-release')?.toString()).toBe('ID=debian');
    expect(fs.stat('/host')).toBeUndefined();
    expect(fs.lstat('/etc/os-release')).toMatchObject({ type: 'symlink', linkname: '../usr/lib/os-release' });
  });

  it('detects symlink loops with a limit', async () => {
    const fs = await fsOf([
      [
        { name: 'a', type: 'symlink', linkname: 'b' },
        { name: 'b', type: 'symlink', linkname: 'a' },
      ],
    ]);
    expect(() => fs.stat('/a')).toThrow(/symbolic links followed.*symlinkHops/);
    try {
      fs.read('/a/x');
    } catch (e) {
      expect(e).toMatchObject({ exitCode: 2, hint: expect.stringContaining('SHIPSHAPE_MAX_SYMLINK_HOPS') });
    }
    expect(fs.lstat('/a')?.type).toBe('symlink');
  });

  it('applies entries below a symlinked directory to its target, as containerd does', async () => {
    const fs = await fsOf([
      [
        { name: 'usr/lib/', type: 'directory' },
        { name: 'lib', type: 'symlink', linkname: 'usr/lib' },
      ],
      [{ name: 'lib/libc.so', content: 'c' }],
    ]);
    expect(fs.lstat('/usr/lib/libc.so')?.layer).toBe(1);
    expect(fs.lstat('/lib')?.type).toBe('symlink');
  });

  it('follows a directory replaced by a symlink in the middle of a layer, for the entries after it', async () => {
    const fs = await fsOf([
      [
        { name: 'b/', type: 'directory' },
        { name: 'a/', type: 'directory' },
        { name: 'a/x', content: 'x' },
        { name: 'a', type: 'symlink', linkname: 'b' },
        { name: 'a/y', content: 'y' },
        { name: 'c/', type: 'directory' },
        { name: 'c/1', content: '1' },
        { name: 'c', content: 'now a file' },
        { name: 'c/2', content: '2' },
      ],
    ]);
    expect(fs.lstat('/a')?.type).toBe('symlink');
    expect(fs.lstat('/b/y')?.type).toBe('file');
    expect(fs.lstat('/b/x')).toBeUndefined();
    // a file over a directory, then an entry below it: the directory is made again, as the layer says
    expect(fs.lstat('/c')?.type).toBe('dir');
    expect(fs.lstat('/c/2')?.type).toBe('file');
    expect(fs.lstat('/c/1')).toBeUndefined();
    expect(fs.deleted().map((d) => [d.path, d.how])).toEqual([
      ['/a', 'overwritten'],
      ['/a/x', 'overwritten'],
      ['/c', 'overwritten'],
      ['/c/1', 'overwritten'],
      ['/c', 'overwritten'],
    ]);
  });

  it('keeps content only for requested globs', async () => {
    const fs = await fsOf(
      [
        [
          { name: 'app/node_modules/x/package.json', content: '{}' },
          { name: 'app/index.js', content: 'js' },
        ],
      ],
      ['**/package.json'],
    );
    expect(fs.read('/app/node_modules/x/package.json')?.toString()).toBe('{}');
    expect(fs.read('/app/index.js')).toBeUndefined();
    expect(fs.glob('**/package.json')).toEqual(['/app/node_modules/x/package.json']);
  });
});
