import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { isShipshapeError, type ShipshapeError } from '../../core/errors.js';
import {
  FIXTURE_ECOSYSTEMS,
  type Rec,
  serveAll,
  serveEcosystem,
  startServer,
  type TestServer,
} from './fixtures/update/server.js';
import { importOsv } from './import.js';
import { byId, status } from './query.js';
import { getSource, openDatabase } from './schema.js';
import { parseModifiedIds, removeLeftovers, type UpdateOptions, updateDatabase } from './update.js';

// The fixture zips are built with Info-ZIP, as the bucket's are real zips from another writer than ours.
const itZip = requireTool('zip') ? it : it.skip;
const FAST = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1000 };

let dir: string;
let server: TestServer;
let served: Map<string, Map<string, Rec>>;
let dbPath: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-db-update-'));
  dbPath = join(dir, 'cache', 'vulnerabilities.db');
  server = await startServer();
  served = requireTool('zip') ? serveAll(server, join(dir, 'srv')) : new Map();
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const options = (extra: Partial<UpdateOptions> = {}): UpdateOptions => ({
  dbPath,
  osvUrl: server.url,
  ecosystems: [...FIXTURE_ECOSYSTEMS],
  kevUrl: `${server.url}/kev.json`,
  epssUrl: `${server.url}/epss_scores-current.csv.gz`,
  retry: FAST,
  ...extra,
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const requested = () => server.log.map((e) => `${e.status} ${e.path}`);
const cacheFiles = () => readdirSync(join(dir, 'cache')).sort();

/** The oracle: records per base ecosystem, read from the served fixture files (unique ids). */
function expectedCounts(): Record<string, number> {
  const byEco = new Map<string, Set<string>>();
  for (const records of served.values()) {
    for (const r of records.values()) {
      const rec = JSON.parse(r.text) as { affected?: { package?: { ecosystem: string } }[] };
      for (const a of rec.affected ?? []) {
        if (!a.package) continue;
        const base = a.package.ecosystem.split(':')[0]!;
        byEco.set(base, (byEco.get(base) ?? new Set()).add(r.id));
      }
    }
  }
  return Object.fromEntries([...byEco].map(([e, ids]) => [e, ids.size]));
}

async function rejection(p: Promise<unknown>): Promise<ShipshapeError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isShipshapeError(e), String(e)).toBe(true);
  return e as ShipshapeError;
}

/** Re-serves one ecosystem with `change` applied to a copy of its records. */
function change(ecosystem: string, edit: (records: Map<string, Rec>) => void): void {
  const records = new Map(served.get(ecosystem)!);
  edit(records);
  served.set(ecosystem, records);
  serveEcosystem(server, ecosystem, records, join(dir, 'srv'));
}

function bump(records: Map<string, Rec>, id: string, modified: string, summary: string): void {
  const rec = JSON.parse(records.get(id)!.text) as Record<string, unknown>;
  rec.modified = modified;
  rec.summary = summary;
  records.set(id, { id, modified, text: JSON.stringify(rec, null, 2) });
}

function addCopy(records: Map<string, Rec>, from: string, id: string, modified: string): void {
  const rec = JSON.parse(records.get(from)!.text) as Record<string, unknown>;
  rec.id = id;
  rec.modified = modified;
  records.set(id, { id, modified, text: JSON.stringify(rec) });
}

