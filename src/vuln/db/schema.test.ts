import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { isShipshapeError } from '../../core/errors.js';
import {
  APPLICATION_ID,
  DB_HINT,
  defaultDbPath,
  getSource,
  MIGRATIONS,
  openDatabase,
  SCHEMA_VERSION,
  setSource,
} from './schema.js';

const itSqlite = requireTool('sqlite3') ? it : it.skip;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-db-schema-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The error openDatabase throws, checked to be an input error (exit 2). */
async function openError(path: string, options = {}) {
  const e = await openDatabase(path, options).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isShipshapeError(e), String(e)).toBe(true);
  if (!isShipshapeError(e)) throw e;
  expect(e.exitCode).toBe(2);
  return e;
}

const sqlite3 = (path: string, sql: string) =>
  execFileSync('sqlite3', [path, sql], { encoding: 'utf8' }).trim();

describe('openDatabase', () => {
  itSqlite('creates the schema, stamped with user_version and application_id, without WAL', async () => {
    const path = join(dir, 'v.db');
    const db = await openDatabase(path, { create: true });
    db.close();
    // The sqlite3 program reads the file independently of better-sqlite3.
    expect(sqlite3(path, 'PRAGMA user_version')).toBe(String(SCHEMA_VERSION));
    expect(sqlite3(path, 'PRAGMA application_id')).toBe(String(APPLICATION_ID));
    expect(sqlite3(path, 'PRAGMA journal_mode')).toBe('delete');
    expect(sqlite3(path, 'PRAGMA integrity_check')).toBe('ok');
    const tables = sqlite3(path, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").split(
      '\n',
    );
    expect(tables).toEqual([
      'affected',
      'aliases',
      'epss',
      'kev',
      'meta',
      'sources',
      'vuln_ecosystems',
      'vulns',
    ]);
    const indexes = sqlite3(path, "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL");
    expect(indexes.split('\n').sort()).toEqual(['affected_by_vuln', 'aliases_by_alias', 'vulns_withdrawn']);
    // The package lookup is a range of the table's own key (stored in package order), not a scan.
    const plan = sqlite3(
      path,
      "EXPLAIN QUERY PLAN SELECT * FROM affected WHERE ecosystem = 'Debian' AND name = 'openssl' AND release IN ('12', '')",
    );
    expect(plan).toContain('USING PRIMARY KEY (ecosystem=? AND name=? AND release=?)');
  });

  it('reopens its own file read-only, and refuses writes there', async () => {
    const path = join(dir, 'v.db');
    (await openDatabase(path, { create: true })).close();
    const db = await openDatabase(path);
    expect(db.readonly).toBe(true);
    expect(() => db.sqlite.exec("INSERT INTO meta VALUES ('x', 'y')")).toThrow(/readonly/);
    db.close();
  });

  it('says how to get a database when the file is missing', async () => {
    const e = await openError(join(dir, 'nope.db'));
    expect(e.message).toBe(`no vulnerability database at ${join(dir, 'nope.db')}`);
    expect(e.hint).toBe(DB_HINT);
    expect(DB_HINT).toBe('run shipshape db update, or shipshape db import PATH');
  });

  it.each([
    [
      'random bytes',
      Buffer.from('this is not an SQLite database, only text that is long enough'.repeat(100)),
    ],
    ['an empty file', Buffer.alloc(0)],
  ])('refuses %s', async (_what, bytes) => {
    const path = join(dir, 'bad.db');
    writeFileSync(path, bytes);
    const e = await openError(path);
    expect(e.message).toMatch(/not a shipshape vulnerability database/);
    expect(e.hint).toContain(DB_HINT);
  });

  it('refuses a damaged database', async () => {
    const path = join(dir, 'v.db');
    (await openDatabase(path, { create: true })).close();
    // Keep the 100-byte header, overwrite the schema page: SQLite reports the file as malformed.
    const bytes = readFileSync(path);
    bytes.fill(0xa5, 100, 4096);
    writeFileSync(path, bytes);
    const e = await openError(path);
    expect(e.message).toMatch(/damaged|not a shipshape/);
  });

  itSqlite("refuses another program's SQLite file, even for writing", async () => {
    const path = join(dir, 'other.db');
    sqlite3(path, 'CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    for (const options of [{}, { readonly: false }, { create: true }]) {
      const e = await openError(path, options);
      expect(e.message).toBe(`${path}: not a shipshape vulnerability database`);
    }
    expect(sqlite3(path, 'SELECT x FROM t')).toBe('1');
  });

  itSqlite('refuses a newer schema, and an older one when read-only', async () => {
    const path = join(dir, 'v.db');
    (await openDatabase(path, { create: true })).close();
    sqlite3(path, `PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    const newer = await openError(path);
    expect(newer.message).toContain(`schema ${SCHEMA_VERSION + 1} is newer`);
    expect(newer.hint).toContain('upgrade shipshape');
    sqlite3(path, 'PRAGMA user_version = 0');
    const older = await openError(path);
    expect(older.message).toContain('schema 0 is older');
  });

  /** A schema 1 file, as shipshape 0.1 wrote it (step 1 only), open for the test to fill. */
  async function schema1File(path: string) {
    const Database = (await import('better-sqlite3')).default;
    const old = new Database(path);
    old.exec(MIGRATIONS[0] as string);
    old.prepare("INSERT INTO meta (key, value) VALUES ('schema', '1')").run();
    old.pragma(`application_id = ${APPLICATION_ID}`);
    old.pragma('user_version = 1');
    return old;
  }

  itSqlite(
    'brings a schema 1 file forward in place: rows in package order, titles, CVSS scores and triage words',
    async () => {
      const path = join(dir, 'v1.db');
      // A record without a summary and one with.
      const old = await schema1File(path);
      const records = [
        {
          id: 'CVE-2024-1013',
          modified: '2024-01-01T00:00:00Z',
          details: 'An out-of-bounds write in unixODBC. More text follows here.',
        },
        { id: 'DSA-1-1', modified: '2024-01-01T00:00:00Z', summary: 'unixodbc - security update' },
      ];
      const v3 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H';
      for (const r of records) {
        old
          .prepare('INSERT INTO vulns (id, modified, summary, cvss_v3, raw) VALUES (?, ?, ?, ?, ?)')
          .run(r.id, r.modified, r.summary ?? null, r.summary ? null : v3, deflateRawSync(JSON.stringify(r)));
      }
      const affected = old.prepare(
        'INSERT INTO affected (vuln_id, ecosystem, release, name, ranges, ecosystem_specific) VALUES (?, ?, ?, ?, ?, ?)',
      );
      affected.run('DSA-1-1', 'Debian', '12', 'unixodbc', '[1]', null);
      affected.run('CVE-2024-1013', 'Debian', '12', 'unixodbc', '[2]', '{"urgency":"unimportant"}');
      affected.run('CVE-2024-1013', 'Debian', '12', 'unixodbc', '[3]', null);
      affected.run('CVE-2024-1013', 'Debian', '11', 'unixodbc', '[4]', null);
      old.close();

      // Read-only, it is refused with the way forward; opened for writing, it is migrated.
      expect((await openError(path)).message).toContain('schema 1 is older');
      (await openDatabase(path, { create: true })).close();
      expect(sqlite3(path, 'PRAGMA user_version')).toBe(String(SCHEMA_VERSION));
      expect(sqlite3(path, 'PRAGMA integrity_check')).toBe('ok');
      const db = await openDatabase(path);
      const { candidates } = await import('./query.js');
      const found = candidates(db, 'Debian:12', 'unixodbc');
      expect(found.map((c) => [c.vuln.id, c.vuln.title, c.affected.map((a) => a.ranges)])).toEqual([
        ['CVE-2024-1013', 'An out-of-bounds write in unixODBC.', [[2], [3]]],
        ['DSA-1-1', 'unixodbc - security update', [[1]]],
      ]);
      // Schema 3: the record's vector scored (the oracle: the calculator itself), the entry's urgency kept.
      const { cvssScore, prepareCvss } = await import('../severity.js');
      await prepareCvss();
      expect(found[0]!.vuln.score).toEqual(cvssScore(v3));
      expect(found[0]!.vuln.score?.score).toBe(8.8);
      expect(found[1]!.vuln.score).toBeUndefined();
      expect(found[0]!.affected.map((a) => a.status)).toEqual(['unimportant', undefined]);
      // Schema 4: a file with no `db import` source was written by db update alone: every record is its to prune.
      expect(sqlite3(path, 'SELECT DISTINCT origin FROM vulns')).toBe('osv:');
      db.close();
    },
  );

  itSqlite(
    'brings a file forward with the origin of its records unknown when a user imported files into it',
    async () => {
      const path = join(dir, 'mixed.db');
      const old = await schema1File(path);
      old
        .prepare(
          "INSERT INTO sources (name, kind, updated) VALUES ('osv:Debian', 'osv', 'x'), ('import:/a', 'osv', 'x')",
        )
        .run();
      old
        .prepare('INSERT INTO vulns (id, modified, raw) VALUES (?, ?, ?)')
        .run('ACME-1', '2024-01-01T00:00:00Z', deflateRawSync('{}'));
      old.close();
      (await openDatabase(path, { create: true })).close();
      // Which records the user imported cannot be told: none is db update's to remove.
      expect(sqlite3(path, "SELECT count(*) FROM vulns WHERE origin IS NULL AND id = 'ACME-1'")).toBe('1');
    },
  );

  it('refuses a directory', async () => {
    mkdirSync(join(dir, 'd.db'));
    const e = await openError(join(dir, 'd.db'));
    expect(e.message).toContain('is a directory');
  });
});

describe('sources and the default path', () => {
  it('records a source with its HTTP validators', async () => {
    const db = await openDatabase(join(dir, 'v.db'), { create: true });
    setSource(db, {
      name: 'osv:Debian',
      kind: 'osv',
      updated: '2026-11-23T00:00:00.000Z',
      etag: '"abc"',
      lastModified: 'Sun, 22 Nov 2026 10:00:00 GMT',
      records: 42,
      detail: { url: 'https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip' },
    });
    expect(getSource(db, 'osv:Debian')).toEqual({
      name: 'osv:Debian',
      kind: 'osv',
      updated: '2026-11-23T00:00:00.000Z',
      etag: '"abc"',
      lastModified: 'Sun, 22 Nov 2026 10:00:00 GMT',
      records: 42,
      detail: { url: 'https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip' },
    });
    db.close();
  });

  it('lives in the cache directory SPEC names', () => {
    expect(defaultDbPath({ SHIPSHAPE_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe(
      '/c/db/vulnerabilities.db',
    );
    expect(defaultDbPath({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/shipshape/db/vulnerabilities.db');
    expect(defaultDbPath({ HOME: '/h' })).toBe('/h/.cache/shipshape/db/vulnerabilities.db');
  });
});
