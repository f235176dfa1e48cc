// Loads OSV records (JSON files, directories, osv.dev bulk zips), the CISA KEV catalog and FIRST EPSS scores.
import {
  closeSync,
  createReadStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, deflateRawSync, gunzipSync, constants as zlibConstants } from 'node:zlib';
import { fileError, inputError } from '../../core/errors.js';
import { cvssScorer } from '../severity.js';
import { type DbLimits, DEFAULT_DB_LIMITS, dbLimitError, limitReason } from './limits.js';
import { normalizeName, splitEcosystem } from './names.js';
import { checkOsvRecord, compareTimestamps, type OsvRecord, type OsvSeverity } from './osv.js';
import {
  deferPackageOrder,
  openDatabase,
  type SourceInfo,
  setMeta,
  setSource,
  sqliteError,
  titleOf,
  triageOf,
  type VulnDb,
} from './schema.js';
import { type BulkZip, openBulkZip } from './zip.js';

export interface SkippedRecord {
  /** The file, or `archive.zip!entry.json`, or `file.json[3]` for an array element. */
  path: string;
  reason: string;
}

export interface ImportProgress {
  /** The input being read. */
  path: string;
  /** Valid records read so far in this import. */
  records: number;
  /** Records in this input when known in advance (zip entries). */
  total?: number;
}

export interface OsvImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /**
   * How the sources table names this data (with etag and last-modified for `db update`); by default one source
   * per input, named `import:<absolute path>`.
   */
  source?: Omit<SourceInfo, 'kind' | 'updated' | 'records'>;
  limits?: Partial<DbLimits>;
  /** Records per transaction. */
  batchSize?: number;
  /** Skipped records kept in the result; the rest are only counted. */
  maxReported?: number;
  /** Filled with the id of every valid record read (stored or not). */
  seen?: Set<string>;
}

export interface OsvImportResult {
  /** Valid records read. */
  records: number;
  /** New to the database. */
  inserted: number;
  /** Replaced an older version of the same record. */
  replaced: number;
  /** Already there, the same or newer. */
  unchanged: number;
  /** Of the records read, how many are withdrawn (stored, flagged). */
  withdrawn: number;
  /** Records that failed to parse or validate (the first maxReported). */
  skipped: SkippedRecord[];
  skippedCount: number;
}

export interface KevImportResult {
  entries: number;
  skipped: SkippedRecord[];
  skippedCount: number;
  catalogVersion?: string;
}

export interface EpssImportResult {
  scores: number;
  skipped: SkippedRecord[];
  skippedCount: number;
  modelVersion?: string;
  scoreDate?: string;
}

const DEFAULT_BATCH = 1000;
// Raw records are stored compressed (3 to 4 times smaller). A zip entry's own deflate data is stored as it is;
// other records are compressed at the fastest level, as import time goes mostly to zlib otherwise.
const DEFLATE = { level: zlibConstants.Z_BEST_SPEED };
const DEFAULT_REPORTED = 1000;

// ---------------------------------------------------------------------------------------------------------------
// OSV

/** A checked record waiting for its batch. */
interface PendingRecord {
  record: OsvRecord;
  /** The source it was read from (`osv:Debian`, `import:/path`). */
  origin: string;
  /** Its JSON text as read, compressed when it is written, unless... */
  source?: string;
  /** ...it came compressed (raw deflate) in a zip. */
  raw?: Buffer;
}

/** The rows that store one record (all but the raw record). */
interface RecordRows {
  vuln: unknown[];
  aliases: [string, string][];
  affected: unknown[][];
  /** The base ecosystems the record names. */
  ecosystems: string[];
}

const json = (v: unknown): string | null =>
  v === undefined || v === null || (Array.isArray(v) && v.length === 0) ? null : JSON.stringify(v);

function cvssOf(severity: OsvSeverity[] | undefined, type: string): string | null {
  return severity?.find((s) => s.type === type)?.score ?? null;
}

