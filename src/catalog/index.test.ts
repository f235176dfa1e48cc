import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchGlob } from '../core/glob.js';
import { CATALOGERS, catalogAll, catalogGlobs } from './index.js';
import { memorySource } from './memory-source.js';

const STATUS = readFileSync(new URL('./dpkg/fixtures/status', import.meta.url), 'utf8');
const APK = readFileSync(new URL('./apk/fixtures/installed', import.meta.url), 'utf8');

describe('globs', () => {
  it('keeps * within a segment and lets ** span segments', () => {
    expect(matchGlob('/**/node_modules/*/package.json', '/node_modules/a/package.json')).toBe(true);
    expect(
      matchGlob('/**/node_modules/*/package.json', '/app/node_modules/a/node_modules/b/package.json'),
    ).toBe(true);
    expect(matchGlob('/**/node_modules/*/package.json', '/app/node_modules/a/lib/package.json')).toBe(false);
    expect(matchGlob('/var/lib/dpkg/status.d/*', '/var/lib/dpkg/status.d/x/y')).toBe(false);
    expect(matchGlob('/**/*.egg-info', '/usr/lib/python3/dist-packages/PyYAML-6.0.egg-info')).toBe(true);
  });

  it('every cataloger has a name, a version and globs or extractors (with unique ids)', () => {
    for (const c of CATALOGERS) {
      expect(c.name).toMatch(/^[a-z-]+$/);
      expect(Number.isInteger(c.version) && c.version > 0).toBe(true);
      expect(c.globs.length + (c.extractors?.length ?? 0)).toBeGreaterThan(0);
    }
    expect(new Set(CATALOGERS.map((c) => c.name)).size).toBe(CATALOGERS.length);
    const ids = CATALOGERS.flatMap((c) => c.extractors ?? []).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(catalogGlobs()).toContain('/etc/os-release');
  });
});

describe('catalogAll', () => {
  it('detects Debian, catalogs dpkg and languages, and drops language packages owned by dpkg', () => {
    const fs = memorySource({
      '/etc/os-release': 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n',
      '/var/lib/dpkg/status': STATUS,
      '/var/lib/dpkg/info/python3-yaml.list': '/.\n/usr/lib/python3/dist-packages/PyYAML-6.0.egg-info\n',
      '/usr/lib/python3/dist-packages/PyYAML-6.0.egg-info': 'Name: PyYAML\nVersion: 6.0\n',
      '/usr/local/lib/python3.11/site-packages/PyYAML-6.0.1.dist-info/METADATA':
        'Name: PyYAML\nVersion: 6.0.1\n',
      '/app/node_modules/left-pad/package.json': {
        content: '{"name":"left-pad","version":"1.3.0"}',
        layer: 7,
      },
      '/app/node_modules/bad/package.json': '{',
    });
    const inv = catalogAll(fs);
    expect(inv.distro?.ecosystem).toBe('Debian:12');
    expect(inv.packages.filter((p) => p.type === 'deb')).toHaveLength(6);
    expect(inv.packages.find((p) => p.name === 'libssl3')!.purl).toBe(
      'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
    );
    // The pip-installed copy stays; the one python3-yaml installed is reported once, as python3-yaml.
    expect(inv.packages.filter((p) => p.type === 'pypi').map((p) => p.version)).toEqual(['6.0.1']);
    expect(inv.packages.find((p) => p.type === 'npm')).toMatchObject({ name: 'left-pad', layer: 7 });
    expect(inv.unknowns).toEqual([
      { path: '/app/node_modules/bad/package.json', reason: expect.any(String) },
    ]);
    // Sorted by type then name: deterministic output for SBOMs and caches.
    expect(inv.packages.map((p) => p.type)).toEqual([...inv.packages.map((p) => p.type)].sort());
  });

  it('resolves merged-/usr paths when deciding ownership (dpkg lists /lib, the file is at /usr/lib)', () => {
    const base = memorySource({
      '/etc/os-release': 'ID=debian\nVERSION_ID="12"\n',
      '/var/lib/dpkg/status': STATUS,
      '/var/lib/dpkg/info/python3-yaml.list': '/.\n/lib/python3/dist-packages/PyYAML-6.0.egg-info\n',
      '/usr/lib/python3/dist-packages/PyYAML-6.0.egg-info': 'Name: PyYAML\nVersion: 6.0\n',
    });
    const merged = { ...base, realpath: (p: string) => p.replace(/^\/lib\//, '/usr/lib/') };
    expect(catalogAll(merged).packages.filter((p) => p.type === 'pypi')).toEqual([]);
    // Without symlink resolution the two paths differ and the egg-info would be reported twice.
    expect(catalogAll(base).packages.filter((p) => p.type === 'pypi')).toHaveLength(1);
  });

  it('catalogs Alpine with apk file ownership', () => {
    const fs = memorySource({
      '/etc/os-release': 'ID=alpine\nVERSION_ID=3.20.3\n',
      '/lib/apk/db/installed': APK,
      '/usr/lib/python3.12/site-packages/PyYAML-6.0.1.dist-info/METADATA': 'Name: PyYAML\nVersion: 6.0.1\n',
    });
    const inv = catalogAll(fs);
    expect(inv.packages.map((p) => p.purl)).toEqual([
      'pkg:apk/alpine/libcrypto3@3.3.2-r0?arch=x86_64&distro=alpine-3.20',
      'pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20',
      'pkg:apk/alpine/py3-yaml@6.0.1-r3?arch=x86_64&distro=alpine-3.20',
    ]);
    expect(inv.unknowns).toEqual([]);
  });

  it('returns an empty inventory for an empty filesystem', () => {
    expect(catalogAll(memorySource({}))).toEqual({ packages: [], unknowns: [] });
  });
});
