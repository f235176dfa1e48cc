import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../core/limits.js';
import { loadImage } from '../image.js';
import {
  buildImage,
  dockerArchiveFiles,
  ociLayoutFiles,
  type TestImage,
  writeDir,
  writeTar,
} from '../test-image.js';
import { openImage } from './index.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'shipshape-image-'));

const recipe: TestImage = {
  layers: [
    {
      createdBy: '/bin/sh -c #(nop) ADD file:abc in /',
      entries: [
        { name: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
        { name: 'app/.env', content: 'SECRET=1' },
      ],
    },
    {
      createdBy: 'RUN rm /app/.env',
      entries: [
        { name: 'app/.wh..env', content: '' },
        { name: 'app/package.json', content: '{"name":"a"}' },
      ],
    },
  ],
  emptyHistory: [
    { after: -1, createdBy: 'ARG X' },
    { after: 0, createdBy: 'ENV A=1' },
    { after: 1, createdBy: 'CMD ["node"]' },
  ],
  config: {
    User: '1000',
    Env: ['A=1', 'PATH=/bin'],
    Cmd: ['node'],
    ExposedPorts: { '8080/tcp': {} },
    Labels: { x: 'y' },
    WorkingDir: '/app',
  },
};

async function check(ref: string) {
  const img = await loadImage(await openImage(ref), { globs: ['/etc/os-release', '**/package.json'] });
  expect(img.fs.read('/etc/os-release')?.toString()).toContain('ID=debian');
  expect(img.fs.read('/app/package.json')?.toString()).toBe('{"name":"a"}');
  expect(img.fs.stat('/app/.env')).toBeUndefined();
  expect(img.fs.deleted()).toEqual([
    { path: '/app/.env', type: 'file', size: 8, layer: 0, by: 1, how: 'whiteout' },
  ]);
  expect(img.layers.map((l) => l.createdBy)).toEqual([
    '/bin/sh -c #(nop) ADD file:abc in /',
    'RUN rm /app/.env',
  ]);
  expect(img.config).toMatchObject({
    user: '1000',
    env: { A: '1', PATH: '/bin' },
    exposedPorts: ['8080/tcp'],
    workingDir: '/app',
  });
  return img;
}

describe('image sources', () => {
  it('reads docker-archive, legacy layout', async () => {
    const file = await writeTar(
      join(tmp(), 'img.tar'),
      dockerArchiveFiles(await buildImage(recipe), 'legacy'),
    );
    const img = await check(`docker-archive:${file}`);
    expect(img.source.transport).toBe('docker-archive');
    await check(file); // bare path, detected by content
    await check(`docker-archive:${file}:test:latest`);
    await expect(openImage(`docker-archive:${file}:nope:1`)).rejects.toMatchObject({ exitCode: 2 });
  });

  it('reads docker-archive, Docker 25+ OCI layout', async () => {
    const file = await writeTar(join(tmp(), 'img.tar'), dockerArchiveFiles(await buildImage(recipe), 'oci'));
    await check(`docker-archive:${file}`);
    await check(file);
  });

  it('reads oci: and oci-archive:, and a bare layout directory', async () => {
    const files = ociLayoutFiles([{ image: await buildImage(recipe), tag: 'latest' }]);
    const dir = writeDir(tmp(), files);
    await check(`oci:${dir}`);
    await check(`oci:${dir}:latest`);
    await check(dir);
    const file = await writeTar(join(tmp(), 'oci.tar'), files);
    const img = await check(`oci-archive:${file}`);
    expect(img.source.manifestDigest).toMatch(/^sha256:/);
    await check(file);
  });

  it('selects by tag in an OCI index', async () => {
    const a = await buildImage(recipe);
    const b = await buildImage({ layers: [{ entries: [{ name: 'etc/os-release', content: 'ID=alpine' }] }] });
    const dir = writeDir(
      tmp(),
      ociLayoutFiles([
        { image: a, tag: 'a' },
        { image: b, tag: 'b' },
      ]),
    );
    const img = await loadImage(await openImage(`oci:${dir}:b`), { globs: ['/etc/os-release'] });
    expect(img.fs.read('/etc/os-release')?.toString()).toBe('ID=alpine');
    await expect(openImage(`oci:${dir}`)).rejects.toMatchObject({
      exitCode: 2,
      hint: expect.stringContaining(':TAG'),
    });
    await expect(openImage(`oci:${dir}:c`)).rejects.toMatchObject({
      exitCode: 2,
      hint: expect.stringContaining('a, b'),
    });
  });

  it('selects a platform from a nested index (default linux/amd64)', async () => {
    const mk = async (arch: string) =>
      buildImage({ architecture: arch, layers: [{ entries: [{ name: 'arch', content: arch }] }] });
    const dir = writeDir(
      tmp(),
      ociLayoutFiles([
        {
          tag: 'multi',
          images: [
            { image: await mk('arm64'), platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
            { image: await mk('amd64'), platform: { os: 'linux', architecture: 'amd64' } },
          ],
        },
      ]),
    );
    const read = async (platform?: string) => {
      const img = await loadImage(await openImage(`oci:${dir}:multi`, platform ? { platform } : {}), {
        globs: ['/arch'],
      });
      return [img.fs.read('/arch')?.toString(), img.source.platform];
    };
    expect(await read()).toEqual(['amd64', 'linux/amd64']);
    expect(await read('linux/arm64')).toEqual(['arm64', 'linux/arm64']);
    expect(await read('linux/arm64/v8')).toEqual(['arm64', 'linux/arm64']);
    await expect(read('linux/s390x')).rejects.toMatchObject({
      exitCode: 2,
      hint: expect.stringContaining('linux/arm64/v8, linux/amd64'),
    });
  });

  it('checks layer and manifest digests', async () => {
    const built = await buildImage(recipe);
    const files = ociLayoutFiles([{ image: built }]);
    const layer = built.layers[1];
    if (!layer) throw new Error('no layer');
    // same size, different bytes: the digest check, not the size check, catches it
    const tampered = Buffer.from(layer.blob);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 0xff;
    files.set(`blobs/sha256/${layer.digest.slice(7)}`, tampered);
    const dir = writeDir(tmp(), files);
    await expect(loadImage(await openImage(`oci:${dir}`))).rejects.toMatchObject({ exitCode: 2 });
    const files2 = ociLayoutFiles([{ image: built }]);
    files2.set(`blobs/sha256/${built.configDigest.slice(7)}`, Buffer.from('{}'));
    await expect(openImage(`oci:${writeDir(tmp(), files2)}`)).rejects.toThrow(/digest mismatch/);
  });

  it('refuses deep and large JSON, and hostile digests', async () => {
    const dir = writeDir(
      tmp(),
      new Map([
        ['oci-layout', Buffer.from('{}')],
        ['index.json', Buffer.from(`${'['.repeat(100)}${']'.repeat(100)}`)],
      ]),
    );
    await expect(openImage(`oci:${dir}`)).rejects.toMatchObject({
      exitCode: 2,
      hint: expect.stringContaining('SHIPSHAPE_MAX_IMAGE_JSON_DEPTH'),
    });
    await expect(
      openImage(`oci:${dir}`, { limits: { ...DEFAULT_LIMITS, imageJsonBytes: 10 } }),
    ).rejects.toThrow(/imageJsonBytes/);
    const dir2 = writeDir(
      tmp(),
      new Map([
        ['oci-layout', Buffer.from('{}')],
        [
          'index.json',
          Buffer.from(JSON.stringify({ manifests: [{ digest: 'sha256:../../../etc/passwd' }] })),
        ],
      ]),
    );
    await expect(openImage(`oci:${dir2}`)).rejects.toThrow(/invalid digest/);
  });

  it('reports a truncated archive', async () => {
    const file = await writeTar(
      join(tmp(), 'img.tar'),
      dockerArchiveFiles(await buildImage(recipe), 'legacy'),
    );
    const { readFileSync } = await import('node:fs');
    const cut = join(tmp(), 'cut.tar');
    writeFileSync(cut, readFileSync(file).subarray(0, 1500));
    await expect(openImage(cut)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/truncated/),
    });
  });

  it('reads dir: without following symlinks out of it', async () => {
    const root = tmp();
    mkdirSync(join(root, 'etc'));
    writeFileSync(join(root, 'etc/os-release'), 'ID=alpine\n');
    symlinkSync('/etc/passwd', join(root, 'etc/passwd-link'));
    const img = await loadImage(await openImage(`dir:${root}`), { globs: ['/etc/**'] });
    expect(img.fs.read('/etc/os-release')?.toString()).toBe('ID=alpine\n');
    expect(img.fs.lstat('/etc/passwd-link')?.type).toBe('symlink');
    expect(img.fs.read('/etc/passwd-link')).toBeUndefined();
    expect((await openImage(root)).transport).toBe('dir');
  });

  it('reads a wanted symlink whose target sits in another layer (Debian /etc/os-release)', async () => {
    const built = await buildImage({
      layers: [
        { entries: [{ name: 'usr/lib/os-release', content: 'ID=debian' }], compression: 'none' },
        { entries: [{ name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' }] },
      ],
    });
    const dir = writeDir(tmp(), ociLayoutFiles([{ image: built }]));
    const img = await loadImage(await openImage(`oci:${dir}`), { globs: ['/etc/os-release'] });
    expect(img.fs.read('/etc/os-release')?.toString()).toBe('ID=debian');
    expect(img.layers.map((l) => l.compression)).toEqual(['none', 'gzip']);
  });

  it('says so for missing paths and invalid registry references', async () => {
    await expect(openImage('/no/such/file.tar')).rejects.toMatchObject({ exitCode: 2 });
    // Reading real registries is test/registry.test.ts's business; an invalid reference fails before any request.
    await expect(openImage('docker://Alpine:3.19')).rejects.toMatchObject({ exitCode: 2 });
    await expect(openImage('oci-archive:/no/such')).rejects.toMatchObject({ exitCode: 2 });
  });
});