/** Turns a checked record into the rows that store it. */
function recordRows(record: OsvRecord, score: ReturnType<typeof cvssScorer>): RecordRows {
  // Per-package severity is the schema's alternative to the top-level one (never both): use it for the
  // record's CVSS columns when there is no top-level severity.
  const severity = record.severity?.length
    ? record.severity
    : record.affected?.find((a) => a.severity?.length)?.severity;
  const dbSeverity = record.database_specific?.severity;
  const label =
    typeof dbSeverity === 'string' ? dbSeverity : (severity?.find((s) => s.type === 'Ubuntu')?.score ?? null);
  const v2 = cvssOf(severity, 'CVSS_V2');
  const v3 = cvssOf(severity, 'CVSS_V3');
  const v4 = cvssOf(severity, 'CVSS_V4');
  const best = score(v2, v3, v4);
  const vuln = [
    record.id,
    record.modified,
    record.published ?? null,
    record.withdrawn ?? null,
    record.summary ?? null,
    record.summary ? null : (titleOf(record) ?? null),
    json(record.severity),
    v2,
    v3,
    v4,
    label,
    best?.score ?? null,
    best?.version ?? null,
    best?.vector ?? null,
  ];
  const aliases = new Map<string, [string, string]>();
  const link = (ids: string[] | undefined, kind: string) => {
    for (const alias of ids ?? []) {
      if (alias !== record.id && alias !== '') aliases.set(`${kind}\0${alias}`, [alias, kind]);
    }
  };
  link(record.aliases, 'alias');
  link(record.upstream, 'upstream');
  link(record.related, 'related');
  const affected: unknown[][] = [];
  const ecosystems = new Map<string, string>();
  for (const a of record.affected ?? []) {
    // Entries without a package (GIT-only ranges for a repository) cannot be looked up by package.
    if (!a.package) continue;
    const seq = affected.length;
    const { base, release } = splitEcosystem(a.package.ecosystem);
    const name = normalizeName(base, a.package.name);
    if (!ecosystems.has(base.toLowerCase())) ecosystems.set(base.toLowerCase(), base);
    affected.push([
      base,
      name,
      release,
      record.id,
      seq,
      name === a.package.name ? null : a.package.name,
      a.package.purl ?? null,
      json(a.ranges),
      json(a.versions),
      json(a.severity),
      json(a.ecosystem_specific),
      json(a.database_specific),
      triageOf(a.ecosystem_specific, a.severity, record.severity) ?? null,
    ]);
  }
  return { vuln, aliases: [...aliases.values()], affected, ecosystems: [...ecosystems.values()] };
}

/** Buffers checked records and writes them a batch per transaction. */
class OsvWriter {
  readonly result: OsvImportResult = {
    records: 0,
    inserted: 0,
    replaced: 0,
    unchanged: 0,
    withdrawn: 0,
    skipped: [],
    skippedCount: 0,
  };
  #batch: PendingRecord[] = [];
  seen: Set<string> | undefined;
  /** The source the records being read come from (the sources table's name), stored with each record. */
  origin = '';
  readonly #db: VulnDb;
  readonly #batchSize: number;
  readonly #maxReported: number;
  readonly #write: (batch: PendingRecord[]) => void;

