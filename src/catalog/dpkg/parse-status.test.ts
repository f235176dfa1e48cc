import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { memorySource } from '../memory-source.js';
import { dpkgCataloger } from './index.js';
import {
  isInstalled,
  parseDpkgStatus,
  parseFileList,
  parseSourceField,
  parseStanzas,
} from './parse-status.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const STATUS = fixture('status');
const debian12 = {
  id: 'debian',
  versionId: '12',
  ecosystem: 'Debian:12',
  purlNamespace: 'debian',
  purlDistro: 'debian-12',
  foundIn: '/etc/os-release',
};

describe('parseDpkgStatus', () => {
  it('reads every stanza with a version, with source names and versions', () => {
    const { entries, errors } = parseDpkgStatus(STATUS);
    expect(errors).toEqual([]);
    const installed = entries.filter((e) => isInstalled(e.status));
    expect(installed.map((e) => [e.name, e.version, e.sourceName, e.sourceVersion])).toEqual([
      ['base-files', '12.4+deb12u5', 'base-files', '12.4+deb12u5'],
      ['libssl3', '3.0.11-1~deb12u2', 'openssl', '3.0.11-1~deb12u2'],
      ['libgcc-s1', '12.2.0-14', 'gcc-12', '12.2.0-14'],
      ['libsystemd0', '252.22-1~deb12u1+b1', 'systemd', '252.22-1~deb12u1'],
      ['libcap2', '1:2.66-4', 'libcap2', '1:2.66-4'],
      ['python3-yaml', '6.0-3+b2', 'pyyaml', '6.0-3+b2'],
    ]);
    // config-files is not installed; the purged stanza has no version at all.
    expect(entries.find((e) => e.name === 'vim-tiny')?.status).toBe('deinstall ok config-files');
    expect(entries.some((e) => e.name === 'nano')).toBe(false);
  });

  it('joins continuation lines onto their field', () => {
    const { stanzas } = parseStanzas(STATUS);
    const conffiles = stanzas[0]!.fields.get('conffiles')!;
    expect(conffiles.split('\n')).toHaveLength(4);
    expect(conffiles).toContain('/etc/host.conf');
  });

  it('reports malformed lines with positions and keeps the good stanzas', () => {
    const text =
      'Package: a\nVersion: 1\nStatus: install ok installed\n\nPackage: b\ngarbage here\nVersion: 2\n\n x\n';
    const { entries, errors } = parseDpkgStatus(text);
    expect(entries.map((e) => e.name)).toEqual(['a']);
    expect(errors.map((e) => e.line)).toEqual([6, 9]);
  });

  it('parses Source fields with and without versions', () => {
    expect(parseSourceField('gcc-12 (12.2.0-14)', 'libgcc-s1', 'x')).toEqual({
      sourceName: 'gcc-12',
      sourceVersion: '12.2.0-14',
    });
    expect(parseSourceField(undefined, 'bash', '5.2.15-2+b2')).toEqual({
      sourceName: 'bash',
      sourceVersion: '5.2.15-2+b2',
    });
  });

  it('reads file lists and md5sums', () => {
    expect(parseFileList('/.\n/usr\n/usr/bin/ls\n', 'list')).toEqual(['/usr', '/usr/bin/ls']);
    expect(parseFileList('0123456789abcdef0123456789abcdef  usr/lib/x.so\n', 'md5sums')).toEqual([
      '/usr/lib/x.so',
    ]);
  });
});

