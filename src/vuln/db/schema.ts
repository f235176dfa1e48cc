// The vulnerability database: its SQLite schema, migrations, and the handle that opens it (read-only or for import).
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type BetterSqlite3 from 'better-sqlite3';
import { cacheDir } from '../../core/cache-dir.js';
import { inputError, isShipshapeError, type ShipshapeError } from '../../core/errors.js';
import { cvssScorer, prepareCvss } from '../severity.js';
import type { OsvRecord, OsvSeverity } from './osv.js';

/** The schema this code writes and reads; `PRAGMA user_version` holds the file's. */
export const SCHEMA_VERSION = 4;
/** `PRAGMA application_id`: 'SHPS', so another program's SQLite file is told apart from ours. */
export const APPLICATION_ID = 0x53485053;
/** The database file inside the cache directory. */
export const DB_FILE_NAME = 'vulnerabilities.db';

export type Sqlite = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[]>;

/** What `shipshape db` tells a user whose database is missing or unusable. */
export const DB_HINT = 'run shipshape db update, or shipshape db import PATH';

/** The look-up index of schema 1 (schema 2 keys the affected table itself by package). */
const PACKAGE_INDEX = 'CREATE INDEX affected_by_package ON affected (ecosystem, name, release)';

/**
 * The affected table of schema 2, stored in package order (WITHOUT ROWID, keyed by ecosystem, name, release,
 * record): the entries one look-up reads sit side by side in a few pages instead of one page per entry. `seq`
 * is the entry's place among the record's affected[] entries, so they come back in the record's order.
 */
const affectedTable = (table: string) => `CREATE TABLE ${table} (
    ecosystem TEXT NOT NULL COLLATE NOCASE,  -- the base: Debian, Alpine, Red Hat, npm, PyPI
    name TEXT NOT NULL,                      -- normalised per ecosystem (PEP 503 for PyPI...)
    release TEXT NOT NULL DEFAULT '',        -- the suffix: 12, v3.19, Pro:14.04:LTS; '' for none
    vuln_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    package TEXT,                            -- the name as the record writes it, when that differs
    purl TEXT,
    ranges TEXT,                             -- JSON arrays and objects as in the record
    versions TEXT,
    severity TEXT,
    ecosystem_specific TEXT,
    database_specific TEXT,
    PRIMARY KEY (ecosystem, name, release, vuln_id, seq)
  ) WITHOUT ROWID`;
const AFFECTED_COLUMNS_V2 =
  'ecosystem, name, release, vuln_id, seq, package, purl, ranges, versions, severity, ecosystem_specific, database_specific';
/** The affected table's columns now: schema 3 added `status`. */
const AFFECTED_COLUMNS = `${AFFECTED_COLUMNS_V2}, status`;

/** A step: SQL, or a function for what SQL alone cannot do (reading the compressed records). */
type Migration = string | ((sqlite: Sqlite) => void);