  constructor(db: VulnDb, batchSize: number, maxReported: number) {
    this.#db = db;
    this.#batchSize = batchSize;
    this.#maxReported = maxReported;
    const existing = db.prepare('SELECT modified, raw FROM vulns WHERE id = ?');
    const deleteAffected = db.prepare('DELETE FROM affected WHERE vuln_id = ?');
    const deleteAliases = db.prepare('DELETE FROM aliases WHERE vuln_id = ?');
    const deleteEcosystems = db.prepare('DELETE FROM vuln_ecosystems WHERE vuln_id = ?');
    const insertEcosystem = db.prepare(
      'INSERT OR IGNORE INTO vuln_ecosystems (vuln_id, ecosystem) VALUES (?, ?)',
    );
    const insertVuln = db.prepare(
      `INSERT OR REPLACE INTO vulns (id, modified, published, withdrawn, summary, title, severity, cvss_v2,
       cvss_v3, cvss_v4, severity_label, cvss_score, cvss_version, cvss_vector, raw, origin)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertAlias = db.prepare('INSERT OR IGNORE INTO aliases (vuln_id, alias, kind) VALUES (?, ?, ?)');
    const insertAffected = db.prepare(
      `INSERT INTO affected (ecosystem, name, release, vuln_id, seq, package, purl, ranges, versions, severity,
       ecosystem_specific, database_specific, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const r = this.result;
    const score = cvssScorer();
    const rawOf = (p: PendingRecord): Buffer => {
      p.raw ??= deflateRawSync(p.source ?? JSON.stringify(p.record), DEFLATE);
      return p.raw;
    };
    // Checking for the stored version inside the transaction matters: outside one, every look-up would lock
    // and unlock the file.
    this.#write = db.sqlite.transaction((batch: PendingRecord[]) => {
      for (const p of batch) {
        const id = p.record.id;
        const old = existing.get(id) as { modified: string; raw: Buffer } | undefined;
        if (old) {
          const order = compareTimestamps(p.record.modified, old.modified);
          // Older, or the same record again: keep what is there. Same timestamp but other bytes (the Go
          // vulndb repository writes a zero `modified`) count as an update.
          if (order < 0 || (order === 0 && rawOf(p).equals(old.raw))) {
            r.unchanged++;
            continue;
          }
          deleteAffected.run(id);
          deleteAliases.run(id);
          deleteEcosystems.run(id);
          r.replaced++;
        } else {
          r.inserted++;
        }
        const rows = recordRows(p.record, score);
        insertVuln.run(...rows.vuln, rawOf(p), p.origin);
        for (const [alias, kind] of rows.aliases) insertAlias.run(id, alias, kind);
        for (const row of rows.affected) insertAffected.run(...row);
        for (const ecosystem of rows.ecosystems) insertEcosystem.run(id, ecosystem);
      }
    });
  }

  /**
   * Adds the record(s) in one parsed JSON value read from `where`: `source` is the JSON text it was parsed
   * from and `raw` that text deflated, when the caller has them.
   */
  add(where: string, value: unknown, source?: string, raw?: Buffer): number {
    if (Array.isArray(value)) {
      let n = 0;
      value.forEach((v, i) => {
        n += this.add(`${where}[${i}]`, v);
      });
      return n;
    }
    const check = checkOsvRecord(value);
    if (!check.ok) {
      this.skip(where, check.reason);
      return 0;
    }
    const record = check.record;
    this.result.records++;
    this.seen?.add(record.id);
    if (record.withdrawn !== undefined && record.withdrawn !== null) this.result.withdrawn++;
    // Only one of text and deflated text is kept until the batch is written (rows are built only then, and
    // only for records that are new or newer).
    const origin = this.origin;
    this.#batch.push(
      source === undefined ? { record, origin } : raw ? { record, raw, origin } : { record, source, origin },
    );
    if (this.#batch.length >= this.#batchSize) this.flush();
    return 1;
  }

