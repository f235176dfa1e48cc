// `shipshape db update`: downloads OSV bulk data, the CISA KEV catalog and FIRST EPSS scores, incrementally, and swaps the new database in atomically.
//
// How an update runs:
// 1. Leftovers of earlier runs that died (`<db>.tmp-<pid>*` of processes that no longer exist) are removed.
// 2. Every source is downloaded into `<db>.tmp-<pid>.dl/` beside the database, with the validators stored in
//    the sources table (If-None-Match, If-Modified-Since): a 304 downloads nothing. Nothing is written yet, so
//    a failed or interrupted download leaves the database as it was.
// 3. When something changed, the live file is copied to `<db>.tmp-<pid>`, the downloads are imported into the
//    copy (the importer checks every zip entry's CRC and parses every record), the copy is checked
//    (`PRAGMA quick_check`, no records lost) and renamed over the live file. Readers that have the old file
//    open keep reading it. When nothing changed, only the check time is written, in one SQLite transaction.
//
// OSV increments: each ecosystem directory of the bucket has `modified_id.csv` (`<modified>,<id>` per record,
// newest first). The newest timestamp seen is kept as the ecosystem's cursor; next time, when the CSV has
// changed, the records newer than the cursor are fetched one by one as `<Ecosystem>/<ID>.json` when there are
// at most `incrementalMax` of them (default 200: a few hundred small requests still beat one zip of tens of
// MB), else the whole all.zip is fetched again. The CSV is read before the zip, so the cursor can only lag
// the data (a record is fetched twice), never run ahead of it (a record missed). A mirror without the CSV gets
// conditional requests for all.zip.
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileError, inputError, isShipshapeError, type ShipshapeError } from '../../core/errors.js';
import {
  createHttpClient,
  DEFAULT_RETRY,
  describeUrl,
  discard,
  type HttpClient,
  headerString,
  isRetryableError,
  type RetryPolicy,
  readBody,
} from '../../image/sources/registry/http.js';
import { importEpss, importKev, importOsv } from './import.js';
import { type DbLimits, DEFAULT_DB_LIMITS, dbLimitError } from './limits.js';
import { compareTimestamps } from './osv.js';
import {
  deferPackageOrder,
  getSource,
  openDatabase,
  type SourceInfo,
  setMeta,
  setSource,
  sqliteError,
  type VulnDb,
} from './schema.js';

export const DEFAULT_OSV_URL = 'https://osv-vulnerabilities.storage.googleapis.com';
export const DEFAULT_KEV_URL =
  'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';
/** FIRST's documented current-scores file, served by Empirical Security (it redirects to the dated file). */
export const DEFAULT_EPSS_URL = 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz';

/** The OSV ecosystems the catalogers produce packages for. */
export const DEFAULT_ECOSYSTEMS: readonly string[] = [
  'Debian',
  'Ubuntu',
  'Alpine',
  'Wolfi',
  'Chainguard',
  'Red Hat',
  'Rocky Linux',
  'AlmaLinux',
  'SUSE',
  'openSUSE',
  'Azure Linux',
  'Mageia',
  'npm',
  'PyPI',
  'Go',
  'Maven',
  'RubyGems',
  'crates.io',
  'NuGet',
  'Packagist',
];

/** Records newer than the cursor fetched one by one at most; more, and the ecosystem's all.zip is fetched. */
export const DEFAULT_INCREMENTAL_MAX = 200;

export interface UpdateSources {
  /** The OSV bucket's base URL: `<osvUrl>/<Ecosystem>/all.zip`. */
  osvUrl: string;
  ecosystems: readonly string[];
  /** The KEV catalog's URL; null skips it. */
  kevUrl: string | null;
  /** The EPSS CSV's URL; null skips it. */
  epssUrl: string | null;
}

export interface DownloadProgress {
  /** `osv:Debian`, `kev`, `epss`. */
  source: string;
  /** The URL's last path segment: `all.zip`, `modified_id.csv`, `3 of 12 records`. */
  file: string;
  bytes: number;
  total?: number;
}