// One step per schema version; step N brings a database from user_version N-1 to N. A future change appends a
// step (ALTER TABLE, new index...) and never edits an old one, so every older file can be brought forward in
// place. Exported for the migration tests.
export const MIGRATIONS: readonly Migration[] = [
  `
  -- Key/value facts about the file: schema version, when it was created and last written.
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

  -- Where the data came from (an OSV ecosystem, a file that was imported, KEV, EPSS) and when.
  CREATE TABLE sources (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL,             -- osv | kev | epss
    updated TEXT NOT NULL,          -- when shipshape wrote it (RFC 3339)
    etag TEXT,                      -- HTTP validators for conditional downloads
    last_modified TEXT,
    records INTEGER NOT NULL DEFAULT 0,
    detail TEXT                     -- JSON: catalog version, EPSS model and score date, paths...
  ) WITHOUT ROWID;

  -- One row per OSV record. raw is the whole record: its JSON text as read, compressed (raw deflate).
  CREATE TABLE vulns (
    id TEXT PRIMARY KEY,
    modified TEXT NOT NULL,
    published TEXT,
    withdrawn TEXT,                 -- set: the record was retracted and must not be reported
    summary TEXT,
    severity TEXT,                  -- JSON: the record's top-level severity[]
    cvss_v2 TEXT,                   -- the CVSS vectors from severity[], by version
    cvss_v3 TEXT,
    cvss_v4 TEXT,
    severity_label TEXT,            -- a database's own word: GHSA's LOW..CRITICAL, Ubuntu's priority
    raw BLOB NOT NULL
  );
  -- Small: only withdrawn records are in it, and status counts them without reading every record.
  CREATE INDEX vulns_withdrawn ON vulns (id) WHERE withdrawn IS NOT NULL;

  -- aliases (symmetric), upstream (a distribution record's CVE) and related, each queryable from either side.
  CREATE TABLE aliases (
    vuln_id TEXT NOT NULL,
    alias TEXT NOT NULL,
    kind TEXT NOT NULL,             -- alias | upstream | related
    PRIMARY KEY (vuln_id, alias, kind)
  ) WITHOUT ROWID;
  CREATE INDEX aliases_by_alias ON aliases (alias);

  -- One row per affected[] entry that names a package, keyed for lookups by (ecosystem, name, release).
  CREATE TABLE affected (
    vuln_id TEXT NOT NULL,
    ecosystem TEXT NOT NULL COLLATE NOCASE,  -- the base: Debian, Alpine, Red Hat, npm, PyPI
    release TEXT NOT NULL DEFAULT '',        -- the suffix: 12, v3.19, Pro:14.04:LTS; '' for none
    name TEXT NOT NULL,                      -- normalised per ecosystem (PEP 503 for PyPI...)
    package TEXT,                            -- the name as the record writes it, when that differs
    purl TEXT,
    ranges TEXT,                             -- JSON arrays and objects as in the record
    versions TEXT,
    severity TEXT,
    ecosystem_specific TEXT,
    database_specific TEXT
  );
  ${PACKAGE_INDEX};
  CREATE INDEX affected_by_vuln ON affected (vuln_id);

  -- Which base ecosystems each record names: status counts records per ecosystem from this small table.
  CREATE TABLE vuln_ecosystems (
    vuln_id TEXT NOT NULL,
    ecosystem TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (vuln_id, ecosystem)
  ) WITHOUT ROWID;

  -- CISA's Known Exploited Vulnerabilities catalog.
  CREATE TABLE kev (
    cve TEXT PRIMARY KEY,
    date_added TEXT,
    due_date TEXT,
    ransomware TEXT,                -- knownRansomwareCampaignUse: Known | Unknown
    vendor TEXT,
    product TEXT,
    name TEXT,
    required_action TEXT
  ) WITHOUT ROWID;

  -- FIRST's Exploit Prediction Scoring System: probability of exploitation in the next 30 days.
  CREATE TABLE epss (
    cve TEXT PRIMARY KEY,
    score REAL NOT NULL,
    percentile REAL NOT NULL
  ) WITHOUT ROWID;
  `,
  // 2: the affected table in package order; vulns.title, the first sentence of details for records without a
  // summary (Debian's), so a scan's report never decompresses records.
  (sqlite) => {
    sqlite.exec(`
      ${affectedTable('affected_v2')};
      INSERT INTO affected_v2 (${AFFECTED_COLUMNS_V2})
        SELECT ecosystem, name, release, vuln_id, rowid, package, purl, ranges, versions, severity,
          ecosystem_specific, database_specific FROM affected;
      DROP TABLE affected;
      ALTER TABLE affected_v2 RENAME TO affected;
      CREATE INDEX affected_by_vuln ON affected (vuln_id);
      ALTER TABLE vulns ADD COLUMN title TEXT;
    `);
    const ids = sqlite.prepare('SELECT id FROM vulns WHERE summary IS NULL').pluck().all() as string[];
    const read = sqlite.prepare('SELECT raw FROM vulns WHERE id = ?').pluck();
    const write = sqlite.prepare('UPDATE vulns SET title = ? WHERE id = ?');
    for (const id of ids) {
      const record = JSON.parse(inflateRawSync(read.get(id) as Buffer).toString('utf8')) as OsvRecord;
      const title = titleOf(record);
      if (title !== undefined) write.run(title, id);
    }
  },
  // 3: what a scan would otherwise work out per finding, worked out once here: each record's best CVSS score
  // (scoring vectors was a fifth of matching an image) and each affected entry's triage word, so a scan reads
  // neither ecosystem_specific nor the CVSS calculator. openDatabase loads the calculator before migrating.
  (sqlite) => {
    sqlite.exec(`
      ALTER TABLE vulns ADD COLUMN cvss_score REAL;   -- the best of cvss_v4, cvss_v3, cvss_v2 that scores
      ALTER TABLE vulns ADD COLUMN cvss_version TEXT;
      ALTER TABLE vulns ADD COLUMN cvss_vector TEXT;
      ALTER TABLE affected ADD COLUMN status TEXT;    -- triageOf the entry: Debian urgency, Ubuntu priority
    `);
    const scored = sqlite.prepare(
      'UPDATE vulns SET cvss_score = ?, cvss_version = ?, cvss_vector = ? WHERE id = ?',
    );
    const withVectors = sqlite
      .prepare(
        'SELECT id, cvss_v2, cvss_v3, cvss_v4 FROM vulns WHERE coalesce(cvss_v2, cvss_v3, cvss_v4) IS NOT NULL',
      )
      .raw(true)
      .all() as [string, string | null, string | null, string | null][];
    const score = cvssScorer();
    for (const [id, v2, v3, v4] of withVectors) {
      const s = score(v2, v3, v4);
      if (s) scored.run(s.score, s.version, s.vector, id);
    }
    const triaged = sqlite.prepare(
      'UPDATE affected SET status = ? WHERE ecosystem = ? AND name = ? AND release = ? AND vuln_id = ? AND seq = ?',
    );
    const parse = (text: string | null) => (text === null ? undefined : JSON.parse(text));
    const rows = sqlite
      .prepare(
        `SELECT a.ecosystem, a.name, a.release, a.vuln_id, a.seq, a.ecosystem_specific, a.severity, v.severity
         FROM affected a JOIN vulns v ON v.id = a.vuln_id
         WHERE a.ecosystem_specific IS NOT NULL OR a.severity IS NOT NULL OR v.severity IS NOT NULL`,
      )
      .raw(true)
      .all() as [string, string, string, string, number, string | null, string | null, string | null][];
    for (const [ecosystem, name, release, id, seq, es, severity, recordSeverity] of rows) {
      const status = triageOf(parse(es), parse(severity), parse(recordSeverity));
      if (status !== undefined) triaged.run(status, ecosystem, name, release, id, seq);
    }
  },
  // 4: which source last wrote each record (`osv:<Ecosystem>` from db update, `import:<path>` from db import), so
  // that db update removes only records it wrote when upstream deletes them, never ones a user imported. Files
  // written by db update alone get 'osv:' for every record; where a user imported files too, none can be told
  // apart and they get NULL, which db update never removes.
  `
  ALTER TABLE vulns ADD COLUMN origin TEXT;
  UPDATE vulns SET origin = 'osv:' WHERE NOT EXISTS (SELECT 1 FROM sources WHERE name LIKE 'import:%');
  `,
];

