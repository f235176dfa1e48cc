import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as zlib from 'node:zlib';
import { gzipSync, inflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { isShipshapeError, type ShipshapeError } from '../../core/errors.js';
import { detectInput, importEpss, importFiles, importKev, importOsv } from './import.js';
import { splitEcosystem } from './names.js';
import type { OsvRecord } from './osv.js';
import { status } from './query.js';
import { getMeta, listSources, openDatabase, type VulnDb } from './schema.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'osv');
const FILES = readdirSync(FIXTURES).sort();
const RECORDS = FILES.map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as OsvRecord);
const itZip = requireTool('zip') ? it : it.skip;

let dir: string;
let db: VulnDb | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-db-import-'));
});
afterEach(() => {
  db?.close();
  db = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function freshDb(name = 'v.db'): Promise<VulnDb> {
  db = await openDatabase(join(dir, name), { create: true });
  return db;
}

/** Writes records (objects or raw text) as files in a new directory. */
function writeRecords(name: string, files: Record<string, unknown>): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    writeFileSync(join(d, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return d;
}

/** A zip built by Info-ZIP's zip from the files in `from` (names kept flat, as in osv.dev's all.zip). */
function zipDir(from: string, zipPath: string, level = 6): string {
  const files = readdirSync(from).sort();
  execFileSync('zip', ['-q', '-X', '-j', `-${level}`, zipPath, ...files.map((f) => join(from, f))]);
  return zipPath;
}

async function inputError(promise: Promise<unknown>): Promise<ShipshapeError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isShipshapeError(e), String(e)).toBe(true);
  if (!isShipshapeError(e)) throw e;
  expect(e.exitCode).toBe(2);
  return e;
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Everything stored about the records, in a stable order, to compare two databases. */
function dump(d: VulnDb): unknown {
  return {
    vulns: d.sqlite.prepare('SELECT id, modified, withdrawn, summary, cvss_v3 FROM vulns ORDER BY id').all(),
    aliases: d.sqlite.prepare('SELECT * FROM aliases ORDER BY vuln_id, alias, kind').all(),
    affected: d.sqlite
      .prepare('SELECT * FROM affected ORDER BY vuln_id, ecosystem, release, name, ranges, versions')
      .all(),
  };
}

const named = (r: OsvRecord) => (r.affected ?? []).filter((a) => a.package);
const byIdRaw = (d: VulnDb, id: string) =>
  JSON.parse(
    inflateRawSync(d.sqlite.prepare('SELECT raw FROM vulns WHERE id = ?').pluck().get(id) as Buffer).toString(
      'utf8',
    ),
  ) as unknown;

describe('importOsv: JSON files and directories', () => {
  it('stores every real record as written, one affected row per entry that names a package', async () => {
    const d = await freshDb();
    const result = await importOsv(d, [FIXTURES]);
    expect(result).toMatchObject({ records: 12, inserted: 12, replaced: 0, unchanged: 0, skippedCount: 0 });
    for (const record of RECORDS) {
      const row = d.sqlite.prepare('SELECT * FROM vulns WHERE id = ?').get(record.id) as Record<
        string,
        unknown
      >;
      expect(row.modified).toBe(record.modified);
      // The stored raw record is the file's JSON, whole.
      expect(JSON.parse(inflateRawSync(row.raw as Buffer).toString('utf8'))).toEqual(record);
      const rows = d.sqlite
        .prepare('SELECT * FROM affected WHERE vuln_id = ? ORDER BY seq')
        .all(record.id) as Record<string, string | number | null>[];
      expect(rows.length, record.id).toBe(named(record).length);
      named(record).forEach((a, i) => {
        const { base, release } = splitEcosystem(a.package!.ecosystem);
        expect(rows[i]).toMatchObject({ ecosystem: base, release, seq: i });
        expect(JSON.parse(String(rows[i]!.versions ?? '[]'))).toEqual(a.versions ?? []);
        expect(JSON.parse(String(rows[i]!.ranges ?? '[]'))).toEqual(a.ranges ?? []);
      });
      const links = d.sqlite.prepare('SELECT alias, kind FROM aliases WHERE vuln_id = ?').all(record.id);
      const expected = [
        ...(record.aliases ?? []).map((alias) => ({ alias, kind: 'alias' })),
        ...(record.upstream ?? []).map((alias) => ({ alias, kind: 'upstream' })),
        ...(record.related ?? []).map((alias) => ({ alias, kind: 'related' })),
      ];
      expect(links).toEqual(expect.arrayContaining(expected));
      expect(links.length).toBe(expected.length);
    }
  });

  it('splits releases and keeps the severity facts', async () => {
    const d = await freshDb();
    await importOsv(d, [FIXTURES]);
    const release = (id: string) =>
      d.sqlite
        .prepare('SELECT DISTINCT ecosystem, release FROM affected WHERE vuln_id = ? ORDER BY release')
        .all(id);
    expect(release('DLA-3008-1')).toEqual([{ ecosystem: 'Debian', release: '9' }]);
    expect(release('UBUNTU-CVE-2025-38094')).toEqual([{ ecosystem: 'Ubuntu', release: 'Pro:14.04:LTS' }]);
    expect(release('CVE-2024-3847')).toEqual([
      { ecosystem: 'Debian', release: '10' },
      { ecosystem: 'Debian', release: '11' },
    ]);
    const sev = (id: string) =>
      d.sqlite.prepare('SELECT cvss_v3, severity_label FROM vulns WHERE id = ?').get(id) as Record<
        string,
        unknown
      >;
    expect(sev('GHSA-jfh8-c2jp-5v3q')).toEqual({
      cvss_v3: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
      severity_label: 'CRITICAL',
    });
    expect(sev('UBUNTU-CVE-2025-38094')).toEqual({ cvss_v3: null, severity_label: 'medium' });
    const urgency = d.sqlite
      .prepare("SELECT ecosystem_specific FROM affected WHERE vuln_id = 'CVE-2024-1013'")
      .pluck()
      .get();
    expect(JSON.parse(urgency as string)).toEqual({ urgency: 'unimportant' });
  });

  it('stores withdrawn records, flagged', async () => {
    const d = await freshDb();
    const result = await importOsv(d, [FIXTURES]);
    expect(result.withdrawn).toBe(2);
    const withdrawn = d.sqlite
      .prepare('SELECT id, withdrawn FROM vulns WHERE withdrawn IS NOT NULL ORDER BY id')
      .all();
    expect(withdrawn).toEqual(
      RECORDS.filter((r) => r.withdrawn).map((r) => ({ id: r.id, withdrawn: r.withdrawn })),
    );
    expect(withdrawn.map((w) => (w as { id: string }).id)).toEqual(['GO-2024-2442', 'RUSTSEC-2026-0132']);
  });

  it('records the source and the records per ecosystem', async () => {
    const d = await freshDb();
    await importOsv(d, [FIXTURES]);
    const sources = listSources(d);
    expect(sources).toEqual([
      expect.objectContaining({ name: `import:${FIXTURES}`, kind: 'osv', records: 12 }),
    ]);
    // The oracle: distinct record ids per base ecosystem, counted from the JSON.
    const expected = new Map<string, Set<string>>();
    for (const r of RECORDS) {
      for (const a of named(r)) {
        const base = splitEcosystem(a.package!.ecosystem).base;
        expected.set(base, (expected.get(base) ?? new Set()).add(r.id));
      }
    }
    const counts = status(d).ecosystems;
    expect(Object.fromEntries(counts.map((c) => [c.ecosystem, c.records]))).toEqual(
      Object.fromEntries([...expected].map(([k, v]) => [k, v.size])),
    );
    expect(getMeta(d, 'updated')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('reports a record that fails validation, skips it, and goes on', async () => {
    const good = RECORDS.find((r) => r.id === 'DLA-3008-1')!;
    const noModified = { ...RECORDS.find((r) => r.id === 'PYSEC-2023-228')!, modified: undefined };
    const from = writeRecords('mixed', {
      'a-good.json': good,
      'b-broken.json': '{"id": "X-1", "modified": ',
      'c-no-modified.json': noModified,
      'd-array.json': [RECORDS.find((r) => r.id === 'GO-2022-0969'), { id: 'Y-2' }],
      'e-not-json.txt': 'ignored: not a .json file',
    });
    const d = await freshDb();
    const result = await importOsv(d, [from]);
    expect(result.records).toBe(2);
    expect(result.skippedCount).toBe(3);
    expect(result.skipped).toEqual([
      { path: join(from, 'b-broken.json'), reason: expect.stringMatching(/^invalid JSON \(/) },
      { path: join(from, 'c-no-modified.json'), reason: 'modified is missing' },
      { path: `${join(from, 'd-array.json')}[1]`, reason: 'modified is missing' },
    ]);
    const ids = d.sqlite.prepare('SELECT id FROM vulns ORDER BY id').pluck().all();
    expect(ids).toEqual(['DLA-3008-1', 'GO-2022-0969']);
  });

  it('replaces a record when a newer version comes, keeps the newer one against an older', async () => {
    const d = await freshDb();
    const old = RECORDS.find((r) => r.id === 'DLA-3008-1')!;
    await importOsv(d, [join(FIXTURES, 'DLA-3008-1.json')]);
    const newer = structuredClone(old);
    newer.modified = '2026-03-09T01:23:33.375631Z'; // one microsecond later
    newer.upstream = ['CVE-2022-1292'];
    newer.affected![0]!.ranges![0]!.events[1] = { fixed: '1.1.0l-1~deb9u7' };
    const from = writeRecords('newer', { 'DLA-3008-1.json': newer });
    expect(await importOsv(d, [from])).toMatchObject({ records: 1, inserted: 0, replaced: 1, unchanged: 0 });
    const ranges = () =>
      JSON.parse(
        d.sqlite.prepare("SELECT ranges FROM affected WHERE vuln_id = 'DLA-3008-1'").pluck().get() as string,
      );
    expect(ranges()[0].events[1]).toEqual({ fixed: '1.1.0l-1~deb9u7' });
    expect(d.sqlite.prepare("SELECT count(*) FROM affected WHERE vuln_id = 'DLA-3008-1'").pluck().get()).toBe(
      1,
    );
    expect(d.sqlite.prepare("SELECT alias FROM aliases WHERE vuln_id = 'DLA-3008-1'").pluck().all()).toEqual([
      'CVE-2022-1292',
    ]);
    // The older file again: nothing changes.
    expect(await importOsv(d, [join(FIXTURES, 'DLA-3008-1.json')])).toMatchObject({
      unchanged: 1,
      replaced: 0,
    });
    expect(ranges()[0].events[1]).toEqual({ fixed: '1.1.0l-1~deb9u7' });
    // Same timestamp, other content (the Go vulndb repository's zero `modified`): an update.
    const go = RECORDS.find((r) => r.id === 'GO-2022-0969')!;
    await importOsv(d, [join(FIXTURES, 'GO-2022-0969.json')]);
    const edited = { ...go, summary: 'edited summary' };
    expect(await importOsv(d, [writeRecords('go', { 'GO-2022-0969.json': edited })])).toMatchObject({
      replaced: 1,
    });
    expect(d.sqlite.prepare("SELECT summary FROM vulns WHERE id = 'GO-2022-0969'").pluck().get()).toBe(
      'edited summary',
    );
  });

  it('changes nothing when the same data is imported twice', async () => {
    const d = await freshDb();
    await importOsv(d, [FIXTURES]);
    const before = dump(d);
    expect(await importOsv(d, [FIXTURES])).toMatchObject({
      records: 12,
      inserted: 0,
      replaced: 0,
      unchanged: 12,
    });
    expect(dump(d)).toEqual(before);
  });

  it('writes in batches and reports progress', async () => {
    const d = await freshDb();
    const seen: number[] = [];
    await importOsv(d, [FIXTURES], { batchSize: 5, onProgress: (p) => seen.push(p.records) });
    expect(seen.at(-1)).toBe(12);
    expect(d.sqlite.prepare('SELECT count(*) FROM vulns').pluck().get()).toBe(12);
  });

  it('skips a record larger than the limit, naming it', async () => {
    const d = await freshDb();
    const result = await importOsv(d, [FIXTURES], { limits: { recordBytes: 8000 } });
    // The oracle: the fixture files' sizes.
    const big = FILES.filter((f) => readFileSync(join(FIXTURES, f)).length > 8000);
    expect(big.length).toBeGreaterThan(0);
    expect(result.skipped.map((s) => basename(s.path))).toEqual(big);
    expect(result.skipped[0]!.reason).toMatch(
      /exceeds the limit of 8000 \(recordBytes; raise it with SHIPSHAPE_MAX_OSV_RECORD_BYTES=N/,
    );
    expect(result.records).toBe(12 - big.length);
  });

  it('says which path is missing', async () => {
    const d = await freshDb();
    const e = await inputError(importOsv(d, [join(dir, 'missing')]));
    expect(e.message).toContain('missing: no such file or directory');
  });
});

describe('importOsv: osv.dev bulk zips', () => {
  itZip('reads an all.zip like the directory it was made from', async () => {
    const fromDir = await freshDb('dir.db');
    await importOsv(fromDir, [FIXTURES]);
    // All.zip names entries by id: ALSA-2024:6783.json keeps its colon there.
    const staged = join(dir, 'staged');
    mkdirSync(staged);
    for (const [i, f] of FILES.entries())
      copyFileSync(join(FIXTURES, f), join(staged, `${RECORDS[i]!.id}.json`));
    writeFileSync(join(staged, 'README.txt'), 'not a record');
    const zip = zipDir(staged, join(dir, 'all.zip'));
    const fromZip = await openDatabase(join(dir, 'zip.db'), { create: true });
    try {
      const progress: { records: number; total?: number }[] = [];
      const result = await importOsv(fromZip, [zip], { onProgress: (p) => progress.push(p) });
      expect(result).toMatchObject({ records: 12, inserted: 12, skippedCount: 0 });
      expect(progress[0]).toEqual({ path: zip, records: 0, total: 12 });
      expect(dump(fromZip)).toEqual(dump(fromDir));
    } finally {
      fromZip.close();
    }
  });

  itZip('reads stored (uncompressed) entries, and checks their CRC', async () => {
    const fromDir = await freshDb('dir.db');
    await importOsv(fromDir, [FIXTURES]);
    const zip = zipDir(FIXTURES, join(dir, 'stored.zip'), 0);
    const fromZip = await openDatabase(join(dir, 'zip.db'), { create: true });
    try {
      expect(await importOsv(fromZip, [zip])).toMatchObject({ records: 12, skippedCount: 0 });
      expect(dump(fromZip)).toEqual(dump(fromDir));
      expect(byIdRaw(fromZip, 'DLA-3008-1')).toEqual(RECORDS.find((r) => r.id === 'DLA-3008-1'));
    } finally {
      fromZip.close();
    }
    // One changed byte inside a record's text: still JSON, but not what the zip says it stored. (Checked where
    // Node has zlib.crc32, 20.15 and later.)
    if (typeof (zlib as { crc32?: unknown }).crc32 !== 'function') return;
    const bytes = readFileSync(zip);
    const at = bytes.indexOf(Buffer.from('"openssl - security update"'));
    expect(at).toBeGreaterThan(0);
    bytes[at + 1] = 'O'.charCodeAt(0);
    writeFileSync(zip, bytes);
    const d = await freshDb();
    const e = await inputError(importOsv(d, [zip]));
    expect(e.message).toMatch(/stored\.zip!DLA-3008-1\.json: damaged zip entry \(CRC-32 mismatch\)/);
  });

  itZip('names a bad entry as zip!entry and goes on', async () => {
    const staged = writeRecords('staged', {
      'DLA-3008-1.json': RECORDS.find((r) => r.id === 'DLA-3008-1'),
      'X-1.json': { id: 'X-1' },
    });
    const zip = zipDir(staged, join(dir, 'all.zip'));
    const d = await freshDb();
    const result = await importOsv(d, [zip]);
    expect(result.records).toBe(1);
    expect(result.skipped).toEqual([{ path: `${zip}!X-1.json`, reason: 'modified is missing' }]);
  });

  itZip('refuses a truncated zip before writing anything', async () => {
    const dbPath = join(dir, 'v.db');
    await importFiles(dbPath, [FIXTURES]);
    const before = sha256(dbPath);
    const zip = zipDir(FIXTURES, join(dir, 'all.zip'));
    const bytes = readFileSync(zip);
    writeFileSync(zip, bytes.subarray(0, bytes.length - 200));
    const e = await inputError(importFiles(dbPath, [zip]));
    expect(e.message).toMatch(/all\.zip: not a readable zip archive \(/);
    expect(e.hint).toBe('download the file again');
    expect(sha256(dbPath)).toBe(before);
  });

  itZip('refuses a zip whose entry data is damaged, leaving the database as it was', async () => {
    const dbPath = join(dir, 'v.db');
    await importFiles(dbPath, [join(FIXTURES, 'GO-2022-0969.json')]);
    const before = sha256(dbPath);
    const zip = zipDir(FIXTURES, join(dir, 'all.zip'), 9);
    const bytes = readFileSync(zip);
    // The second entry's deflate data: after its local header (30 bytes + name + extra field).
    const second = bytes.indexOf(Buffer.from('PK\x03\x04'), 4);
    const data = second + 30 + bytes.readUInt16LE(second + 26) + bytes.readUInt16LE(second + 28);
    bytes.fill(0xff, data, data + 16); // block type 3 does not exist in deflate
    writeFileSync(zip, bytes);
    const e = await inputError(importFiles(dbPath, [zip]));
    expect(e.message).toMatch(/all\.zip!.*\.json: damaged zip entry \(/);
    expect(sha256(dbPath)).toBe(before);
  });

  itZip('stops at the entry-count, size and ratio limits, before writing anything', async () => {
    const d = await freshDb();
    const zip = zipDir(FIXTURES, join(dir, 'all.zip'));
    const count = await inputError(importOsv(d, [zip], { limits: { zipEntries: 5 } }));
    expect(count.message).toBe(`${zip}: too many zip entries: 12 exceeds the limit of 5 (zipEntries)`);
    expect(count.hint).toContain('SHIPSHAPE_MAX_ZIP_ENTRIES');
    const size = await inputError(importOsv(d, [zip], { limits: { zipBytes: 10_000 } }));
    expect(size.message).toContain('(zipBytes)');
    // A record padded with whitespace compresses far better than real data.
    const bomb = writeRecords('bomb', {
      'B-1.json': `${JSON.stringify(RECORDS[0])}${' '.repeat(2_000_000)}`,
    });
    const bombZip = zipDir(bomb, join(dir, 'bomb.zip'), 9);
    const ratio = await inputError(importOsv(d, [bombZip]));
    expect(ratio.message).toMatch(/compression ratio: \d+ exceeds the limit of 200 \(zipRatio\)/);
    expect(ratio.hint).toContain('SHIPSHAPE_MAX_ZIP_RATIO');
    expect(d.sqlite.prepare('SELECT count(*) FROM vulns').pluck().get()).toBe(0);
  });
});

// Shaped like CISA's known_exploited_vulnerabilities.json (https://www.cisa.gov/known-exploited-vulnerabilities-catalog).
const KEV = {
  title: 'CISA Catalog of Known Exploited Vulnerabilities',
  catalogVersion: '2025.01.02',
  dateReleased: '2025-01-02T17:00:00.000Z',
  count: 3,
  vulnerabilities: [
    {
      cveID: 'CVE-2021-44228',
      vendorProject: 'Apache',
      product: 'Log4j2',
      vulnerabilityName: 'Apache Log4j2 Remote Code Execution Vulnerability',
      dateAdded: '2021-12-10',
      shortDescription:
        'Apache Log4j2 contains a vulnerability where JNDI features do not protect against attacker-controlled JNDI-related endpoints.',
      requiredAction: 'For all affected software assets for which updates exist, apply updates.',
      dueDate: '2021-12-24',
      knownRansomwareCampaignUse: 'Known',
      notes: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
      cwes: ['CWE-20', 'CWE-400', 'CWE-502'],
    },
    {
      cveID: 'CVE-2022-22965',
      vendorProject: 'VMware',
      product: 'Spring Framework',
      vulnerabilityName: 'Spring Framework JDK 9+ Remote Code Execution Vulnerability',
      dateAdded: '2022-04-04',
      shortDescription:
        'Spring MVC or Spring WebFlux application running on JDK 9+ may be vulnerable to remote code execution via data binding.',
      requiredAction: 'Apply updates per vendor instructions.',
      dueDate: '2022-04-25',
      knownRansomwareCampaignUse: 'Unknown',
      notes: '',
      cwes: ['CWE-94'],
    },
    { vendorProject: 'NoCve', product: 'entry without a cveID' },
  ],
};

describe('importKev', () => {
  it('replaces the KEV table with the catalog, skipping entries without a CVE id', async () => {
    const d = await freshDb();
    const path = join(dir, 'known_exploited_vulnerabilities.json');
    writeFileSync(path, JSON.stringify(KEV, null, 2));
    const result = await importKev(d, path);
    expect(result).toMatchObject({ entries: 2, skippedCount: 1, catalogVersion: '2025.01.02' });
    expect(result.skipped[0]).toEqual({
      path: `${path}: vulnerabilities[2]`,
      reason: 'cveID is missing or not a CVE id',
    });
    expect(d.sqlite.prepare("SELECT * FROM kev WHERE cve = 'CVE-2021-44228'").get()).toEqual({
      cve: 'CVE-2021-44228',
      date_added: '2021-12-10',
      due_date: '2021-12-24',
      ransomware: 'Known',
      vendor: 'Apache',
      product: 'Log4j2',
      name: 'Apache Log4j2 Remote Code Execution Vulnerability',
      required_action: 'For all affected software assets for which updates exist, apply updates.',
    });
    // A newer catalog is the whole truth: entries it drops are gone.
    writeFileSync(
      path,
      JSON.stringify({ ...KEV, catalogVersion: '2025.01.03', vulnerabilities: [KEV.vulnerabilities[1]] }),
    );
    expect(await importKev(d, path)).toMatchObject({ entries: 1 });
    expect(d.sqlite.prepare('SELECT cve FROM kev').pluck().all()).toEqual(['CVE-2022-22965']);
    expect(listSources(d)).toEqual([
      expect.objectContaining({
        name: 'kev',
        kind: 'kev',
        records: 1,
        detail: expect.objectContaining({ catalogVersion: '2025.01.03' }),
      }),
    ]);
  });

  it('refuses a file that is not the catalog', async () => {
    const d = await freshDb();
    const path = join(dir, 'x.json');
    writeFileSync(path, '{"title": "something else"}');
    expect((await inputError(importKev(d, path))).message).toContain('not a KEV catalog');
    writeFileSync(path, '{"vulnerabilities": [');
    expect((await inputError(importKev(d, path))).message).toContain('invalid JSON');
  });
});

// Shaped like FIRST's daily epss_scores-YYYY-MM-DD.csv.gz (https://www.first.org/epss/data_stats).
const EPSS = [
  '#model_version:v2025.03.14,score_date:2025-03-17T12:55:00Z',
  'cve,epss,percentile',
  'CVE-2021-44228,0.94358,0.99957',
  'CVE-2022-22965,0.94420,0.99970',
  'CVE-1999-0001,0.01297,0.85402',
  'CVE-BAD,0.1,0.1',
  'CVE-2024-0001,1.5,0.2',
  '',
].join('\n');

describe('importEpss', () => {
  it.each([
    ['plain', (s: string) => Buffer.from(s)],
    ['gzip', (s: string) => gzipSync(s)],
    ['CRLF', (s: string) => Buffer.from(s.replace(/\n/g, '\r\n'))],
  ])('reads a %s CSV with its model line, skipping bad rows', async (_what, encode) => {
    const d = await freshDb();
    const path = join(dir, 'epss_scores-2025-03-17.csv.gz');
    writeFileSync(path, encode(EPSS));
    const result = await importEpss(d, path);
    expect(result).toMatchObject({
      scores: 3,
      skippedCount: 2,
      modelVersion: 'v2025.03.14',
      scoreDate: '2025-03-17T12:55:00Z',
    });
    expect(result.skipped).toEqual([
      { path: `${path}:6`, reason: 'not a CVE id: "CVE-BAD"' },
      { path: `${path}:7`, reason: 'epss is not a number between 0 and 1' },
    ]);
    expect(d.sqlite.prepare("SELECT score, percentile FROM epss WHERE cve = 'CVE-2021-44228'").get()).toEqual(
      {
        score: 0.94358,
        percentile: 0.99957,
      },
    );
  });

  it('refuses a CSV without the header, damaged gzip, and files over the budget', async () => {
    const d = await freshDb();
    const path = join(dir, 'e.csv');
    writeFileSync(path, 'a,b,c\n1,2,3\n');
    expect((await inputError(importEpss(d, path))).message).toContain('not an EPSS CSV');
    const gz = gzipSync(EPSS);
    writeFileSync(path, gz.subarray(0, gz.length - 12));
    expect((await inputError(importEpss(d, path))).message).toContain('damaged gzip data');
    writeFileSync(path, EPSS);
    const big = await inputError(importEpss(d, path, { limits: { feedBytes: 64 } }));
    expect(big.message).toContain('(feedBytes)');
    expect(d.sqlite.prepare('SELECT count(*) FROM epss').pluck().get()).toBe(0);
  });
});

describe('importFiles', () => {
  it('recognises each input by its content', async () => {
    const kev = join(dir, 'kev.json');
    writeFileSync(kev, JSON.stringify(KEV));
    const epss = join(dir, 'scores.gz');
    writeFileSync(epss, gzipSync(EPSS));
    const odd = join(dir, 'notes.txt');
    writeFileSync(odd, 'hello');
    expect(await detectInput(FIXTURES)).toBe('osv');
    expect(await detectInput(join(FIXTURES, 'DLA-3008-1.json'))).toBe('osv');
    expect(await detectInput(kev)).toBe('kev');
    expect(await detectInput(epss)).toBe('epss');
    const e = await inputError(detectInput(odd));
    expect(e.message).toContain('not an OSV record, directory or zip, a KEV catalog, or an EPSS CSV');
  });

  it('builds a new database beside the target and renames it into place', async () => {
    const dbPath = join(dir, 'cache', 'db', 'vulnerabilities.db');
    const kev = join(dir, 'kev.json');
    writeFileSync(kev, JSON.stringify(KEV));
    const summary = await importFiles(dbPath, [FIXTURES, kev]);
    expect(summary.created).toBe(true);
    expect(summary.osv?.records).toBe(12);
    expect(summary.kev?.entries).toBe(2);
    expect(readdirSync(join(dir, 'cache', 'db'))).toEqual(['vulnerabilities.db']);
    const again = await importFiles(dbPath, [FIXTURES]);
    expect(again.created).toBe(false);
    expect(again.osv).toMatchObject({ unchanged: 12 });
  });

  it('leaves no file behind when a new database fails', async () => {
    const dbPath = join(dir, 'v.db');
    const bad = writeRecords('bad', { 'x.json': '{"id": "X-1"}' });
    const e = await inputError(importFiles(dbPath, [bad]));
    expect(e.message).toContain(
      `no valid OSV records in ${bad} (${join(bad, 'x.json')}: modified is missing)`,
    );
    expect(existsSync(dbPath)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('v.db'))).toEqual([]);
  });
});
