import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../memory-source.js';
import { apkCataloger } from './index.js';
import { parseApkInstalled } from './parse-installed.js';

const INSTALLED = readFileSync(new URL('./fixtures/installed', import.meta.url), 'utf8');
const alpine320 = {
  id: 'alpine',
  versionId: '3.20.3',
  ecosystem: 'Alpine:v3.20',
  purlNamespace: 'alpine',
  purlDistro: 'alpine-3.20',
  foundIn: '/etc/os-release',
};

describe('parseApkInstalled', () => {
  it('reads name, version, arch, origin, license and files', () => {
    const { entries, errors } = parseApkInstalled(INSTALLED);
    expect(errors).toEqual([]);
    expect(entries.map((e) => [e.name, e.version, e.arch, e.origin, e.license])).toEqual([
      ['musl', '1.2.5-r0', 'x86_64', 'musl', 'MIT'],
      ['libcrypto3', '3.3.2-r0', 'x86_64', 'openssl', 'Apache-2.0'],
      ['py3-yaml', '6.0.1-r3', 'x86_64', 'py3-yaml', 'MIT'],
    ]);
    expect(entries[0]!.files).toEqual(['/lib/ld-musl-x86_64.so.1', '/lib/libc.musl-x86_64.so.1']);
    expect(entries[1]!.files).toEqual(['/usr/lib/libcrypto.so.3', '/usr/lib/engines-3/afalg.so']);
  });

  it('reports records without a name and bad lines, and keeps the rest', () => {
    const { entries, errors } = parseApkInstalled('P:a\nV:1-r0\n\nV:2-r0\nnonsense\n\nP:b\nV:3-r0\n');
    expect(entries.map((e) => e.name)).toEqual(['a', 'b']);
    expect(errors).toEqual([
      { line: 5, message: 'not an "X:value" line: "nonsense"' },
      { line: 4, message: 'record without P: field' },
    ]);
  });
});

describe('apkCataloger', () => {
  it('builds purls with the distro and keeps the origin as the source', () => {
    const fs = memorySource({ '/lib/apk/db/installed': { content: INSTALLED, layer: 0 } });
    const r = apkCataloger.catalog(fs, { distro: alpine320 });
    expect(r.unknowns).toEqual([]);
    expect(r.packages[1]).toEqual({
      name: 'libcrypto3',
      version: '3.3.2-r0',
      type: 'apk',
      purl: 'pkg:apk/alpine/libcrypto3@3.3.2-r0?arch=x86_64&distro=alpine-3.20',
      source: { name: 'openssl', version: '3.3.2-r0' },
      licenses: ['Apache-2.0'],
      layer: 0,
      locations: ['/lib/apk/db/installed'],
    });
    expect(r.ownedFiles).toContain('/usr/lib/python3.12/site-packages/PyYAML-6.0.1.dist-info/METADATA');
  });

  it('turns a corrupt database into an unknown', () => {
    const fs = memorySource({ '/lib/apk/db/installed': Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff]) });
    const r = apkCataloger.catalog(fs, {});
    expect(r.packages).toEqual([]);
    expect(r.unknowns).toHaveLength(1);
    expect(r.unknowns[0]!.path).toBe('/lib/apk/db/installed');
  });
});