/**
 * An affected entry's triage word, as the distribution writes it: Debian's urgency (`unimportant`), Ubuntu's
 * priority (`negligible`) from ecosystem_specific, else an `Ubuntu` severity of the entry (or, when the entry has
 * none, of the record). Arrays are as stored: an empty severity[] counts as none.
 */
export function triageOf(
  ecosystemSpecific: Record<string, unknown> | undefined,
  severity: OsvSeverity[] | undefined,
  recordSeverity: OsvSeverity[] | undefined,
): string | undefined {
  const urgency = ecosystemSpecific?.urgency;
  if (typeof urgency === 'string' && urgency !== '') return urgency;
  const priority = ecosystemSpecific?.ubuntu_priority;
  if (typeof priority === 'string' && priority !== '') return priority;
  const list = severity?.length ? severity : recordSeverity?.length ? recordSeverity : [];
  const ubuntu = list.find((s) => s.type === 'Ubuntu');
  return typeof ubuntu?.score === 'string' ? ubuntu.score : undefined;
}

/** A record's title: its summary, else the first sentence of its details (at most about 200 characters). */
export function titleOf(record: Pick<OsvRecord, 'summary' | 'details'>): string | undefined {
  if (record.summary) return record.summary;
  const details = record.details?.replace(/\s+/g, ' ').trim();
  if (!details) return undefined;
  return /^(.{10,200}?[.!?])(?:\s|$)/.exec(details)?.[1] ?? details;
}

export interface OpenOptions {
  /** Open for reading only (the default): queries, status. */
  readonly?: boolean;
  /** Create the file and its schema when it does not exist (import into a new database). */
  create?: boolean;
}

/** An open vulnerability database. Close it when done. */
export class VulnDb {
  readonly path: string;
  readonly sqlite: Sqlite;
  readonly readonly: boolean;
  readonly #statements = new Map<string, Statement>();

  constructor(path: string, sqlite: Sqlite, readonly: boolean) {
    this.path = path;
    this.sqlite = sqlite;
    this.readonly = readonly;
  }

