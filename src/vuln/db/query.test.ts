import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from './import.js';
import type { OsvRecord } from './osv.js';
import {
  affectedOf,
  aliasesOf,
  byId,
  candidates,
  epssOf,
  epssScores,
  kevOf,
  kevSet,
  status,
  summariesOf,
  type VulnSummary,
} from './query.js';
import { openDatabase, SCHEMA_VERSION, type VulnDb } from './schema.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'osv');
const RECORDS = new Map(
  readdirSync(FIXTURES).map((f) => {
    const r = JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as OsvRecord;
    return [r.id, r];
  }),
);
const record = (id: string) => RECORDS.get(id)!;

let dir: string;
let db: VulnDb;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-db-query-'));
  // One record without a release suffix, made from a real one, to check that it matches every release.
  const bare = structuredClone(record('DLA-3008-1'));
  bare.id = 'TEST-BARE-1';
  bare.affected![0]!.package!.ecosystem = 'Debian';
  mkdirSync(join(dir, 'extra'));
  writeFileSync(join(dir, 'extra', 'TEST-BARE-1.json'), JSON.stringify(bare));
  writeFileSync(
    join(dir, 'kev.json'),
    JSON.stringify({
      title: 'CISA Catalog of Known Exploited Vulnerabilities',
      catalogVersion: '2025.01.02',
      vulnerabilities: [
        {
          cveID: 'CVE-2021-44228',
          dateAdded: '2021-12-10',
          dueDate: '2021-12-24',
          knownRansomwareCampaignUse: 'Known',
        },
      ],
    }),
  );
  writeFileSync(
    join(dir, 'epss.csv.gz'),
    gzipSync(
      '#model_version:v2025.03.14,score_date:2025-03-17T00:00:00Z\ncve,epss,percentile\nCVE-2021-44228,0.94358,0.99957\n',
    ),
  );
  const path = join(dir, 'v.db');
  await importFiles(path, [FIXTURES, join(dir, 'extra'), join(dir, 'kev.json'), join(dir, 'epss.csv.gz')]);
  db = await openDatabase(path);
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = (list: { vuln: { id: string } }[]) => list.map((c) => c.vuln.id);