export interface UpdateOptions extends UpdateSources {
  dbPath: string;
  limits?: Partial<DbLimits>;
  retry?: RetryPolicy;
  /** Idle time allowed on a connection. */
  timeoutMs?: number;
  incrementalMax?: number;
  onProgress?: (p: DownloadProgress) => void;
  /** One line each: an ecosystem the server has no data for, a listed record that is gone. */
  onWarning?: (line: string) => void;
}

/** What happened to one source: `unchanged` (304, or nothing newer), `full` (a whole file), `incremental`. */
export type SourceAction = 'full' | 'incremental' | 'unchanged' | 'missing';

export interface SourceOutcome {
  name: string;
  kind: SourceInfo['kind'];
  action: SourceAction;
  /** HTTP requests made, retries included. */
  requests: number;
  /** Body bytes received. */
  bytes: number;
  /** Records (entries, scores) new to the database, and replaced by a newer version. */
  added: number;
  updated: number;
  /** OSV records the source no longer lists, taken out of its ecosystem (and out of the database when they
   * name no other ecosystem). */
  removed: number;
  /** What the database holds for this source afterwards. */
  records: number;
}

export interface UpdateResult {
  dbPath: string;
  /** The database file did not exist before. */
  created: boolean;
  /** A new database file was swapped in (false: nothing changed upstream). */
  replaced: boolean;
  sources: SourceOutcome[];
  requests: number;
  bytes: number;
  seconds: number;
}

const NETWORK_HINT =
  'check the network and try again (the database was left as it was); --osv-url URL points at a mirror; HTTP proxies are not supported yet';

/** What the previous run stored for a source: validators, and for OSV the modified_id.csv cursor. */
interface Previous {
  etag?: string;
  lastModified?: string;
  detail: Record<string, unknown>;
}

/** A source's downloads, waiting to be imported. */
interface Planned {
  outcome: SourceOutcome;
  /** The file (zip, JSON, CSV) or directory of records to import; none when nothing changed. */
  input?: string;
  /**
   * OSV: every record id the ecosystem holds upstream now (its modified_id.csv), when this run read it: records
   * of the ecosystem that it no longer lists were deleted upstream and are removed here too.
   */
  upstream?: Set<string>;
  /** What the sources table keeps for next time. */
  etag?: string;
  lastModified?: string;
  detail: Record<string, unknown>;
}

interface Validators {
  etag?: string;
  lastModified?: string;
}

interface Fetched extends Validators {
  status: number;
  requests: number;
  bytes: number;
}

/**
 * Brings the database at `dbPath` up to date from the network, or creates it. Throws an input error (exit 2)
 * for a network failure, a bad response or damaged data, with the database untouched.
 */
export async function updateDatabase(options: UpdateOptions): Promise<UpdateResult> {
  const started = Date.now();
  const limits: DbLimits = { ...DEFAULT_DB_LIMITS, ...options.limits };
  const dbPath = options.dbPath;
  const dir = dirname(dbPath);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw fileError(dir, e);
  }
  removeLeftovers(dbPath);
  const tmp = `${dbPath}.tmp-${process.pid}`;
  const work = `${tmp}.dl`;
  const created = !existsSync(dbPath);
  const previous = created ? new Map<string, Previous>() : await readPrevious(dbPath);
  const client = createHttpClient({
    insecure: false,
    timeoutMs: options.timeoutMs ?? 60_000,
    retry: options.retry ?? DEFAULT_RETRY,
  });
  try {
    mkdirSync(work, { recursive: true });
    const ctx: Ctx = { client, limits, work, options, seq: 0 };
    const plans: Planned[] = [];
    for (const ecosystem of options.ecosystems) {
      plans.push(await planOsv(ctx, ecosystem, previous.get(`osv:${ecosystem}`)));
    }
    if (options.kevUrl !== null) plans.push(await planFeed(ctx, 'kev', options.kevUrl, previous.get('kev')));
    if (options.epssUrl !== null)
      plans.push(await planFeed(ctx, 'epss', options.epssUrl, previous.get('epss')));
    client.close();
    // A changed record list (upstream) may only remove records: that too needs a new file.
    const replaced = created || plans.some((p) => p.input !== undefined || p.upstream !== undefined);
    if (replaced) await applyToCopy(dbPath, tmp, created, plans, limits, options.onWarning);
    else await touch(dbPath, plans);
    const sources = plans.map((p) => p.outcome);
    return {
      dbPath,
      created,
      replaced,
      sources,
      requests: sources.reduce((n, s) => n + s.requests, 0),
      bytes: sources.reduce((n, s) => n + s.bytes, 0),
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    client.close();
    // A failed download's file stream may still be closing: retry while the directory empties.
    // A cleanup failure must not hide the error that got us here; the next run sweeps leftovers.
    for (const f of [tmp, `${tmp}-journal`, work]) {
      try {
        rmSync(f, { recursive: true, force: true, maxRetries: 10, retryDelay: 25 });
      } catch {}
    }
  }
}

