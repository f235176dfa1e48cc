// `shipshape sbom` on small generated images: every format, validated (CycloneDX with the library's own validator).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { buildImage, dockerArchiveFiles, writeTar } from '../src/image/test-image.js';

const STATUS = `Package: base-files
Status: install ok installed
Priority: required
Architecture: amd64
Version: 12.4+deb12u5

Package: libssl3
Status: install ok installed
Architecture: amd64
Source: openssl
Version: 3.0.11-1~deb12u2

Package: zlib1g
Status: install ok installed
Architecture: amd64
Source: zlib (1:1.2.13.dfsg-1)
Version: 1:1.2.13.dfsg-1
`;

const APK_DB = `P:musl
V:1.2.5-r0
A:x86_64
L:MIT
o:musl

P:zlib
V:1.3.1-r1
A:x86_64
L:Zlib
o:zlib
`;

let dir: string;
let debian: string;
let alpine: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-sbom-'));
  const deb = await buildImage({
    layers: [
      {
        createdBy: '/bin/sh -c #(nop) ADD file:rootfs in /',
        entries: [
          { name: 'etc/', type: 'directory' },
          { name: 'usr/lib/os-release', content: 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n' },
          { name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
          { name: 'var/lib/dpkg/status', content: STATUS },
          { name: 'var/lib/dpkg/info/base-files.list', content: '/.\n/etc/debian_version\n' },
          {
            name: 'var/lib/dpkg/info/libssl3:amd64.list',
            content: '/.\n/usr/lib/x86_64-linux-gnu/libssl.so.3\n',
          },
          {
            name: 'var/lib/dpkg/info/zlib1g:amd64.list',
            content: '/.\n/usr/lib/x86_64-linux-gnu/libz.so.1\n',
          },
        ],
      },
      {
        createdBy: 'RUN npm install x && pip install requests',
        entries: [
          {
            name: 'app/node_modules/x/package.json',
            content: '{"name":"x","version":"1.2.3","license":"MIT"}',
          },
          {
            name: 'usr/local/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA',
            content: 'Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\nLicense: Apache-2.0\n',
          },
        ],
      },
    ],
  });
  debian = await writeTar(join(dir, 'debian.tar'), dockerArchiveFiles(deb, 'legacy'));
  const alp = await buildImage({
    layers: [
      {
        createdBy: 'ADD alpine-minirootfs.tar.gz /',
        entries: [
          { name: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.20.3\n' },
          { name: 'lib/apk/db/installed', content: APK_DB },
        ],
      },
    ],
  });
  alpine = await writeTar(join(dir, 'alpine.tar'), dockerArchiveFiles(alp, 'oci'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sbom(
  args: string[],
  env: Record<string, string> = { SHIPSHAPE_CACHE_DIR: join(dir, 'cache') },
) {
  let stdout = '';
  let stderr = '';
  const code = await main(['sbom', ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    cwd: dir,
  });
  return { code, stdout, stderr };
}

describe('shipshape sbom', () => {
  it('writes shipshape JSON in SPEC shape', async () => {
    const r = await sbom([`docker-archive:${debian}`, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, tool: { name: 'shipshape' }, findings: [] });
    expect(doc.target).toMatchObject({
      type: 'image',
      ref: `docker-archive:${debian}`,
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      os: { id: 'debian', version: '12' },
      platform: 'linux/amd64',
    });
    expect(doc.target.layers).toEqual([
      {
        index: 0,
        digest: expect.stringMatching(/^sha256:/),
        size: expect.any(Number),
        createdBy: '/bin/sh -c #(nop) ADD file:rootfs in /',
      },
      {
        index: 1,
        digest: expect.stringMatching(/^sha256:/),
        size: expect.any(Number),
        createdBy: 'RUN npm install x && pip install requests',
      },
    ]);
    const byName = Object.fromEntries(doc.packages.map((p: { name: string }) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(['base-files', 'libssl3', 'requests', 'x', 'zlib1g']);
    expect(byName.libssl3).toMatchObject({
      type: 'deb',
      purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
      source: { name: 'openssl' },
      layer: 0,
      locations: ['/var/lib/dpkg/status'],
    });
    expect(byName.x).toMatchObject({ type: 'npm', purl: 'pkg:npm/x@1.2.3', layer: 1 });
    expect(byName.requests).toMatchObject({
      type: 'pypi',
      layer: 1,
      purl: expect.stringMatching(/^pkg:pypi\/requests@2\.31\.0/),
    });
    for (const p of doc.packages) expect(p.locations.length).toBeGreaterThan(0);
  });

  it('caches layer results by digest in the cache dir, and --no-cache leaves it alone', async () => {
    const cache = join(dir, 'cache-test');
    const layerFiles = () =>
      readdirSync(join(cache, 'layers'), { recursive: true }).filter((f) => String(f).endsWith('.layer'));
    const cold = await sbom([`docker-archive:${debian}`, '--format', 'json'], { SHIPSHAPE_CACHE_DIR: cache });
    expect(layerFiles()).toHaveLength(2);
    const warm = await sbom([`docker-archive:${debian}`, '--format', 'json'], { SHIPSHAPE_CACHE_DIR: cache });
    expect(warm.code).toBe(0);
    expect(warm.stdout).toBe(cold.stdout);
    const other = join(dir, 'cache-none');
    const none = await sbom([`docker-archive:${debian}`, '--format', 'json', '--no-cache'], {
      SHIPSHAPE_CACHE_DIR: other,
    });
    expect(none.stdout).toBe(cold.stdout);
    expect(existsSync(other)).toBe(false);
  });

  it('a legacy docker save layer that does not hash to its diff id is refused (exit 2), and not cached', async () => {
    const built = await buildImage({
      layers: [{ entries: [{ name: 'etc/os-release', content: 'ID=debian\nVERSION_ID=12\n' }] }],
    });
    const files = dockerArchiveFiles(built, 'legacy');
    for (const [name, body] of files) {
      if (!name.endsWith('/layer.tar')) continue;
      const i = body.indexOf('debian');
      const tampered = Buffer.from(body);
      tampered.write('ubuntu', i);
      files.set(name, tampered);
    }
    const tar = await writeTar(join(dir, 'tampered.tar'), files);
    const cache = join(dir, 'cache-tampered');
    const r = await sbom([`docker-archive:${tar}`, '--format', 'json'], { SHIPSHAPE_CACHE_DIR: cache });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/layer 0.*digest mismatch: expected sha256:[0-9a-f]{64}, read sha256:/);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(existsSync(join(cache, 'layers'))).toBe(false);
  });

  it('writes CycloneDX 1.6 that the CycloneDX library validates (the default format)', async () => {
    for (const image of [debian, alpine]) {
      const r = await sbom([`docker-archive:${image}`]);
      expect(r.code).toBe(0);
      const errors = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(r.stdout);
      expect(errors).toBeNull();
      const bom = JSON.parse(r.stdout);
      expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
      expect(bom.metadata.component).toMatchObject({
        type: 'container',
        version: expect.stringMatching(/^sha256:/),
      });
      for (const c of bom.components) {
        expect(c.purl).toMatch(/^pkg:/);
        expect(c.properties).toContainEqual({
          name: 'shipshape:layer',
          value: expect.stringMatching(/^[01]$/),
        });
      }
    }
    const alp = JSON.parse((await sbom([`docker-archive:${alpine}`, '-f', 'cyclonedx-json'])).stdout);
    expect(alp.components.map((c: { purl: string }) => c.purl)).toEqual([
      'pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20',
      'pkg:apk/alpine/zlib@1.3.1-r1?arch=x86_64&distro=alpine-3.20',
    ]);
    expect(alp.components[0].licenses).toEqual([{ license: { id: 'MIT' } }]);
  });

  it('writes SPDX 2.3 with the required fields', async () => {
    const r = await sbom([`docker-archive:${debian}`, '--format', 'spdx-json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      spdxVersion: 'SPDX-2.3',
      dataLicense: 'CC0-1.0',
      SPDXID: 'SPDXRef-DOCUMENT',
    });
    expect(doc.name).toBeTruthy();
    expect(doc.documentNamespace).toMatch(/^https:\/\/.*[0-9a-f]{64}$/);
    expect(doc.creationInfo.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(doc.creationInfo.creators[0]).toMatch(/^Tool: shipshape-/);
    expect(doc.packages).toHaveLength(6);
    const ids = new Set<string>();
    for (const p of doc.packages) {
      expect(p.SPDXID).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/);
      ids.add(p.SPDXID);
      for (const k of ['name', 'downloadLocation', 'licenseConcluded', 'licenseDeclared', 'copyrightText'])
        expect(p[k], k).toBeTruthy();
    }
    expect(ids.size).toBe(6);
    expect(doc.relationships).toContainEqual({
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: 'SPDXRef-image',
    });
    expect(
      doc.relationships.filter((r: { relationshipType: string }) => r.relationshipType === 'CONTAINS'),
    ).toHaveLength(5);
    const x = doc.packages.find((p: { name: string }) => p.name === 'x');
    expect(x.externalRefs).toEqual([
      { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/x@1.2.3' },
    ]);
    expect(x.licenseDeclared).toBe('MIT');
  });

  it('prints a table and writes --output', async () => {
    const r = await sbom([`docker-archive:${debian}`, '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+VERSION\s+TYPE\s+LAYER$/m);
    expect(r.stdout).toMatch(/^libssl3\s+3\.0\.11-1~deb12u2\s+deb\s+0$/m);
    expect(r.stdout).toMatch(/^x\s+1\.2\.3\s+npm\s+1$/m);
    const out = await sbom([`docker-archive:${debian}`, '-o', 'bom.json']);
    expect(out).toMatchObject({ code: 0, stdout: '' });
    expect(JSON.parse(readFileSync(join(dir, 'bom.json'), 'utf8')).bomFormat).toBe('CycloneDX');
  });

  it('exits 2 with one clear message on bad input', async () => {
    const missing = await sbom([`docker-archive:${join(dir, 'nope.tar')}`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.tar: no such file or directory/);
    writeFileSync(
      join(dir, 'corrupt.tar'),
      Buffer.concat([readFileSync(debian).subarray(0, 1500), Buffer.alloc(100, 7)]),
    );
    const corrupt = await sbom([`docker-archive:${join(dir, 'corrupt.tar')}`]);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toMatch(/^shipshape: /);
    expect(corrupt.stderr).not.toMatch(/\n\s+at /);
    expect((await sbom([])).code).toBe(2);
    expect((await sbom([`docker-archive:${debian}`, '-f', 'xml'])).stderr).toMatch(/unknown format 'xml'/);
  });
});