describe('updateDatabase', () => {
  itZip('builds the database from the bulk zips, KEV and EPSS on the first run', async () => {
    const r = await updateDatabase(options());
    expect(r).toMatchObject({ created: true, replaced: true });
    const db = await openDatabase(dbPath);
    try {
      const s = status(db);
      const counts = Object.fromEntries(s.ecosystems.map((e) => [e.ecosystem, e.records]));
      expect(counts).toEqual(expectedCounts());
      expect(counts).toMatchObject({ Debian: 7, Alpine: 3, npm: 33 });
      const ids = new Set([...served.values()].flatMap((m) => [...m.keys()]));
      expect(s.vulnerabilities).toBe(ids.size);
      expect(s.kev).toBe(2);
      expect(s.epss).toBe(4);
      const debian = getSource(db, 'osv:Debian')!;
      expect(debian.etag).toMatch(/^"[0-9a-f]{16}"$/);
      expect(debian.records).toBe(7);
      const newest = [...served.get('Debian')!.values()]
        .map((x) => x.modified)
        .sort((a, b) => Date.parse(b) - Date.parse(a))[0];
      expect(debian.detail?.cursor).toBe(newest);
      expect(getSource(db, 'kev')).toMatchObject({ records: 2, detail: { catalogVersion: '2025.01.02' } });
      expect(getSource(db, 'epss')?.detail).toMatchObject({ modelVersion: 'v2025.03.14' });
      expect(getSource(db, 'epss')?.detail?.path).toBeUndefined();
    } finally {
      db.close();
    }
    for (const o of r.sources) expect(o.action, o.name).toBe('full');
    expect(r.sources.find((o) => o.name === 'osv:npm')).toMatchObject({ added: 33, updated: 0, records: 33 });
    // One CSV and one zip per ecosystem, and no single records.
    expect(requested()).toEqual([
      '200 /Debian/modified_id.csv',
      '200 /Debian/all.zip',
      '200 /Alpine/modified_id.csv',
      '200 /Alpine/all.zip',
      '200 /npm/modified_id.csv',
      '200 /npm/all.zip',
      '200 /kev.json',
      '200 /epss_scores-current.csv.gz',
    ]);
    expect(r.bytes).toBe(server.bytes());
    expect(cacheFiles()).toEqual(['vulnerabilities.db']);
  });

  itZip('downloads nothing when nothing changed (304s), and only writes the check time', async () => {
    await updateDatabase(options());
    server.log.length = 0;
    const r = await updateDatabase(options());
    expect(r.replaced).toBe(false);
    expect(r.sources.map((o) => o.action)).toEqual(Array(5).fill('unchanged'));
    expect(requested()).toEqual([
      '304 /Debian/modified_id.csv',
      '304 /Alpine/modified_id.csv',
      '304 /npm/modified_id.csv',
      '304 /kev.json',
      '304 /epss_scores-current.csv.gz',
    ]);
    expect(server.bytes()).toBe(0);
    const db = await openDatabase(dbPath);
    try {
      expect(status(db).vulnerabilities).toBe(43);
      expect(getSource(db, 'osv:Debian')?.records).toBe(7);
    } finally {
      db.close();
    }
  });

  itZip('fetches only the records newer than the last sync, one by one', async () => {
    await updateDatabase(options());
    change('Debian', (records) => {
      bump(records, 'DLA-3008-1', '2030-01-01T00:00:00Z', 'changed upstream');
      addCopy(records, 'DSA-3029-1', 'DSA-9999-1', '2030-01-02T00:00:00.123456Z');
    });
    server.log.length = 0;
    const r = await updateDatabase(options());
    expect(requested()).toEqual([
      '200 /Debian/modified_id.csv',
      '200 /Debian/DSA-9999-1.json',
      '200 /Debian/DLA-3008-1.json',
      '304 /Alpine/modified_id.csv',
      '304 /npm/modified_id.csv',
      '304 /kev.json',
      '304 /epss_scores-current.csv.gz',
    ]);
    expect(r.sources[0]).toMatchObject({
      name: 'osv:Debian',
      action: 'incremental',
      added: 1,
      updated: 1,
      records: 8,
    });
    const db = await openDatabase(dbPath);
    try {
      expect(byId(db, 'DLA-3008-1')?.vuln.summary).toBe('changed upstream');
      expect(byId(db, 'DSA-9999-1')?.vuln.modified).toBe('2030-01-02T00:00:00.123456Z');
      expect(getSource(db, 'osv:Debian')?.detail?.cursor).toBe('2030-01-02T00:00:00.123456Z');
      expect(status(db).vulnerabilities).toBe(44);
    } finally {
      db.close();
    }
    // The same state again: the CSV is unchanged, so one 304 for Debian.
    server.log.length = 0;
    await updateDatabase(options());
    expect(requested()[0]).toBe('304 /Debian/modified_id.csv');
  });

  itZip(
    'removes records deleted upstream: from their ecosystem, and from the file once none names them',
    async () => {
      // A record in two ecosystems, as osv.dev serves it: in both folders.
      const both = {
        id: 'TEST-BOTH-1',
        modified: '2024-01-01T00:00:00Z',
        summary: 'affects a Debian and an Alpine package',
        affected: [
          { package: { ecosystem: 'Debian:12', name: 'zlib' }, versions: ['1:1.2.13.dfsg-1'] },
          { package: { ecosystem: 'Alpine:v3.20', name: 'zlib' }, versions: ['1.3.1-r0'] },
        ],
      };
      const rec = { id: both.id, modified: both.modified, text: JSON.stringify(both) };
      change('Debian', (records) => records.set(rec.id, rec));
      change('Alpine', (records) => records.set(rec.id, rec));
      await updateDatabase(options());
      const ecosystemsOf = (db: Awaited<ReturnType<typeof openDatabase>>, id: string) =>
        db.sqlite.prepare('SELECT ecosystem FROM affected WHERE vuln_id = ? ORDER BY 1').pluck().all(id);
      let db = await openDatabase(dbPath);
      expect(ecosystemsOf(db, 'TEST-BOTH-1')).toEqual(['Alpine', 'Debian']);
      db.close();

      // Upstream deletes DLA-3012-1 and takes the two-ecosystem record out of Debian only: nothing is newer.
      change('Debian', (records) => {
        records.delete('DLA-3012-1');
        records.delete('TEST-BOTH-1');
      });
      server.log.length = 0;
      const r = await updateDatabase(options());
      expect(requested().slice(0, 2)).toEqual(['200 /Debian/modified_id.csv', '304 /Alpine/modified_id.csv']);
      expect(r.replaced).toBe(true);
      expect(r.sources[0]).toMatchObject({ name: 'osv:Debian', action: 'incremental', added: 0, removed: 2 });
      db = await openDatabase(dbPath);
      try {
        expect(byId(db, 'DLA-3012-1')).toBeUndefined();
        expect(
          db.sqlite.prepare("SELECT count(*) FROM aliases WHERE vuln_id = 'DLA-3012-1'").pluck().get(),
        ).toBe(0);
        // Still an Alpine record, with only its Alpine entry.
        expect(byId(db, 'TEST-BOTH-1')?.vuln.summary).toBe(both.summary);
        expect(ecosystemsOf(db, 'TEST-BOTH-1')).toEqual(['Alpine']);
        const counts = Object.fromEntries(status(db).ecosystems.map((e) => [e.ecosystem, e.records]));
        // Debian: its 7 fixtures and TEST-BOTH-1, less the two; Alpine: its 3 and TEST-BOTH-1.
        expect(counts).toMatchObject({ Debian: 6, Alpine: 4, npm: 33 });
        expect(getSource(db, 'osv:Debian')?.records).toBe(6);
      } finally {
        db.close();
      }

      // Gone from Alpine too, on a whole-zip run: then it leaves the file.
      change('Alpine', (records) => records.delete('TEST-BOTH-1'));
      const full = await updateDatabase(options({ incrementalMax: 0 }));
      expect(full.sources.find((o) => o.name === 'osv:Alpine')).toMatchObject({ removed: 1 });
      db = await openDatabase(dbPath);
      try {
        expect(byId(db, 'TEST-BOTH-1')).toBeUndefined();
        expect(ecosystemsOf(db, 'TEST-BOTH-1')).toEqual([]);
        expect(status(db).vulnerabilities).toBe(
          new Set([...served.values()].flatMap((m) => [...m.keys()])).size,
        );
      } finally {
        db.close();
      }
    },
  );

  itZip('never removes what db import brought in: no upstream list speaks for it', async () => {
    await updateDatabase(options());
    // A private advisory for a Debian package, imported by hand into the same file.
    const file = join(dir, 'private.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: 'ACME-2024-1',
        modified: '2024-01-01T00:00:00Z',
        affected: [{ package: { ecosystem: 'Debian:12', name: 'zlib' }, versions: ['1:1.2.13.dfsg-1'] }],
      }),
    );
    let db = await openDatabase(dbPath, { create: true });
    await importOsv(db, [file]);
    db.close();
    // Upstream deletes one of its own Debian records: that one goes, the imported one stays.
    change('Debian', (records) => records.delete('DLA-3012-1'));
    const r = await updateDatabase(options());
    expect(r.sources[0]).toMatchObject({ name: 'osv:Debian', removed: 1 });
    db = await openDatabase(dbPath);
    try {
      expect(byId(db, 'DLA-3012-1')).toBeUndefined();
      expect(byId(db, 'ACME-2024-1')?.vuln.id).toBe('ACME-2024-1');
      expect(db.sqlite.prepare("SELECT origin FROM vulns WHERE id = 'ACME-2024-1'").pluck().get()).toBe(
        `import:${file}`,
      );
      expect(db.sqlite.prepare("SELECT origin FROM vulns WHERE id = 'DLA-3008-1'").pluck().get()).toBe(
        'osv:Debian',
      );
    } finally {
      db.close();
    }
  });

  itZip('a list that would remove most of an ecosystem removes nothing, and says why', async () => {
    await updateDatabase(options());
    // A truncated list: one npm record of 33 is left, and it is newer, so it is fetched.
    change('npm', (records) => {
      const keep = [...records.keys()][0]!;
      for (const id of [...records.keys()]) if (id !== keep) records.delete(id);
      bump(records, keep, '2030-01-01T00:00:00Z', 'changed');
    });
    const warnings: string[] = [];
    const r = await updateDatabase(options({ onWarning: (m) => warnings.push(m) }));
    expect(r.sources.find((o) => o.name === 'osv:npm')).toMatchObject({
      updated: 1,
      removed: 0,
      records: 33,
    });
    expect(warnings).toEqual([
      'osv:npm: the source lists 1 records and 32 of the 33 held are not among them; kept them all (a truncated list?)',
    ]);
  });

  itZip('fetches the whole zip when more records changed than incrementalMax', async () => {
    await updateDatabase(options());
    change('Debian', (records) => {
      bump(records, 'DLA-3008-1', '2030-01-01T00:00:00Z', 'changed upstream');
      addCopy(records, 'DSA-3029-1', 'DSA-9999-1', '2030-01-02T00:00:00Z');
    });
    server.log.length = 0;
    const r = await updateDatabase(options({ incrementalMax: 1 }));
    expect(requested().slice(0, 2)).toEqual(['200 /Debian/modified_id.csv', '200 /Debian/all.zip']);
    expect(r.sources[0]).toMatchObject({ action: 'full', added: 1, updated: 1, records: 8 });
  });

  itZip('falls back to conditional requests for all.zip on a mirror without modified_id.csv', async () => {
    for (const e of FIXTURE_ECOSYSTEMS) server.remove(`/${e}/modified_id.csv`);
    await updateDatabase(options({ kevUrl: null, epssUrl: null }));
    server.log.length = 0;
    await updateDatabase(options({ kevUrl: null, epssUrl: null }));
    expect(requested().filter((l) => l.includes('Debian'))).toEqual([
      '404 /Debian/modified_id.csv',
      '304 /Debian/all.zip',
    ]);
  });

  itZip('leaves the old database byte for byte when the connection drops mid-download', async () => {
    await updateDatabase(options());
    const before = sha256(dbPath);
    change('npm', (records) => bump(records, 'GHSA-35jh-r3h4-6jhm', '2030-01-01T00:00:00Z', 'changed'));
    server.always('/npm/all.zip', { dropAfter: 2000 });
    server.log.length = 0;
    const e = await rejection(updateDatabase(options({ incrementalMax: 0 })));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(
      /^db update: osv:npm: http:\/\/127\.0\.0\.1:\d+\/npm\/all\.zip: connection dropped after 2000 of \d+ bytes/,
    );
    expect(e.hint).toContain('--osv-url');
    // Retried, as a dropped connection often is a passing failure.
    expect(requested().filter((l) => l.endsWith('/npm/all.zip'))).toHaveLength(FAST.attempts);
    expect(sha256(dbPath)).toBe(before);
    expect(cacheFiles()).toEqual(['vulnerabilities.db']);
    const db = await openDatabase(dbPath);
    try {
      expect(byId(db, 'GHSA-35jh-r3h4-6jhm')?.vuln.summary).not.toBe('changed');
    } finally {
      db.close();
    }
    server.clear('/npm/all.zip');
    const r = await updateDatabase(options({ incrementalMax: 0 }));
    expect(r.sources.find((o) => o.name === 'osv:npm')).toMatchObject({ action: 'full', updated: 1 });
    expect(cacheFiles()).toEqual(['vulnerabilities.db']);
  });

  itZip('refuses a damaged zip, keeping the old database; a first run leaves no file', async () => {
    await updateDatabase(options());
    const before = sha256(dbPath);
    change('Debian', (records) => bump(records, 'DLA-3008-1', '2030-01-01T00:00:00Z', 'changed'));
    const zip = Buffer.from(await (await fetch(`${server.url}/Debian/all.zip`)).arrayBuffer());
    // One byte inside DLA-3008-1's deflate data: the entry's CRC (or its inflate) fails.
    const at = zip.indexOf(Buffer.from('DLA-3008-1.json')) + 'DLA-3008-1.json'.length + 40;
    zip[at] = zip[at]! ^ 0xff;
    server.put('/Debian/all.zip', zip);
    const e = await rejection(updateDatabase(options({ incrementalMax: 0 })));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/DLA-3008-1\.json: damaged zip entry/);
    expect(sha256(dbPath)).toBe(before);
    expect(cacheFiles()).toEqual(['vulnerabilities.db']);

    server.put('/Debian/all.zip', Buffer.from('PK\x03\x04 not a zip at all'));
    rmSync(join(dir, 'cache'), { recursive: true });
    const first = await rejection(updateDatabase(options()));
    expect(first.message).toMatch(/not a readable zip archive/);
    expect(cacheFiles()).toEqual([]);
  });

  itZip('retries 429 and 503 answers, and says so when they go on', async () => {
    server.fail('/Debian/all.zip', { status: 503 }, { status: 429, retryAfter: '0' });
    const r = await updateDatabase(options());
    expect(requested().filter((l) => l.endsWith('/Debian/all.zip'))).toEqual([
      '503 /Debian/all.zip',
      '429 /Debian/all.zip',
      '200 /Debian/all.zip',
    ]);
    expect(r.sources[0]).toMatchObject({ requests: 4, action: 'full' });
    const before = sha256(dbPath);
    server.always('/kev.json', { status: 503 });
    change('Alpine', (records) => bump(records, 'CVE-2022-27449', '2030-01-01T00:00:00Z', 'x'));
    const e = await rejection(updateDatabase(options()));
    expect(e.message).toMatch(
      /^db update: kev: http:\/\/127\.0\.0\.1:\d+\/kev\.json: HTTP 503 after 3 attempts$/,
    );
    expect(e.hint).toMatch(/busy/);
    expect(sha256(dbPath)).toBe(before);
  });

  itZip('warns about an ecosystem the server has no data for, and goes on', async () => {
    const warnings: string[] = [];
    const r = await updateDatabase(
      options({ ecosystems: ['Alpine', 'NoSuchEcosystem'], onWarning: (l) => warnings.push(l) }),
    );
    expect(r.sources[1]).toMatchObject({ name: 'osv:NoSuchEcosystem', action: 'missing' });
    expect(warnings).toEqual([
      expect.stringMatching(/^osv:NoSuchEcosystem: no OSV data at .*\/NoSuchEcosystem\/all\.zip/),
    ]);
  });

  itZip('reports download progress per source', async () => {
    const seen: string[] = [];
    await updateDatabase(
      options({ onProgress: (p) => seen.push(`${p.source} ${p.file} ${p.bytes}/${p.total}`) }),
    );
    const zip = seen.filter((s) => s.startsWith('osv:npm all.zip'));
    expect(zip.length).toBeGreaterThan(0);
    const [done, total] = zip.at(-1)!.split(' ').at(-1)!.split('/');
    expect(done).toBe(total);
  });

  itZip(
    'survives being killed mid-download: old database intact, leftovers removed by the next run',
    async () => {
      await updateDatabase(options());
      const before = sha256(dbPath);
      change('npm', (records) => bump(records, 'GHSA-35jh-r3h4-6jhm', '2030-01-01T00:00:00Z', 'changed'));
      server.always('/npm/all.zip', { stallAfter: 3000 });
      // The update runs in its own process (bundled, as the CLI is), which is killed while the zip is half there.
      const bundle = join(dir, 'update.mjs');
      buildSync({
        entryPoints: [join(import.meta.dirname, 'update.ts')],
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile: bundle,
        external: ['better-sqlite3'],
        logLevel: 'silent',
      });
      const script = `import { updateDatabase } from ${JSON.stringify(bundle)};
await updateDatabase(${JSON.stringify({ ...options({ incrementalMax: 0 }), retry: FAST })});`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, NODE_PATH: join(import.meta.dirname, '..', '..', '..', 'node_modules') },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const leftover = join(dir, 'cache', `vulnerabilities.db.tmp-${child.pid}.dl`);
      for (let i = 0; i < 400; i++) {
        const half = readdirSync(existsSync(leftover) ? leftover : dir).some((f) => f.endsWith('.zip'));
        if (server.log.some((e) => e.path === '/npm/all.zip') && half) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      child.kill('SIGKILL');
      await exited;
      expect(err).toBe('');
      expect(readdirSync(leftover).length).toBeGreaterThan(0);
      expect(sha256(dbPath)).toBe(before);
      const db = await openDatabase(dbPath);
      expect(status(db).vulnerabilities).toBe(43);
      db.close();
      server.clear('/npm/all.zip');
      const r = await updateDatabase(options({ incrementalMax: 0 }));
      expect(r.sources.find((o) => o.name === 'osv:npm')).toMatchObject({ action: 'full', updated: 1 });
      expect(cacheFiles()).toEqual(['vulnerabilities.db']);
    },
  );

  itZip('removes what an update that was killed left behind, and only that', async () => {
    await updateDatabase(options());
    // A process that has exited: its pid names the leftovers of a killed run.
    const dead = spawnSync(process.execPath, ['-e', 'process.pid'], { stdio: 'ignore' }).pid!;
    const stale = [`vulnerabilities.db.tmp-${dead}`, `vulnerabilities.db.tmp-${dead}-journal`];
    for (const f of stale) writeFileSync(join(dir, 'cache', f), 'half-written');
    mkdirSync(join(dir, 'cache', `vulnerabilities.db.tmp-${dead}.dl`));
    writeFileSync(join(dir, 'cache', `vulnerabilities.db.tmp-${dead}.dl`, 'osv-0.zip'), 'PK');
    // Our parent is alive: its files belong to a run still going (another shell's import).
    const alive = `vulnerabilities.db.tmp-${process.ppid}`;
    writeFileSync(join(dir, 'cache', alive), 'in progress');
    await updateDatabase(options());
    expect(cacheFiles()).toEqual([alive, 'vulnerabilities.db'].sort());
    expect(removeLeftovers(dbPath)).toEqual([]);
  });
});

describe('parseModifiedIds', () => {
  it('reads the bucket lines, with or without the ecosystem folder, and skips the rest', () => {
    expect(
      parseModifiedIds(
        '2025-06-01T10:00:00.123456Z,DLA-3008-1\r\n2024-01-01T00:00:00Z,Debian/DSA-3029-1\n\nnot,a line\n,X\n',
      ),
    ).toEqual([
      { modified: '2025-06-01T10:00:00.123456Z', id: 'DLA-3008-1' },
      { modified: '2024-01-01T00:00:00Z', id: 'DSA-3029-1' },
    ]);
  });
});