/**
 * Removes `<db>.tmp-<pid>...` files and directories of processes that are gone (a killed update or import);
 * a process still running keeps its own.
 */
export function removeLeftovers(dbPath: string): string[] {
  const dir = dirname(dbPath);
  const prefix = `${basename(dbPath)}.tmp-`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^\d+/.exec(name.slice(prefix.length))?.[0]);
    if (!Number.isSafeInteger(pid) || (pid !== process.pid && isRunning(pid))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, as another user's process.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readPrevious(dbPath: string): Promise<Map<string, Previous>> {
  const db = await openDatabase(dbPath, { readonly: true });
  try {
    const out = new Map<string, Previous>();
    const rows = db.prepare('SELECT name FROM sources').pluck().all() as string[];
    for (const name of rows) {
      const s = getSource(db, name);
      if (!s) continue;
      out.set(name, {
        ...(s.etag !== undefined ? { etag: s.etag } : {}),
        ...(s.lastModified !== undefined ? { lastModified: s.lastModified } : {}),
        detail: s.detail ?? {},
      });
    }
    return out;
  } catch (e) {
    throw sqliteError(dbPath, e);
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Downloads

interface Ctx {
  client: HttpClient;
  limits: DbLimits;
  work: string;
  options: UpdateOptions;
  seq: number;
}

const newOutcome = (name: string, kind: SourceInfo['kind']): SourceOutcome => ({
  name,
  kind,
  action: 'unchanged',
  requests: 0,
  bytes: 0,
  added: 0,
  removed: 0,
  updated: 0,
  records: 0,
});

function joinUrl(base: string, ...segments: string[]): URL {
  const root = base.endsWith('/') ? base : `${base}/`;
  let url: URL;
  try {
    url = new URL(segments.map(encodeURIComponent).join('/'), root);
  } catch {
    throw inputError('usage', `db update: '${base}' is not a URL`, 'pass --osv-url https://HOST/PATH');
  }
  return url;
}

function parseUrl(text: string, flag: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw inputError('usage', `db update: '${text}' is not a URL`, `pass ${flag} https://HOST/PATH`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw inputError('usage', `db update: ${text}: only http and https URLs are supported`, `check ${flag}`);
  }
  return url;
}

/** A failure to reach or read from a server, worded for `db update`. */
function networkError(source: string, url: URL, e: unknown): ShipshapeError {
  const why = isShipshapeError(e)
    ? e.message.replace(`${describeUrl(url)}: `, '')
    : `${(e as NodeJS.ErrnoException)?.code ?? 'error'}: ${e instanceof Error ? e.message : String(e)}`;
  return inputError('unreadable', `db update: ${source}: ${describeUrl(url)}: ${why}`, NETWORK_HINT, e);
}

function statusError(source: string, url: URL, status: number, attempts: number): ShipshapeError {
  const busy = status === 429 || status >= 500;
  return inputError(
    'unreadable',
    `db update: ${source}: ${describeUrl(url)}: HTTP ${status}${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
    busy ? `the server is busy or failing; ${NETWORK_HINT}` : `check the URL (${NETWORK_HINT})`,
  );
}

const conditional = (v: Validators | undefined): Record<string, string> => ({
  ...(v?.etag !== undefined ? { 'if-none-match': v.etag } : {}),
  ...(v?.lastModified !== undefined ? { 'if-modified-since': v.lastModified } : {}),
});

const validatorsOf = (headers: import('node:http').IncomingHttpHeaders): Validators => {
  const etag = headerString(headers.etag);
  const lastModified = headerString(headers['last-modified']);
  return {
    ...(etag !== undefined ? { etag } : {}),
    ...(lastModified !== undefined ? { lastModified } : {}),
  };
};

/**
 * GETs `url` into `file` (or memory, when `file` is undefined). A dropped connection mid-body is retried like
 * one before the headers. 200 gives the body; 304 and 404 are returned for the caller to decide.
 */
async function fetchTo(
  ctx: Ctx,
  source: string,
  url: URL,
  file: string | undefined,
  validators: Validators | undefined,
  max: number,
): Promise<Fetched & { body?: Buffer }> {
  const policy = ctx.options.retry ?? DEFAULT_RETRY;
  const name = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  let requests = 0;
  let bytes = 0;
  for (let attempt = 1; ; attempt++) {
    let res: Awaited<ReturnType<HttpClient['send']>>;
    try {
      res = await ctx.client.send({ method: 'GET', url, headers: conditional(validators) });
    } catch (e) {
      throw networkError(source, url, e);
    }
    requests += res.attempts;
    const base = { status: res.status, requests, ...validatorsOf(res.headers) };
    if (res.status === 304 || res.status === 404 || res.status === 410) {
      discard(res.body);
      return { ...base, status: res.status === 410 ? 404 : res.status, bytes };
    }
    if (res.status !== 200) {
      discard(res.body);
      throw statusError(source, url, res.status, requests);
    }
    const declared = Number(res.headers['content-length']);
    const total = Number.isFinite(declared) ? declared : undefined;
    const tooLarge = (size: number) =>
      dbLimitError(`db update: ${source}: ${describeUrl(url)}: too large`, 'feedBytes', size, max);
    let got = 0;
    try {
      if (file === undefined) {
        const body = await readBody(res.body, max, tooLarge);
        got = body.length;
        bytes += got;
        if (total !== undefined && got !== total) throw truncated(got, total);
        return { ...base, bytes, body };
      }
      if (total !== undefined && total > max) {
        res.body.destroy();
        throw tooLarge(total);
      }
      const count = new Transform({
        transform(chunk: Buffer, _enc, done) {
          got += chunk.length;
          bytes += chunk.length;
          if (got > max) return done(tooLarge(got));
          ctx.options.onProgress?.({
            source,
            file: name,
            bytes: got,
            ...(total !== undefined ? { total } : {}),
          });
          done(null, chunk);
        },
      });
      await pipeline(res.body, count, createWriteStream(file));
      if (total !== undefined && got !== total) throw truncated(got, total);
      return { ...base, bytes };
    } catch (e) {
      if (isShipshapeError(e)) throw e;
      if (
        (e as { syscall?: string })?.syscall === 'open' ||
        (e as { syscall?: string })?.syscall === 'write'
      ) {
        throw fileError(file ?? ctx.work, e);
      }
      if (attempt < policy.attempts && (isRetryableError(e) || isTruncated(e))) continue;
      throw networkError(
        source,
        url,
        isTruncated(e) || (e as Error)?.message === 'aborted'
          ? inputError(
              'unreadable',
              `connection dropped after ${got} of ${total ?? '?'} bytes${attempt > 1 ? ` (${attempt} attempts)` : ''}`,
            )
          : e,
      );
    }
  }
}

const truncated = (got: number, total: number) =>
  Object.assign(new Error(`got ${got} of ${total} bytes`), { code: 'ETRUNCATED' });
const isTruncated = (e: unknown) =>
  (e as NodeJS.ErrnoException)?.code === 'ETRUNCATED' ||
  (e as NodeJS.ErrnoException)?.code === 'ECONNRESET' ||
  (e as Error)?.message === 'aborted';

/** One OSV ecosystem: its modified_id.csv, then the records newer than the cursor or the whole all.zip. */
async function planOsv(ctx: Ctx, ecosystem: string, prev: Previous | undefined): Promise<Planned> {
  const name = `osv:${ecosystem}`;
  const base = ctx.options.osvUrl;
  parseUrl(base, '--osv-url');
  const outcome = newOutcome(name, 'osv');
  const detail: Record<string, unknown> = { ...prev?.detail, url: base };
  delete detail.paths;
  const plan: Planned = {
    outcome,
    detail,
    ...(prev?.etag !== undefined ? { etag: prev.etag } : {}),
    ...(prev?.lastModified !== undefined ? { lastModified: prev.lastModified } : {}),
  };
  // The cursor and the CSV's validators belong to one base URL: a new mirror starts over.
  const sameBase = prev?.detail.url === base;
  const cursor = sameBase && typeof prev?.detail.cursor === 'string' ? prev.detail.cursor : undefined;
  const csvUrl = joinUrl(base, ecosystem, 'modified_id.csv');
  const csv = await fetchTo(
    ctx,
    name,
    csvUrl,
    undefined,
    cursor !== undefined
      ? {
          ...(typeof prev?.detail.csvEtag === 'string' ? { etag: prev.detail.csvEtag } : {}),
          ...(typeof prev?.detail.csvLastModified === 'string'
            ? { lastModified: prev.detail.csvLastModified }
            : {}),
        }
      : undefined,
    ctx.limits.feedBytes,
  );
  outcome.requests += csv.requests;
  outcome.bytes += csv.bytes;
  if (csv.status === 304) return plan;
  let listed: { modified: string; id: string }[] = [];
  if (csv.status === 200 && csv.body) {
    listed = parseModifiedIds(csv.body.toString('utf8'));
    if (listed.length > 0) plan.upstream = new Set(listed.map((r) => r.id));
    delete detail.csvEtag;
    delete detail.csvLastModified;
    if (csv.etag !== undefined) detail.csvEtag = csv.etag;
    if (csv.lastModified !== undefined) detail.csvLastModified = csv.lastModified;
    const newest = listed.reduce<string | undefined>(
      (n, r) => (n === undefined || compareTimestamps(r.modified, n) > 0 ? r.modified : n),
      undefined,
    );
    if (newest !== undefined) detail.cursor = newest;
  } else {
    delete detail.cursor;
  }
  const max = ctx.options.incrementalMax ?? DEFAULT_INCREMENTAL_MAX;
  if (cursor !== undefined && csv.status === 200) {
    const newer = [
      ...new Set(listed.filter((r) => compareTimestamps(r.modified, cursor) > 0).map((r) => r.id)),
    ];
    if (newer.length === 0) {
      // The list changed, with nothing newer in it: records were deleted upstream (applyToCopy removes them).
      outcome.action = 'incremental';
      return plan;
    }
    if (newer.length <= max) {
      const recordsDir = join(ctx.work, `osv-${ctx.seq++}`);
      mkdirSync(recordsDir);
      let fetched = 0;
      for (const [i, id] of newer.entries()) {
        const url = joinUrl(base, ecosystem, `${id}.json`);
        const r = await fetchTo(ctx, name, url, undefined, undefined, ctx.limits.recordBytes);
        outcome.requests += r.requests;
        outcome.bytes += r.bytes;
        ctx.options.onProgress?.({
          source: name,
          file: `${i + 1} of ${newer.length} records`,
          bytes: outcome.bytes,
        });
        if (r.status === 404) {
          ctx.options.onWarning?.(
            `${name}: ${id} is listed in modified_id.csv but ${describeUrl(url)} is gone`,
          );
          continue;
        }
        checkRecord(name, url, id, r.body!);
        await writeFile(join(recordsDir, `${i}.json`), r.body!);
        fetched++;
      }
      if (fetched > 0) plan.input = recordsDir;
      outcome.action = 'incremental';
      return plan;
    }
  }
  // No cursor yet, no CSV at this URL, or too many changes: the whole zip, if it changed.
  const zipUrl = joinUrl(base, ecosystem, 'all.zip');
  const file = join(ctx.work, `osv-${ctx.seq++}.zip`);
  const zip = await fetchTo(ctx, name, zipUrl, file, sameBase ? prev : undefined, Number.MAX_SAFE_INTEGER);
  outcome.requests += zip.requests;
  outcome.bytes += zip.bytes;
  if (zip.status === 404) {
    outcome.action = 'missing';
    ctx.options.onWarning?.(
      `${name}: no OSV data at ${describeUrl(zipUrl)} (is '${ecosystem}' an OSV ecosystem name?); skipped`,
    );
    return plan;
  }
  if (zip.status === 304) return plan;
  delete plan.etag;
  delete plan.lastModified;
  if (zip.etag !== undefined) plan.etag = zip.etag;
  if (zip.lastModified !== undefined) plan.lastModified = zip.lastModified;
  plan.input = file;
  outcome.action = 'full';
  return plan;
}

/** `<modified>,<id>` lines (the bucket's root file writes `<ecosystem>/<id>`); other lines are ignored. */
export function parseModifiedIds(text: string): { modified: string; id: string }[] {
  const out: { modified: string; id: string }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const comma = line.indexOf(',');
    if (comma <= 0) continue;
    const modified = line.slice(0, comma).trim();
    const id =
      line
        .slice(comma + 1)
        .trim()
        .split('/')
        .pop() ?? '';
    if (Number.isNaN(Date.parse(modified)) || id === '' || id === '.' || id === '..') continue;
    out.push({ modified, id });
  }
  return out;
}

function checkRecord(source: string, url: URL, id: string, body: Buffer): void {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw inputError(
      'malformed',
      `db update: ${source}: ${describeUrl(url)}: invalid JSON (${(e as Error).message})`,
      NETWORK_HINT,
    );
  }
  if ((value as { id?: unknown })?.id !== id) {
    throw inputError(
      'malformed',
      `db update: ${source}: ${describeUrl(url)}: not the OSV record ${id}`,
      `check --osv-url (${NETWORK_HINT})`,
    );
  }
}

/** The KEV catalog or the EPSS CSV: one file, downloaded when it changed. */
async function planFeed(
  ctx: Ctx,
  kind: 'kev' | 'epss',
  text: string,
  prev: Previous | undefined,
): Promise<Planned> {
  const url = parseUrl(text, kind === 'kev' ? '--kev-url' : '--epss-url');
  const outcome = newOutcome(kind, kind);
  const sameUrl = prev?.detail.url === text;
  const detail: Record<string, unknown> = { ...(sameUrl ? prev?.detail : {}), url: text };
  delete detail.path;
  const plan: Planned = {
    outcome,
    detail,
    ...(sameUrl && prev?.etag !== undefined ? { etag: prev.etag } : {}),
    ...(sameUrl && prev?.lastModified !== undefined ? { lastModified: prev.lastModified } : {}),
  };
  const file = join(ctx.work, `${kind}-${ctx.seq++}`);
  const r = await fetchTo(ctx, kind, url, file, sameUrl ? prev : undefined, ctx.limits.feedBytes);
  outcome.requests += r.requests;
  outcome.bytes += r.bytes;
  if (r.status === 304) return plan;
  if (r.status === 404) throw statusError(kind, url, 404, r.requests);
  delete plan.etag;
  delete plan.lastModified;
  if (r.etag !== undefined) plan.etag = r.etag;
  if (r.lastModified !== undefined) plan.lastModified = r.lastModified;
  plan.input = file;
  outcome.action = 'full';
  return plan;
}

// ---------------------------------------------------------------------------------------------------------------
// Applying

/** Imports the downloads into a copy of the database (or a new one), checks it, and renames it into place. */
async function applyToCopy(
  dbPath: string,
  tmp: string,
  created: boolean,
  plans: Planned[],
  limits: DbLimits,
  onWarning: ((message: string) => void) | undefined,
): Promise<void> {
  for (const f of [tmp, `${tmp}-journal`]) rmSync(f, { force: true });
  try {
    // A clone where the file system can (btrfs, XFS), else a plain copy.
    if (!created) copyFileSync(dbPath, tmp);
  } catch (e) {
    throw fileError(tmp, e);
  }
  const db = await openDatabase(tmp, { create: true });
  let closed = false;
  try {
    // Nothing reads this file until it is renamed, and a failure deletes it.
    db.sqlite.pragma('synchronous = OFF');
    db.sqlite.pragma('journal_mode = MEMORY');
    const before = db.prepare('SELECT count(*) FROM vulns').pluck().get() as number;
    let deleted = 0;
    const orderAffected = created ? deferPackageOrder(db) : () => {};
    const now = new Date().toISOString();
    for (const plan of plans) {
      const o = plan.outcome;
      const source = { name: o.name, ...validatorFields(plan), detail: { ...plan.detail, checked: now } };
      if (plan.input !== undefined) {
        if (o.kind === 'osv') {
          const seen = new Set<string>();
          const r = await importOsv(db, [plan.input], { limits, source, seen });
          o.added = r.inserted;
          o.updated = r.replaced;
          // Records read now exist upstream, even if added after the CSV was read. A whole zip from a mirror
          // without modified_id.csv lists the records itself, when all of them read.
          if (plan.upstream) for (const id of seen) plan.upstream.add(id);
          else if (o.action === 'full' && r.skippedCount === 0) plan.upstream = seen;
        } else if (o.kind === 'kev') {
          const had = db.prepare('SELECT count(*) FROM kev').pluck().get() as number;
          const r = await importKev(db, plan.input, { limits, source });
          o.added = Math.max(0, r.entries - had);
        } else {
          const had = db.prepare('SELECT count(*) FROM epss').pluck().get() as number;
          const r = await importEpss(db, plan.input, { limits, source });
          o.added = Math.max(0, r.scores - had);
        }
      }
      if (o.action === 'missing') continue;
      if (o.kind === 'osv' && plan.upstream) {
        const pruned = pruneEcosystem(db, o.name.slice('osv:'.length), plan.upstream, onWarning);
        o.removed = pruned.removed;
        deleted += pruned.deleted;
      }
      writeSource(db, plan, now, plan.input !== undefined || o.removed > 0 ? now : undefined);
    }
    orderAffected();
    const check = db.sqlite.pragma('quick_check', { simple: true });
    const after = db.prepare('SELECT count(*) FROM vulns').pluck().get() as number;
    if (check !== 'ok' || after < before - deleted) {
      throw inputError(
        'unreadable',
        `db update: the updated database failed its check (${check !== 'ok' ? String(check) : `${before} records became ${after}`})`,
        'the database was left as it was; try again, and report this if it persists',
      );
    }
    setMeta(db, 'updated', now);
    db.close();
    closed = true;
    renameSync(tmp, dbPath);
  } catch (e) {
    throw sqliteError(tmp, e);
  } finally {
    if (!closed) db.close();
  }
}

/**
 * Takes out of `ecosystem` the records db update wrote there that `upstream` no longer lists (osv.dev deletes records, e.g. a
 * duplicate merged into another): their affected rows for that ecosystem go, and a record that then names no
 * ecosystem goes entirely. A list that would remove more than half of the ecosystem's records (a truncated or
 * wrong list) removes nothing, with a warning. Returns the records taken out, and those deleted.
 */
export function pruneEcosystem(
  db: VulnDb,
  ecosystem: string,
  upstream: ReadonlySet<string>,
  onWarning?: (message: string) => void,
): { removed: number; deleted: number } {
  // Only records db update wrote: what `db import` brought in (private advisories, a mirror's extra records) is
  // the user's, and no upstream list speaks for it.
  const held = db
    .prepare(
      `SELECT e.vuln_id FROM vuln_ecosystems e JOIN vulns v ON v.id = e.vuln_id
       WHERE e.ecosystem = ? AND v.origin LIKE 'osv:%'`,
    )
    .pluck()
    .all(ecosystem) as string[];
  const gone = held.filter((id) => !upstream.has(id));
  if (gone.length === 0) return { removed: 0, deleted: 0 };
  if (gone.length > held.length / 2 && gone.length > 10) {
    onWarning?.(
      `osv:${ecosystem}: the source lists ${upstream.size} records and ${gone.length} of the ${held.length} held are not among them; kept them all (a truncated list?)`,
    );
    return { removed: 0, deleted: 0 };
  }
  const dropAffected = db.prepare('DELETE FROM affected WHERE vuln_id = ? AND ecosystem = ?');
  const dropEcosystem = db.prepare('DELETE FROM vuln_ecosystems WHERE vuln_id = ? AND ecosystem = ?');
  const stillNamed = db.prepare('SELECT 1 FROM vuln_ecosystems WHERE vuln_id = ? LIMIT 1').pluck();
  const dropAliases = db.prepare('DELETE FROM aliases WHERE vuln_id = ?');
  const dropVuln = db.prepare('DELETE FROM vulns WHERE id = ?');
  let deleted = 0;
  db.sqlite.transaction(() => {
    for (const id of gone) {
      dropAffected.run(id, ecosystem);
      dropEcosystem.run(id, ecosystem);
      if (stillNamed.get(id) !== undefined) continue;
      dropAliases.run(id);
      dropVuln.run(id);
      deleted++;
    }
  })();
  return { removed: gone.length, deleted };
}

/** Nothing changed upstream: the database is current as of now, written in one transaction. */
async function touch(dbPath: string, plans: Planned[]): Promise<void> {
  const db = await openDatabase(dbPath, { readonly: false });
  try {
    const now = new Date().toISOString();
    db.sqlite.transaction(() => {
      for (const plan of plans) if (plan.outcome.action !== 'missing') writeSource(db, plan, now);
      setMeta(db, 'updated', now);
    })();
  } catch (e) {
    throw sqliteError(dbPath, e);
  } finally {
    db.close();
  }
}

const validatorFields = (plan: Planned) => ({
  ...(plan.etag !== undefined ? { etag: plan.etag } : {}),
  ...(plan.lastModified !== undefined ? { lastModified: plan.lastModified } : {}),
});

/** The source's row: validators and cursor for next time, the records it holds now, when it last changed. */
function writeSource(db: VulnDb, plan: Planned, now: string, changed?: string): void {
  const o = plan.outcome;
  const count = (sql: string, ...params: unknown[]) =>
    db
      .prepare(sql)
      .pluck()
      .get(...params) as number;
  o.records =
    o.kind === 'osv'
      ? count('SELECT count(*) FROM vuln_ecosystems WHERE ecosystem = ?', o.name.slice('osv:'.length))
      : count(o.kind === 'kev' ? 'SELECT count(*) FROM kev' : 'SELECT count(*) FROM epss');
  const old = getSource(db, o.name);
  // importKev and importEpss store facts about the file (catalog version, score date) in detail: keep them.
  const detail: Record<string, unknown> = { ...old?.detail, ...plan.detail, checked: now };
  delete detail.path;
  delete detail.paths;
  setSource(db, {
    name: o.name,
    kind: o.kind,
    updated: changed ?? old?.updated ?? now,
    ...validatorFields(plan),
    records: o.records,
    detail,
  });
}