  /** A prepared statement, compiled once per handle. */
  prepare(sql: string): Statement {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      stmt = this.sqlite.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  close(): void {
    this.#statements.clear();
    if (this.sqlite.open) this.sqlite.close();
  }
}

/** `<cache dir>/db/vulnerabilities.db`, or null when there is no cache directory. */
export function defaultDbPath(env: Record<string, string | undefined>): string | null {
  const dir = cacheDir(env);
  return dir === null ? null : join(dir, 'db', DB_FILE_NAME);
}

// Loaded on first use: better-sqlite3 is a native module that lint, k8s and sbom never need. Through require, not
// import(): the bundled CLI runs as a vm.Script (for the code cache), where a dynamic import() has no loader.
let sqliteModule: Promise<typeof BetterSqlite3> | undefined;
function loadSqlite(): Promise<typeof BetterSqlite3> {
  sqliteModule ??= Promise.resolve().then(
    () => createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3,
  );
  return sqliteModule;
}

/**
 * Opens the database at `path`. A missing file is an input error that says how to get one; a file that is not
 * a shipshape database, is damaged, or has a newer schema is an input error too (exit 2), never a crash.
 */
export async function openDatabase(path: string, options: OpenOptions = {}): Promise<VulnDb> {
  const readonly = options.readonly ?? !options.create;
  if (!options.create && !existsSync(path)) {
    throw inputError('not-found', `no vulnerability database at ${path}`, DB_HINT);
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw inputError(
      'unreadable',
      `${path}: is a directory, expected the vulnerability database file`,
      DB_HINT,
    );
  }
  const Database = await loadSqlite();
  // A migration or an import scores CVSS vectors (schema 3), synchronously inside a transaction.
  if (!readonly) await prepareCvss();
  let sqlite: Sqlite;
  try {
    sqlite = new Database(path, { readonly, fileMustExist: !options.create, timeout: 10_000 });
  } catch (e) {
    throw sqliteError(path, e);
  }
  try {
    prepareSchema(path, sqlite, readonly);
  } catch (e) {
    sqlite.close();
    throw sqliteError(path, e);
  }
  return new VulnDb(path, sqlite, readonly);
}

function prepareSchema(path: string, sqlite: Sqlite, readonly: boolean): void {
  const appId = sqlite.pragma('application_id', { simple: true }) as number;
  const version = sqlite.pragma('user_version', { simple: true }) as number;
  if (appId !== APPLICATION_ID) {
    const empty =
      appId === 0 &&
      version === 0 &&
      (sqlite.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number) === 0;
    if (!empty || readonly) throw notOurs(path, 'not a shipshape vulnerability database');
  }
  if (version > SCHEMA_VERSION) {
    throw inputError(
      'malformed',
      `${path}: database schema ${version} is newer than this shipshape reads (${SCHEMA_VERSION})`,
      'upgrade shipshape, or rebuild the database with shipshape db update',
    );
  }
  if (version < SCHEMA_VERSION) {
    if (readonly) {
      throw inputError(
        'malformed',
        `${path}: database schema ${version} is older than this shipshape reads (${SCHEMA_VERSION})`,
        'run shipshape db update (or shipshape db import PATH) to bring it up to date',
      );
    }
    migrate(sqlite, version);
  }
  // The header above is the file's first 100 bytes; reading a table proves the schema pages are intact too.
  const stamped = sqlite.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get();
  if (stamped === undefined) throw notOurs(path, 'the vulnerability database is damaged (no schema stamp)');
  if (!readonly) {
    // A rollback journal, not WAL: one file to copy or rename, and readers on network file systems keep working.
    sqlite.pragma('journal_mode = DELETE');
    sqlite.pragma('synchronous = NORMAL');
    // Imports touch many pages; a 64 MB page cache (default 2 MB) keeps them from being written out repeatedly.
    sqlite.pragma('cache_size = -65536');
  }
}

/**
 * For a bulk load into a new database: shadows the affected table with a temporary one that takes rows in arrival
 * order, and returns the function that copies them into the real table in package order at the end. One sort
 * costs less than keeping a table keyed by package in order through every insert, and the temporary table lives
 * outside the file, which so holds no free pages afterwards.
 */
export function deferPackageOrder(db: VulnDb): () => void {
  // In a temporary file, not memory (better-sqlite3's build may default to memory): a full OSV load is gigabytes.
  db.sqlite.pragma('temp_store = FILE');
  db.sqlite.exec(`
    ${affectedTable('temp.affected').replace(/,\s*PRIMARY KEY \([^)]*\)\s*\) WITHOUT ROWID$/, ')')};
    ALTER TABLE temp.affected ADD COLUMN status TEXT;
    CREATE INDEX temp.affected_load_by_vuln ON affected (vuln_id);
  `);
  return () =>
    db.sqlite.transaction(() => {
      db.sqlite.exec(`
        INSERT INTO main.affected (${AFFECTED_COLUMNS}) SELECT ${AFFECTED_COLUMNS} FROM temp.affected
          ORDER BY ecosystem, name, release, vuln_id, seq;
        DROP TABLE temp.affected;
      `);
    })();
}

function migrate(sqlite: Sqlite, from: number): void {
  sqlite.transaction(() => {
    for (let v = from; v < SCHEMA_VERSION; v++) {
      const step = MIGRATIONS[v]!;
      if (typeof step === 'string') sqlite.exec(step);
      else step(sqlite);
    }
    if (from === 0) {
      const now = new Date().toISOString();
      sqlite.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('created', now);
      sqlite.pragma(`application_id = ${APPLICATION_ID}`);
    }
    sqlite
      .prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)')
      .run('schema', String(SCHEMA_VERSION));
    sqlite.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

function notOurs(path: string, what: string): ShipshapeError {
  return inputError('malformed', `${path}: ${what}`, `delete the file, then ${DB_HINT}`);
}

/** Maps SQLite's errors about the file (not a database, damaged, locked, read-only, disk full) to input errors. */
export function sqliteError(path: string, e: unknown): unknown {
  if (isShipshapeError(e)) return e;
  const code = (e as { code?: unknown })?.code;
  const message = e instanceof Error ? e.message : String(e);
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return e;
  if (code === 'SQLITE_NOTADB')
    return notOurs(path, 'not a shipshape vulnerability database (not an SQLite file)');
  if (code.startsWith('SQLITE_CORRUPT'))
    return notOurs(path, `the vulnerability database is damaged (${message})`);
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return inputError('unreadable', `${path}: cannot open the vulnerability database (${message})`, DB_HINT);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return inputError(
      'unreadable',
      `${path}: the database is locked by another process`,
      'try again when it ends',
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || code === 'SQLITE_AUTH') {
    return inputError(
      'unreadable',
      `${path}: cannot write the vulnerability database (${message})`,
      '--db PATH',
    );
  }
  if (code === 'SQLITE_FULL') return inputError('unreadable', `${path}: the disk is full`, 'free some space');
  if (code.startsWith('SQLITE_IOERR'))
    return inputError('unreadable', `${path}: read or write failed (${message})`);
  return e;
}

/** Reads one meta value. */
export function getMeta(db: VulnDb, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: VulnDb, key: string, value: string): void {
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
}

export interface SourceInfo {
  /** `osv:Debian`, `import:/path/all.zip`, `kev`, `epss`. */
  name: string;
  kind: 'osv' | 'kev' | 'epss';
  /** When shipshape last wrote data from this source (RFC 3339). */
  updated: string;
  etag?: string;
  lastModified?: string;
  records: number;
  detail?: Record<string, unknown>;
}

/** Records (or replaces) what was loaded from one source; the update task keeps etag and last-modified here. */
export function setSource(db: VulnDb, source: SourceInfo): void {
  db.prepare(
    `INSERT OR REPLACE INTO sources (name, kind, updated, etag, last_modified, records, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    source.name,
    source.kind,
    source.updated,
    source.etag ?? null,
    source.lastModified ?? null,
    source.records,
    source.detail ? JSON.stringify(source.detail) : null,
  );
}

interface SourceRow {
  name: string;
  kind: SourceInfo['kind'];
  updated: string;
  etag: string | null;
  last_modified: string | null;
  records: number;
  detail: string | null;
}

const toSource = (r: SourceRow): SourceInfo => ({
  name: r.name,
  kind: r.kind,
  updated: r.updated,
  ...(r.etag !== null ? { etag: r.etag } : {}),
  ...(r.last_modified !== null ? { lastModified: r.last_modified } : {}),
  records: r.records,
  ...(r.detail !== null ? { detail: JSON.parse(r.detail) as Record<string, unknown> } : {}),
});

export function getSource(db: VulnDb, name: string): SourceInfo | undefined {
  const row = db.prepare('SELECT * FROM sources WHERE name = ?').get(name) as SourceRow | undefined;
  return row ? toSource(row) : undefined;
}

export function listSources(db: VulnDb): SourceInfo[] {
  return (db.prepare('SELECT * FROM sources ORDER BY kind, name').all() as SourceRow[]).map(toSource);
}