  /** Parses a record file's bytes (`deflated`: the same bytes as raw deflate, from a zip), then adds it. */
  addBytes(where: string, bytes: Buffer, deflated?: Buffer): number {
    let value: unknown;
    let text = bytes.toString('utf8');
    try {
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
        deflated = undefined;
      }
      value = JSON.parse(text);
    } catch (e) {
      this.skip(where, `invalid JSON (${e instanceof Error ? e.message : String(e)})`);
      return 0;
    }
    return this.add(where, value, text, deflated);
  }

  skip(path: string, reason: string): void {
    this.result.skippedCount++;
    if (this.result.skipped.length < this.#maxReported) this.result.skipped.push({ path, reason });
  }

  flush(): void {
    if (this.#batch.length === 0) return;
    const batch = this.#batch;
    this.#batch = [];
    try {
      this.#write(batch);
    } catch (e) {
      throw sqliteError(this.#db.path, e);
    }
  }
}

/**
 * Imports OSV records from JSON files (one record, or an array of records), directories (every *.json below,
 * recursively) and osv.dev bulk zips (`<ecosystem>/all.zip`, one record per entry). A record that does not
 * parse or validate is reported and skipped; a newer `modified` replaces the stored record; withdrawn records
 * are stored and flagged. Records are written a batch per transaction, so an interrupted import leaves the
 * database consistent. Inputs that cannot be read at all (a missing path, a corrupt zip) are input errors.
 */
export async function importOsv(
  db: VulnDb,
  paths: readonly string[],
  options: OsvImportOptions = {},
): Promise<OsvImportResult> {
  const limits = { ...DEFAULT_DB_LIMITS, ...options.limits };
  const writer = new OsvWriter(
    db,
    options.batchSize ?? DEFAULT_BATCH,
    options.maxReported ?? DEFAULT_REPORTED,
  );
  writer.seen = options.seen;
  const perSource = new Map<string, { paths: string[]; records: number }>();
  for (const path of paths) {
    const before = writer.result.records;
    const info = await stat(path).catch((e: unknown) => {
      throw fileError(path, e);
    });
    const name = options.source?.name ?? `import:${resolve(path)}`;
    writer.origin = name;
    const progress = (total?: number) =>
      options.onProgress?.({
        path,
        records: writer.result.records,
        ...(total !== undefined ? { total } : {}),
      });
    if (info.isDirectory()) {
      await importDirectory(writer, path, limits, progress);
    } else if (isZip(readHead(path, 4))) {
      await importZip(writer, path, limits, progress);
    } else {
      await importJsonFile(writer, path, info.size, limits);
    }
    writer.flush();
    progress();
    const entry = perSource.get(name) ?? { paths: [], records: 0 };
    entry.paths.push(resolve(path));
    entry.records += writer.result.records - before;
    perSource.set(name, entry);
  }
  writer.flush();
  const now = new Date().toISOString();
  try {
    db.sqlite.transaction(() => {
      for (const [name, s] of perSource) {
        if (s.records === 0) continue;
        setSource(db, {
          ...options.source,
          name,
          kind: 'osv',
          updated: now,
          records: s.records,
          detail: { ...options.source?.detail, paths: s.paths },
        });
      }
      if (writer.result.records > 0) setMeta(db, 'updated', now);
    })();
  } catch (e) {
    throw sqliteError(db.path, e);
  }
  return writer.result;
}

async function importJsonFile(
  writer: OsvWriter,
  path: string,
  size: number,
  limits: DbLimits,
): Promise<void> {
  if (size > limits.recordBytes) {
    writer.skip(path, `file too large: ${limitReason('recordBytes', size, limits.recordBytes)}`);
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw fileError(path, e);
  }
  writer.addBytes(path, bytes);
}

async function importDirectory(
  writer: OsvWriter,
  dir: string,
  limits: DbLimits,
  progress: () => void,
): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw fileError(dir, e);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let sinceProgress = 0;
  for (const entry of entries) {
    const path = join(dir, entry.name);
    // Symbolic links to directories are not followed (no cycles); links to files are read.
    if (entry.isDirectory()) {
      await importDirectory(writer, path, limits, progress);
      continue;
    }
    if (!/\.json$/i.test(entry.name)) continue;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    await importJsonFile(writer, path, info.size, limits);
    if (++sinceProgress >= 1000) {
      sinceProgress = 0;
      progress();
    }
  }
}

const isZip = (head: Buffer) =>
  head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5);

function readHead(path: string, bytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw fileError(path, e);
  }
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } catch (e) {
    throw fileError(path, e);
  } finally {
    closeSync(fd);
  }
}

function corruptZip(path: string, e: unknown) {
  const why = e instanceof Error ? e.message : String(e);
  return inputError('malformed', `${path}: not a readable zip archive (${why})`, 'download the file again');
}