describe('dpkgCataloger', () => {
  it('returns installed packages with purls, layers from the file lists, and owned files', () => {
    const fs = memorySource({
      '/var/lib/dpkg/status': { content: STATUS, layer: 3 },
      '/var/lib/dpkg/info/libssl3:amd64.list': {
        content: '/.\n/usr/lib/x86_64-linux-gnu/libssl.so.3\n',
        layer: 1,
      },
      '/var/lib/dpkg/info/python3-yaml.list': {
        content: '/usr/lib/python3/dist-packages/PyYAML-6.0.egg-info\n',
        layer: 2,
      },
    });
    const r = dpkgCataloger.catalog(fs, { distro: debian12 });
    expect(r.unknowns).toEqual([]);
    expect(r.packages).toHaveLength(6);
    const ssl = r.packages.find((p) => p.name === 'libssl3')!;
    expect(ssl).toEqual({
      name: 'libssl3',
      version: '3.0.11-1~deb12u2',
      type: 'deb',
      purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
      source: { name: 'openssl', version: '3.0.11-1~deb12u2' },
      layer: 1,
      locations: ['/var/lib/dpkg/status'],
    });
    expect(r.packages.find((p) => p.name === 'base-files')!.layer).toBe(3);
    expect(r.ownedFiles).toContain('/usr/lib/python3/dist-packages/PyYAML-6.0.egg-info');
  });

  it('uses the ubuntu namespace on Ubuntu', () => {
    const fs = memorySource({ '/var/lib/dpkg/status': STATUS });
    const ubuntu = { ...debian12, id: 'ubuntu', purlNamespace: 'ubuntu', purlDistro: 'ubuntu-22.04' };
    const r = dpkgCataloger.catalog(fs, { distro: ubuntu });
    expect(r.packages[0]!.purl).toBe('pkg:deb/ubuntu/base-files@12.4+deb12u5?arch=amd64&distro=ubuntu-22.04');
  });

  it('reads distroless status.d files, which have no Status field, and their md5sums', () => {
    const fs = memorySource({
      '/var/lib/dpkg/status.d/libssl3': { content: fixture('distroless-libssl3'), layer: 0 },
      '/var/lib/dpkg/status.d/libssl3.md5sums':
        'c9b2d1e9f0b1a2c3d4e5f60718293a4b  usr/lib/x86_64-linux-gnu/libssl.so.3\n',
      '/var/lib/dpkg/status.d/tzdata': { content: fixture('distroless-tzdata'), layer: 1 },
    });
    const r = dpkgCataloger.catalog(fs, { distro: debian12 });
    expect(r.unknowns).toEqual([]);
    expect(r.packages.map((p) => [p.name, p.source?.name, p.layer, p.locations[0]])).toEqual([
      ['libssl3', 'openssl', 0, '/var/lib/dpkg/status.d/libssl3'],
      ['tzdata', 'tzdata', 1, '/var/lib/dpkg/status.d/tzdata'],
    ]);
    expect(r.packages[1]!.purl).toBe('pkg:deb/debian/tzdata@2024a-0+deb12u1?arch=all&distro=debian-12');
    expect(r.ownedFiles).toEqual(['/usr/lib/x86_64-linux-gnu/libssl.so.3']);
  });

  it('turns a corrupt database into an unknown, never an exception', () => {
    const fs = memorySource({
      '/var/lib/dpkg/status': Buffer.from([0x00, 0xff, 0xfe, 0x0a, 0x20, 0x41, 0x0a]),
      '/var/lib/dpkg/status.d/broken': '\u0000\u0001binary',
    });
    const r = dpkgCataloger.catalog(fs, {});
    expect(r.packages).toEqual([]);
    expect(r.unknowns.map((u) => u.path)).toEqual(['/var/lib/dpkg/status', '/var/lib/dpkg/status.d/broken']);
  });
});

const itDpkg = requireTool('dpkg-query') ? it : it.skip;

describe('against dpkg-query', () => {
  itDpkg('lists the same installed packages, versions and sources as dpkg-query --admindir', () => {
    const admindir = mkdtempSync(join(tmpdir(), 'shipshape-dpkg-'));
    try {
      mkdirSync(join(admindir, 'info'));
      mkdirSync(join(admindir, 'updates'));
      writeFileSync(join(admindir, 'status'), STATUS);
      const out = execFileSync(
        'dpkg-query',
        [
          `--admindir=${admindir}`,
          '-W',
          '-f=${db:Status-Abbrev}|${Package}|${Version}|${source:Package}|${source:Version}\n',
        ],
        { encoding: 'utf8' },
      );
      const expected = out
        .split('\n')
        .filter((l) => l.startsWith('ii'))
        .map((l) => l.split('|').slice(1).join(' '))
        .sort();
      const fs = memorySource({ '/var/lib/dpkg/status': STATUS });
      const ours = dpkgCataloger
        .catalog(fs, {})
        .packages.map((p) => `${p.name} ${p.version} ${p.source?.name} ${p.source?.version}`)
        .sort();
      expect(expected.length).toBeGreaterThanOrEqual(6);
      expect(ours).toEqual(expected);
    } finally {
      rmSync(admindir, { recursive: true, force: true });
    }
  });
});