describe('candidates', () => {
  it('filters by release: Debian:10 sees only the Debian 10 entry of a record that lists two', () => {
    const ten = candidates(db, 'Debian:10', 'chromium');
    expect(ids(ten)).toEqual(['CVE-2024-3847']);
    // The oracle: the record's own affected[] entry for Debian:10.
    const entry = record('CVE-2024-3847').affected!.find((a) => a.package?.ecosystem === 'Debian:10')!;
    expect(ten[0]!.affected).toEqual([
      {
        ecosystem: 'Debian:10',
        base: 'Debian',
        release: '10',
        name: 'chromium',
        ranges: entry.ranges,
        versions: [],
        ecosystemSpecific: entry.ecosystem_specific,
        // Debian's urgency, the triage word a report shows.
        status: entry.ecosystem_specific!.urgency,
      },
    ]);
    expect(entry.ecosystem_specific!.urgency).toBe('low');
    expect(candidates(db, 'Debian:11', 'chromium')[0]!.affected.map((a) => a.ecosystem)).toEqual([
      'Debian:11',
    ]);
    expect(candidates(db, 'Debian:12', 'chromium')).toEqual([]);
    // No release asked for: every release.
    expect(candidates(db, 'Debian', 'chromium')[0]!.affected.map((a) => a.ecosystem)).toEqual([
      'Debian:10',
      'Debian:11',
    ]);
  });

  it('returns records without a release for any release', () => {
    expect(ids(candidates(db, 'Debian:12', 'openssl'))).toEqual(['TEST-BARE-1']);
    expect(ids(candidates(db, 'Debian:9', 'openssl'))).toEqual(['DLA-3008-1', 'TEST-BARE-1']);
  });

  it('keeps ecosystems apart, and packages within a record apart', () => {
    const npm = candidates(db, 'npm', 'lodash');
    expect(ids(npm)).toEqual(['GHSA-29mw-wpgm-hmr9']);
    expect(npm[0]!.affected.map((a) => `${a.ecosystem}/${a.name}`)).toEqual(['npm/lodash']);
    const gem = candidates(db, 'RubyGems', 'lodash-rails');
    expect(gem[0]!.affected.map((a) => `${a.ecosystem}/${a.name}`)).toEqual(['RubyGems/lodash-rails']);
    expect(gem[0]!.affected[0]!.versions).toEqual(
      record('GHSA-29mw-wpgm-hmr9').affected!.find((a) => a.package?.name === 'lodash-rails')!.versions,
    );
    expect(candidates(db, 'npm', 'lodash-rails')).toEqual([]);
    expect(candidates(db, 'Go', 'stdlib')[0]!.affected[0]!.ecosystemSpecific).toHaveProperty('imports');
  });

  it('normalises names as the ecosystem does, and the ecosystem name case', () => {
    for (const name of ['pip', 'PIP', 'Pip'])
      expect(ids(candidates(db, 'PyPI', name))).toEqual(['PYSEC-2023-228']);
    expect(ids(candidates(db, 'pypi', 'pip'))).toEqual(['PYSEC-2023-228']);
    // npm names are case-sensitive.
    expect(candidates(db, 'npm', 'Lodash')).toEqual([]);
  });

  it('finds binary RPM names and Ubuntu releases with colons', () => {
    const alma = candidates(db, 'AlmaLinux:9', 'openssl-libs');
    expect(ids(alma)).toEqual(['ALSA-2024:6783']);
    expect(candidates(db, 'AlmaLinux:8', 'openssl-libs')).toEqual([]);
    expect(ids(candidates(db, 'Ubuntu:Pro:14.04:LTS', 'linux'))).toEqual(['UBUNTU-CVE-2025-38094']);
    expect(candidates(db, 'Ubuntu:14.04:LTS', 'linux')).toEqual([]);
  });

  it('leaves withdrawn records out unless asked', () => {
    expect(candidates(db, 'Go', 'github.com/gravitational/teleport')).toEqual([]);
    const all = candidates(db, 'Go', 'github.com/gravitational/teleport', { includeWithdrawn: true });
    expect(all.map((c) => [c.vuln.id, c.vuln.withdrawn])).toEqual([['GO-2024-2442', '2024-01-23T12:50:23Z']]);
    expect(candidates(db, 'crates.io', 'ssdeep')).toEqual([]);
  });

  it('carries the facts a finding needs', () => {
    const [dla] = candidates(db, 'Debian:9', 'openssl');
    expect(dla!.vuln).toEqual({
      id: 'DLA-3008-1',
      modified: '2026-03-09T01:23:33.375630Z',
      published: '2022-05-14T00:00:00Z',
      summary: 'openssl - security update',
      title: 'openssl - security update',
      aliases: [],
      upstream: ['CVE-2022-1292', 'DEBIAN-CVE-2022-1292'],
      related: [],
      cvss: {},
    });
    // A record without a summary (Debian's) is titled by the first sentence of its details, stored at import.
    const [unixodbc] = candidates(db, 'Debian:10', 'unixodbc');
    expect(unixodbc!.vuln.summary).toBeUndefined();
    expect(unixodbc!.vuln.title).toBe(
      'An out-of-bounds stack write flaw was found in unixODBC on 64-bit architectures where the caller has 4 bytes and callee writes 8 bytes.',
    );
    const [log4j] = candidates(db, 'Maven', 'org.apache.logging.log4j:log4j-core');
    expect(log4j!.vuln).toMatchObject({
      id: 'GHSA-jfh8-c2jp-5v3q',
      aliases: ['CVE-2021-44228'],
      cvss: { v3: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' },
      severityLabel: 'CRITICAL',
      severity: record('GHSA-jfh8-c2jp-5v3q').severity,
    });
  });
});

describe('byId, aliasesOf, kevOf, epssOf', () => {
  it('returns the whole record as imported', () => {
    expect(byId(db, 'ALSA-2024:6783')!.record).toEqual(record('ALSA-2024:6783'));
    expect(byId(db, 'GHSA-29mw-wpgm-hmr9')!.vuln.aliases).toEqual(['CVE-2020-28500']);
    expect(byId(db, 'NOPE-1')).toBeUndefined();
  });

  it('follows aliases and upstream both ways, but not related', () => {
    expect(aliasesOf(db, 'CVE-2021-44228')).toEqual(['GHSA-jfh8-c2jp-5v3q']);
    expect(aliasesOf(db, 'GHSA-jfh8-c2jp-5v3q')).toEqual(['CVE-2021-44228']);
    expect(aliasesOf(db, 'CVE-2022-1292')).toEqual(['DLA-3008-1', 'TEST-BARE-1']);
    const related = record('ALSA-2024:6783').related!;
    expect(related.length).toBeGreaterThan(0);
    expect(aliasesOf(db, related[0]!)).toEqual([]);
  });

  it('knows KEV and EPSS facts by CVE', () => {
    expect(kevOf(db, 'CVE-2021-44228')).toEqual({
      cve: 'CVE-2021-44228',
      dateAdded: '2021-12-10',
      dueDate: '2021-12-24',
      ransomware: 'Known',
    });
    expect(kevOf(db, 'cve-2021-44228')?.cve).toBe('CVE-2021-44228');
    expect(kevOf(db, 'CVE-2020-28500')).toBeUndefined();
    expect(epssOf(db, 'CVE-2021-44228')).toEqual({ score: 0.94358, percentile: 0.99957 });
    expect(epssOf(db, 'CVE-2020-28500')).toBeUndefined();
  });
});

describe('the bulk reads a scan uses', () => {
  const asked: [string, string][] = [
    ['Debian:9', 'openssl'],
    ['npm', 'lodash'],
    ['Go', 'stdlib'],
    ['AlmaLinux:9', 'openssl-libs'],
    ['crates.io', 'ssdeep'],
    ['npm', 'no-such-package'],
  ];

  it('affectedOf and summariesOf together give what candidates gives, record by record', () => {
    for (const [ecosystem, name] of asked) {
      const groups = affectedOf(db, ecosystem, name);
      const summaries = summariesOf(
        db,
        groups.map((g) => g.id),
      );
      const joined = groups.map((g) => ({ vuln: summaries.get(g.id), affected: g.affected }));
      expect(joined).toEqual(candidates(db, ecosystem, name));
      const withdrawn = affectedOf(db, ecosystem, name, { includeWithdrawn: true }).map((g) => g.id);
      expect(withdrawn).toEqual(
        candidates(db, ecosystem, name, { includeWithdrawn: true }).map((c) => c.vuln.id),
      );
    }
    expect(affectedOf(db, 'crates.io', 'ssdeep')).toEqual([]);
    expect(affectedOf(db, 'crates.io', 'ssdeep', { includeWithdrawn: true }).length).toBe(1);
  });

  it('summariesOf reads each record once into the memo and skips unknown ids', () => {
    const memo = new Map<string, VulnSummary>();
    summariesOf(db, ['GHSA-29mw-wpgm-hmr9', 'NOPE-1', 'GHSA-29mw-wpgm-hmr9'], memo);
    const first = memo.get('GHSA-29mw-wpgm-hmr9');
    expect(first).toEqual(byId(db, 'GHSA-29mw-wpgm-hmr9')!.vuln);
    expect(memo.has('NOPE-1')).toBe(false);
    summariesOf(db, ['GHSA-29mw-wpgm-hmr9', 'DLA-3008-1'], memo);
    expect(memo.get('GHSA-29mw-wpgm-hmr9')).toBe(first);
    expect(memo.get('DLA-3008-1')).toEqual(byId(db, 'DLA-3008-1')!.vuln);
    // candidates() shares the memo: a record named by several packages is summarised once per scan.
    const [c] = candidates(db, 'npm', 'lodash', { summaries: memo });
    expect(memo.get(c!.vuln.id)).toBe(c!.vuln);
  });

  it('kevSet and epssScores agree with kevOf and epssOf, whatever the case', () => {
    const cves = ['CVE-2021-44228', 'cve-2021-44228', 'CVE-2020-28500', 'CVE-1999-0001'];
    const kev = kevSet(db, cves);
    const epss = epssScores(db, cves);
    for (const c of cves) {
      expect(kev.has(c.toUpperCase())).toBe(kevOf(db, c) !== undefined);
      expect(epss.get(c.toUpperCase())).toBe(epssOf(db, c)?.score);
    }
    expect(kevSet(db, []).size).toBe(0);
    expect(epssScores(db, []).size).toBe(0);
  });
});

describe('status', () => {
  it('counts records, ecosystems and sources, and the age', () => {
    const updated = Date.parse(status(db).updated!);
    const s = status(db, new Date(updated + 3 * 3600_000));
    expect(s).toMatchObject({
      schemaVersion: SCHEMA_VERSION,
      vulnerabilities: 13,
      withdrawn: 2,
      kev: 1,
      epss: 1,
      ageSeconds: 3 * 3600,
    });
    expect(s.bytes).toBeGreaterThan(0);
    expect(s.ecosystems).toContainEqual({ ecosystem: 'Debian', records: 4 });
    expect(s.ecosystems).toContainEqual({ ecosystem: 'npm', records: 1 });
    expect(s.sources.map((x) => `${x.kind}:${x.records}`).sort()).toEqual([
      'epss:1',
      'kev:1',
      'osv:1',
      'osv:12',
    ]);
    expect(s.sources.find((x) => x.kind === 'epss')!.detail).toMatchObject({ modelVersion: 'v2025.03.14' });
  });
});