async function importZip(
  writer: OsvWriter,
  path: string,
  limits: DbLimits,
  progress: (total?: number) => void,
): Promise<void> {
  let bulk: BulkZip;
  try {
    bulk = await openBulkZip(path);
  } catch (e) {
    throw (e as { syscall?: string })?.syscall ? fileError(path, e) : corruptZip(path, e);
  }
  try {
    const { zip } = bulk;
    if (zip.entryCount > limits.zipEntries) {
      throw dbLimitError(`${path}: too many zip entries`, 'zipEntries', zip.entryCount, limits.zipEntries);
    }
    // The whole central directory is checked before any record is written: a zip that breaks a limit or has
    // a damaged directory leaves the database as it was.
    const entries: import('yauzl').Entry[] = [];
    let total = 0;
    try {
      for await (const entry of zip.eachEntry()) {
        if (entry.fileName.endsWith('/') || !/\.json$/i.test(entry.fileName)) continue;
        total += entry.uncompressedSize;
        entries.push(entry);
      }
    } catch (e) {
      throw corruptZip(path, e);
    }
    if (total > limits.zipBytes) {
      throw dbLimitError(`${path}: uncompressed size`, 'zipBytes', total, limits.zipBytes);
    }
    const ratio = Math.floor(total / Math.max(bulk.size, 1));
    if (ratio > limits.zipRatio) {
      throw dbLimitError(`${path}: compression ratio`, 'zipRatio', ratio, limits.zipRatio);
    }
    progress(entries.length);
    let sinceProgress = 0;
    for (const entry of entries) {
      const where = `${path}!${entry.fileName}`;
      if (entry.uncompressedSize > limits.recordBytes) {
        writer.skip(
          where,
          `record too large: ${limitReason('recordBytes', entry.uncompressedSize, limits.recordBytes)}`,
        );
        continue;
      }
      if (entry.isEncrypted()) {
        writer.skip(where, 'encrypted zip entry');
        continue;
      }
      let data: { bytes: Buffer; deflated?: Buffer };
      try {
        data = await bulk.read(entry, limits.recordBytes);
      } catch (e) {
        throw inputError(
          'malformed',
          `${where}: damaged zip entry (${e instanceof Error ? e.message : String(e)})`,
          'download the file again; records read before it were kept',
        );
      }
      writer.addBytes(where, data.bytes, data.deflated);
      if (++sinceProgress >= 1000) {
        sinceProgress = 0;
        progress(entries.length);
      }
    }
  } finally {
    bulk.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// KEV and EPSS

const CVE = /^CVE-\d{4}-\d{4,}$/;
const isGzip = (head: Buffer) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** Reads a whole feed file (gunzipped when it is gzip), within the feed budget. */
async function readFeed(path: string, limits: DbLimits): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  await streamFeed(path, limits, (chunk) => {
    chunks.push(chunk);
    size += chunk.length;
  });
  return Buffer.concat(chunks, size).toString('utf8');
}

async function streamFeed(path: string, limits: DbLimits, onChunk: (chunk: Buffer) => void): Promise<void> {
  const gz = isGzip(readHead(path, 2));
  let size = 0;
  const sink = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > limits.feedBytes)
        throw dbLimitError(`${path}: too large`, 'feedBytes', size, limits.feedBytes);
      onChunk(chunk);
    }
  };
  try {
    if (gz) await pipeline(createReadStream(path), createGunzip(), sink);
    else await pipeline(createReadStream(path), sink);
  } catch (e) {
    if ((e as { code?: string })?.code?.startsWith('Z_')) {
      throw inputError(
        'malformed',
        `${path}: damaged gzip data (${(e as Error).message})`,
        'download it again',
      );
    }
    if ((e as { syscall?: string })?.syscall) throw fileError(path, e);
    throw e;
  }
}

interface KevEntryJson {
  cveID?: unknown;
  dateAdded?: unknown;
  dueDate?: unknown;
  knownRansomwareCampaignUse?: unknown;
  vendorProject?: unknown;
  product?: unknown;
  vulnerabilityName?: unknown;
  requiredAction?: unknown;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Replaces the KEV table with CISA's Known Exploited Vulnerabilities catalog (the JSON feed: `title`,
 * `catalogVersion`, `dateReleased`, `count`, `vulnerabilities[]` of `{cveID, dateAdded, dueDate,
 * knownRansomwareCampaignUse, ...}`). Entries without a valid cveID are reported and skipped.
 */
