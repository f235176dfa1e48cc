import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Distro, Package } from '../catalog/types.js';
import { importOsv } from './db/import.js';
import { openDatabase, type VulnDb } from './db/schema.js';
import { matchPackages, prioritize } from './scan.js';
import { cvssScore, prepareCvss } from './severity.js';

let dir: string;
let db: VulnDb;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-scan-'));
  db = await openDatabase(join(dir, 'v.db'), { create: true });
  await importOsv(db, [join(__dirname, 'db', 'fixtures', 'osv')]);
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const distro = (id: string, versionId: string, ecosystem: string): Distro => ({
  id,
  versionId,
  ecosystem,
  purlNamespace: id,
  foundIn: '/etc/os-release',
});
const pkg = (p: Partial<Package> & Pick<Package, 'type' | 'name' | 'version' | 'purl'>): Package => ({
  locations: ['/x'],
  ...p,
});

describe('matchPackages over real OSV records', () => {
  it('Debian: by source package, within the image release only, with the fix and merged upstream ids', async () => {
    const libssl = pkg({
      type: 'deb',
      name: 'libssl1.1',
      version: '1.1.0l-1~deb9u5',
      purl: 'pkg:deb/debian/libssl1.1@1.1.0l-1~deb9u5',
      source: { name: 'openssl', version: '1.1.0l-1~deb9u5' },
    });
    const r9 = await matchPackages(db, [libssl], distro('debian', '9', 'Debian:9'));
    expect(r9.matches.map((m) => [m.id, m.ruleId, m.fixedVersions, m.aliases])).toEqual([
      ['DLA-3008-1', 'CVE-2022-1292', ['1.1.0l-1~deb9u6'], ['CVE-2022-1292', 'DEBIAN-CVE-2022-1292']],
    ]);
    // The same package on Debian 12 is not touched by a Debian 9 advisory.
    expect((await matchPackages(db, [libssl], distro('debian', '12', 'Debian:12'))).matches).toEqual([]);
    // The fixed version itself, and its binNMU rebuild, are not affected.
    const fixed = {
      ...libssl,
      version: '1.1.0l-1~deb9u6+b1',
      source: { name: 'openssl', version: '1.1.0l-1~deb9u6' },
    };
    expect((await matchPackages(db, [fixed], distro('debian', '9', 'Debian:9'))).matches).toEqual([]);
  });

  it('binary packages of one source get the same findings, each its own copy, in package order', async () => {
    const source = { name: 'openssl', version: '1.1.0l-1~deb9u5' };
    const binaries = ['libssl1.1', 'openssl', 'libssl-dev'].map((name) =>
      pkg({
        type: 'deb',
        name,
        version: source.version,
        purl: `pkg:deb/debian/${name}@${source.version}`,
        source,
      }),
    );
    const all = await matchPackages(db, binaries, distro('debian', '9', 'Debian:9'));
    expect(all.matches.map((m) => m.package.name).sort()).toEqual(['libssl-dev', 'libssl1.1', 'openssl']);
    for (const b of binaries) {
      const alone = (await matchPackages(db, [b], distro('debian', '9', 'Debian:9'))).matches;
      expect(all.matches.filter((m) => m.package === b)).toEqual(alone);
    }
    const [a, b] = all.matches;
    expect(a!.aliases).not.toBe(b!.aliases);
    expect(a!.fixedVersions).not.toBe(b!.fixedVersions);
  });

  it('an unfixed record is reported with no fixed version, not dropped', async () => {
    const odbc = pkg({
      type: 'deb',
      name: 'unixodbc',
      version: '2.3.6-0.1',
      purl: 'pkg:deb/debian/unixodbc@2.3.6-0.1',
    });
    const r = await matchPackages(db, [odbc], distro('debian', '10', 'Debian:10'));
    expect(r.matches.map((m) => [m.ruleId, m.fixedVersions])).toEqual([['CVE-2024-1013', []]]);
  });

  it('npm GHSA with its CVE alias, scored from the CVSS vector', async () => {
    const lodash = pkg({ type: 'npm', name: 'lodash', version: '4.17.20', purl: 'pkg:npm/lodash@4.17.20' });
    const newer = pkg({ type: 'npm', name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.21' });
    const r = await matchPackages(db, [lodash, newer], undefined);
    expect(r.matches).toHaveLength(1);
    const m = r.matches[0];
    expect(m).toMatchObject({
      id: 'GHSA-29mw-wpgm-hmr9',
      ruleId: 'CVE-2020-28500',
      fixedVersions: ['4.17.21'],
    });
    expect(m?.aliases).toEqual(['CVE-2020-28500']);
    expect(m?.severitySource).toBe('cvss');
    expect(m?.cvss?.score).toBeGreaterThan(0);
  });

  it('Maven, Go stdlib, PyPI and AlmaLinux (epoch) records', async () => {
    const alma = distro('almalinux', '9.3', 'AlmaLinux:9');
    const r = await matchPackages(
      db,
      [
        pkg({
          type: 'maven',
          name: 'log4j-core',
          version: '2.14.1',
          purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        }),
        pkg({ type: 'golang', name: 'stdlib', version: '1.18.5', purl: 'pkg:golang/stdlib@1.18.5' }),
        pkg({ type: 'golang', name: 'stdlib', version: '1.18.6', purl: 'pkg:golang/stdlib@1.18.6' }),
        pkg({ type: 'pypi', name: 'pip', version: '23.2.1', purl: 'pkg:pypi/pip@23.2.1' }),
        pkg({
          type: 'rpm',
          name: 'openssl',
          version: '1:3.0.7-27.el9',
          purl: 'pkg:rpm/almalinux/openssl@3.0.7-27.el9?arch=x86_64&epoch=1',
        }),
        pkg({
          type: 'rpm',
          name: 'openssl',
          version: '1:3.0.7-28.el9_4',
          purl: 'pkg:rpm/almalinux/openssl@3.0.7-28.el9_4?arch=x86_64&epoch=1',
        }),
      ],
      alma,
    );
    const got = r.matches
      .map((m) => `${m.package.name}@${m.package.version} ${m.ruleId} fix=${m.fixedVersions.join(',')}`)
      .sort();
    expect(got).toEqual([
      'log4j-core@2.14.1 CVE-2021-44228 fix=2.15.0',
      'openssl@1:3.0.7-27.el9 ALSA-2024:6783 fix=1:3.0.7-28.el9_4',
      'pip@23.2.1 CVE-2023-5752 fix=23.3',
      'stdlib@1.18.5 CVE-2022-27664 fix=1.18.6',
    ]);
    // Priority: critical log4j first.
    expect(r.matches[0]?.package.name).toBe('log4j-core');
    expect(r.matches[0]?.severity).toBe('critical');
  });
});

describe('what import works out ahead of a scan', () => {
  const V3 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
  const V3_LOW = 'CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N';
  const V4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N';
  const rec = (id: string, affected: object[], extra: object = {}) => ({
    id,
    modified: '2024-01-01T00:00:00Z',
    summary: id,
    affected,
    ...extra,
  });
  const entry = (name: string, extra: object = {}) => ({
    package: { ecosystem: 'npm', name },
    ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }],
    ...extra,
  });
  let db2: VulnDb;
  beforeAll(async () => {
    const { writeFileSync } = await import('node:fs');
    const file = join(dir, 'scored.json');
    writeFileSync(
      file,
      JSON.stringify([
        rec('TEST-V3', [entry('a')], { severity: [{ type: 'CVSS_V3', score: V3 }] }),
        // The entry adds a v4 vector the record lacks: it wins over the record's v3, scored at scan time.
        rec('TEST-ADD-V4', [entry('b', { severity: [{ type: 'CVSS_V4', score: V4 }] })], {
          severity: [{ type: 'CVSS_V3', score: V3_LOW }],
        }),
        // Listed only in versions[]; the text of the second list holds `"1.0.1"` inside an element.
        rec('TEST-LISTED', [{ package: { ecosystem: 'npm', name: 'c' }, versions: ['1.0.0', '1.0.1'] }]),
        rec('TEST-QUOTED', [{ package: { ecosystem: 'npm', name: 'd' }, versions: ['x"1.0.1', '1.0.10'] }]),
        rec('TEST-URGENCY', [entry('e', { ecosystem_specific: { urgency: 'unimportant' } })]),
      ]),
    );
    db2 = await openDatabase(join(dir, 'scored.db'), { create: true });
    await importOsv(db2, [file]);
  });
  afterAll(() => db2?.close());
  const npm = (name: string, version: string) =>
    pkg({ type: 'npm', name, version, purl: `pkg:npm/${name}@${version}` });

  it('scores the record at import as the calculator does, and an entry vector the record lacks at scan time', async () => {
    await prepareCvss();
    const r = await matchPackages(db2, [npm('a', '1.0.0'), npm('b', '1.0.0')], undefined);
    const byId = new Map(r.matches.map((m) => [m.id, m]));
    expect(byId.get('TEST-V3')?.cvss).toEqual(cvssScore(V3));
    expect(byId.get('TEST-V3')?.severity).toBe('critical');
    expect(byId.get('TEST-ADD-V4')?.cvss).toEqual(cvssScore(V4));
    expect(byId.get('TEST-ADD-V4')?.cvss?.version).toBe('4.0');
    // The stored score is the record's own (v3 only); the finding's is the entry's v4.
    const stored = db2.sqlite
      .prepare("SELECT cvss_score, cvss_version, cvss_vector FROM vulns WHERE id = 'TEST-ADD-V4'")
      .get();
    expect(stored).toEqual({
      cvss_score: cvssScore(V3_LOW)!.score,
      cvss_version: '3.1',
      cvss_vector: V3_LOW,
    });
  });

  it('versions[] lists: an exact element matches, the same text inside another element does not', async () => {
    const r = await matchPackages(
      db2,
      [npm('c', '1.0.1'), npm('c', '1.0.2'), npm('d', '1.0.1'), npm('d', '1.0.10')],
      undefined,
    );
    expect(r.matches.map((m) => `${m.package.name}@${m.package.version} ${m.id}`).sort()).toEqual([
      'c@1.0.1 TEST-LISTED',
      'd@1.0.10 TEST-QUOTED',
    ]);
  });

  it("the entry's triage word, stored at import, is the finding's status and label", async () => {
    const [m] = (await matchPackages(db2, [npm('e', '1.0.0')], undefined)).matches;
    expect(m).toMatchObject({
      id: 'TEST-URGENCY',
      status: 'unimportant',
      severity: 'info',
      severitySource: 'label',
    });
  });
});

describe('prioritize', () => {
  it("puts the user's own layers before the base image's, after every other criterion", async () => {
    const lodash = (layer: number, version: string) =>
      pkg({ type: 'npm', name: 'lodash', version, purl: `pkg:npm/lodash@${version}`, layer });
    const r = await matchPackages(db, [lodash(0, '4.17.19'), lodash(3, '4.17.20')], undefined);
    expect(r.matches.map((m) => m.package.layer)).toEqual([0, 3]);
    const sorted = prioritize([...r.matches], (m) => m.package.layer === 0);
    expect(sorted.map((m) => m.package.layer)).toEqual([3, 0]);
    // A stronger criterion still wins: a known exploited base-image finding comes first.
    const exploited = r.matches.map((m) => ({ ...m, knownExploited: m.package.layer === 0 }));
    expect(prioritize(exploited, (m) => m.package.layer === 0).map((m) => m.package.layer)).toEqual([0, 3]);
  });
});