export async function importKev(
  db: VulnDb,
  path: string,
  options: { limits?: Partial<DbLimits>; source?: Omit<SourceInfo, 'kind' | 'updated' | 'records'> } = {},
): Promise<KevImportResult> {
  const limits = { ...DEFAULT_DB_LIMITS, ...options.limits };
  let doc: unknown;
  try {
    doc = JSON.parse(await readFeed(path, limits));
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    throw inputError(
      'malformed',
      `${path}: invalid JSON (${e.message})`,
      'expected the CISA KEV catalog JSON',
    );
  }
  const catalog = doc as { vulnerabilities?: unknown; catalogVersion?: unknown; dateReleased?: unknown };
  if (typeof doc !== 'object' || doc === null || !Array.isArray(catalog.vulnerabilities)) {
    throw inputError(
      'malformed',
      `${path}: not a KEV catalog (no "vulnerabilities" array)`,
      'expected known_exploited_vulnerabilities.json from cisa.gov',
    );
  }
  const result: KevImportResult = { entries: 0, skipped: [], skippedCount: 0 };
  const rows: unknown[][] = [];
  (catalog.vulnerabilities as unknown[]).forEach((v, i) => {
    const e = (typeof v === 'object' && v !== null ? v : {}) as KevEntryJson;
    if (typeof e.cveID !== 'string' || !CVE.test(e.cveID.trim())) {
      result.skippedCount++;
      if (result.skipped.length < DEFAULT_REPORTED) {
        result.skipped.push({
          path: `${path}: vulnerabilities[${i}]`,
          reason: 'cveID is missing or not a CVE id',
        });
      }
      return;
    }
    rows.push([
      e.cveID.trim(),
      str(e.dateAdded),
      str(e.dueDate),
      str(e.knownRansomwareCampaignUse),
      str(e.vendorProject),
      str(e.product),
      str(e.vulnerabilityName),
      str(e.requiredAction),
    ]);
  });
  const version = str(catalog.catalogVersion);
  if (version !== null) result.catalogVersion = version;
  const insert = db.prepare(
    `INSERT OR REPLACE INTO kev (cve, date_added, due_date, ransomware, vendor, product, name, required_action)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = new Date().toISOString();
  try {
    db.sqlite.transaction(() => {
      db.prepare('DELETE FROM kev').run();
      for (const row of rows) insert.run(...row);
      result.entries = db.prepare('SELECT count(*) FROM kev').pluck().get() as number;
      setSource(db, {
        ...options.source,
        name: options.source?.name ?? 'kev',
        kind: 'kev',
        updated: now,
        records: result.entries,
        detail: {
          ...options.source?.detail,
          ...(version !== null ? { catalogVersion: version } : {}),
          ...(str(catalog.dateReleased) !== null ? { dateReleased: str(catalog.dateReleased) } : {}),
          path: resolve(path),
        },
      });
      setMeta(db, 'updated', now);
    })();
  } catch (e) {
    throw sqliteError(db.path, e);
  }
  return result;
}

/**
 * Replaces the EPSS table with FIRST's daily scores: a CSV, plain or gzip-compressed, whose first line may be
 * `#model_version:v2025.03.14,score_date:2025-03-15T00:00:00Z`, then the header `cve,epss,percentile`, then a
 * row per CVE. Rows that do not parse are reported and skipped.
 */
export async function importEpss(
  db: VulnDb,
  path: string,
  options: { limits?: Partial<DbLimits>; source?: Omit<SourceInfo, 'kind' | 'updated' | 'records'> } = {},
): Promise<EpssImportResult> {
  const limits = { ...DEFAULT_DB_LIMITS, ...options.limits };
  const result: EpssImportResult = { scores: 0, skipped: [], skippedCount: 0 };
  const cves: string[] = [];
  const scores: number[] = [];
  const percentiles: number[] = [];
  let columns: { cve: number; epss: number; percentile: number } | undefined;
  let lineNo = 0;
  let rest = '';
  const skip = (reason: string) => {
    result.skippedCount++;
    if (result.skipped.length < DEFAULT_REPORTED) result.skipped.push({ path: `${path}:${lineNo}`, reason });
  };
  const onLine = (raw: string) => {
    lineNo++;
    const line = (lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (line === '') return;
    if (line.startsWith('#')) {
      // `#model_version:v2023.03.01,score_date:2023-03-05T00:00:00+0000`: key:value pairs.
      for (const part of line.slice(1).split(',')) {
        const colon = part.indexOf(':');
        if (colon < 0) continue;
        const key = part.slice(0, colon).trim();
        const value = part.slice(colon + 1).trim();
        if (key === 'model_version') result.modelVersion = value;
        if (key === 'score_date') result.scoreDate = value;
      }
      return;
    }
    const cells = line.split(',');
    if (columns === undefined) {
      const names = cells.map((c) => c.trim().toLowerCase());
      const at = {
        cve: names.indexOf('cve'),
        epss: names.indexOf('epss'),
        percentile: names.indexOf('percentile'),
      };
      if (at.cve < 0 || at.epss < 0 || at.percentile < 0) {
        throw inputError(
          'malformed',
          `${path}:${lineNo}: not an EPSS CSV (expected the header cve,epss,percentile)`,
          'expected epss_scores-YYYY-MM-DD.csv.gz from FIRST',
        );
      }
      columns = at;
      return;
    }
    const cve = cells[columns.cve]?.trim() ?? '';
    const score = Number(cells[columns.epss]);
    const percentile = Number(cells[columns.percentile]);
    if (!CVE.test(cve)) return skip(`not a CVE id: ${JSON.stringify(cve.slice(0, 40))}`);
    if (!(score >= 0 && score <= 1) || cells[columns.epss]?.trim() === '') {
      return skip(`epss is not a number between 0 and 1`);
    }
    if (!(percentile >= 0 && percentile <= 1) || cells[columns.percentile]?.trim() === '') {
      return skip(`percentile is not a number between 0 and 1`);
    }
    cves.push(cve);
    scores.push(score);
    percentiles.push(percentile);
  };
  const decoder = new StringDecoder('utf8');
  await streamFeed(path, limits, (chunk) => {
    const lines = (rest + decoder.write(chunk)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  rest += decoder.end();
  if (rest !== '') onLine(rest);
  if (columns === undefined) {
    throw inputError(
      'malformed',
      `${path}: not an EPSS CSV (no cve,epss,percentile header)`,
      'expected epss_scores-YYYY-MM-DD.csv.gz from FIRST',
    );
  }
  const insert = db.prepare('INSERT OR REPLACE INTO epss (cve, score, percentile) VALUES (?, ?, ?)');
  const now = new Date().toISOString();
  try {
    db.sqlite.transaction(() => {
      db.prepare('DELETE FROM epss').run();
      for (let i = 0; i < cves.length; i++) insert.run(cves[i], scores[i], percentiles[i]);
      result.scores = db.prepare('SELECT count(*) FROM epss').pluck().get() as number;
      setSource(db, {
        ...options.source,
        name: options.source?.name ?? 'epss',
        kind: 'epss',
        updated: now,
        records: result.scores,
        detail: {
          ...options.source?.detail,
          ...(result.modelVersion !== undefined ? { modelVersion: result.modelVersion } : {}),
          ...(result.scoreDate !== undefined ? { scoreDate: result.scoreDate } : {}),
          path: resolve(path),
        },
      });
      setMeta(db, 'updated', now);
    })();
  } catch (e) {
    throw sqliteError(db.path, e);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Any input, into a database file

export type InputKind = 'osv' | 'kev' | 'epss';

/**
 * What an input holds, from its content: a directory or a zip is OSV; a CSV (or gzip of one) starting with
 * EPSS's comment or header is EPSS; a JSON object with `catalogVersion` is the KEV catalog; other JSON is OSV.
 */
export async function detectInput(path: string): Promise<InputKind> {
  const info = await stat(path).catch((e: unknown) => {
    throw fileError(path, e);
  });
  if (info.isDirectory()) return 'osv';
  let head = readHead(path, 64 * 1024);
  if (isZip(head)) return 'osv';
  if (isGzip(head)) {
    try {
      // A prefix is enough: a sync flush decompresses what is there without needing the end of the stream.
      head = gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch (e) {
      throw inputError(
        'malformed',
        `${path}: damaged gzip data (${(e as Error).message})`,
        'download it again',
      );
    }
  }
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^#\s*model_version/i.test(text) || /^cve\s*,/i.test(text)) return 'epss';
  if (text.startsWith('{') && /"catalogVersion"\s*:/.test(text) && /"vulnerabilities"\s*:/.test(text)) {
    return 'kev';
  }
  if (text.startsWith('{') || text.startsWith('[')) return 'osv';
  throw inputError(
    'malformed',
    `${path}: not an OSV record, directory or zip, a KEV catalog, or an EPSS CSV`,
    'pass OSV JSON files, directories or all.zip archives, known_exploited_vulnerabilities.json, or epss_scores-*.csv.gz',
  );
}

export interface ImportSummary {
  osv?: OsvImportResult;
  kev?: KevImportResult;
  epss?: EpssImportResult;
  /** Whether the database file was created by this import. */
  created: boolean;
}

export interface ImportFilesOptions extends OsvImportOptions {}

/**
 * Imports every input (each detected by its content) into the database file at `dbPath`. A new database is
 * built beside it (`PATH.tmp-<pid>`) and renamed over it only when everything was read, so a failed import
 * leaves no file behind; an existing one is updated in place, a transaction per batch.
 */
export async function importFiles(
  dbPath: string,
  inputs: readonly string[],
  options: ImportFilesOptions = {},
): Promise<ImportSummary> {
  const kinds: { path: string; kind: InputKind }[] = [];
  for (const path of inputs) kinds.push({ path, kind: await detectInput(path) });
  if (existsSync(dbPath)) {
    const db = await openDatabase(dbPath, { readonly: false });
    try {
      return { ...(await importDetected(db, kinds, options)), created: false };
    } finally {
      db.close();
    }
  }
  try {
    mkdirSync(dirname(dbPath), { recursive: true });
  } catch (e) {
    throw fileError(dirname(dbPath), e);
  }
  const tmp = `${dbPath}.tmp-${process.pid}`;
  const cleanup = () => {
    for (const f of [tmp, `${tmp}-journal`]) rmSync(f, { force: true });
  };
  cleanup();
  const db = await openDatabase(tmp, { create: true });
  try {
    // Nothing reads this file until it is renamed, and a failure deletes it: no need to sync every commit.
    db.sqlite.pragma('synchronous = OFF');
    db.sqlite.pragma('journal_mode = MEMORY');
    const orderAffected = deferPackageOrder(db);
    const summary = await importDetected(db, kinds, options);
    orderAffected();
    db.close();
    syncFile(tmp);
    renameSync(tmp, dbPath);
    return { ...summary, created: true };
  } catch (e) {
    db.close();
    cleanup();
    throw e;
  }
}

async function importDetected(
  db: VulnDb,
  inputs: readonly { path: string; kind: InputKind }[],
  options: ImportFilesOptions,
): Promise<Omit<ImportSummary, 'created'>> {
  const summary: Omit<ImportSummary, 'created'> = {};
  const osvPaths = inputs.filter((i) => i.kind === 'osv').map((i) => i.path);
  if (osvPaths.length > 0) {
    summary.osv = await importOsv(db, osvPaths, options);
    if (summary.osv.records === 0 && summary.osv.skippedCount > 0) {
      const first = summary.osv.skipped[0]!;
      throw inputError(
        'malformed',
        `no valid OSV records in ${osvPaths.join(', ')} (${first.path}: ${first.reason})`,
        'pass OSV JSON records (https://ossf.github.io/osv-schema/), directories of them, or all.zip archives',
      );
    }
  }
  const limits = options.limits ? { limits: options.limits } : {};
  for (const input of inputs) {
    if (input.kind === 'kev') summary.kev = await importKev(db, input.path, limits);
    if (input.kind === 'epss') summary.epss = await importEpss(db, input.path, limits);
  }
  return summary;
}

/** Flushes a finished file to disk before it is renamed into place. */
function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
