// Read side of the vulnerability database: records for one package, one id, KEV and EPSS facts, and status.
import { statSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import type { CvssScore } from '../severity.js';
import { normalizeName, splitEcosystem } from './names.js';
import type { OsvRange, OsvRecord, OsvSeverity } from './osv.js';
import { getMeta, listSources, type SourceInfo, sqliteError, type VulnDb } from './schema.js';

/** The parts of a record every finding needs, without its details and references. */
export interface VulnSummary {
  id: string;
  modified: string;
  published?: string;
  /** Set when the record was retracted: it must not be reported. */
  withdrawn?: string;
  summary?: string;
  /** What a report calls it: the summary, else the first sentence of the details (computed at import). */
  title?: string;
  /** The same vulnerability under other ids (GHSA, CVE, PYSEC...). */
  aliases: string[];
  /** Upstream ids a distribution record covers (DLA-... → CVE-...). */
  upstream: string[];
  /** Loosely related ids; never merge on these. */
  related: string[];
  /** The record's top-level severity[] (or the first per-package one). */
  severity?: OsvSeverity[];
  /** The CVSS vectors, by version. */
  cvss: { v2?: string; v3?: string; v4?: string };
  /** The best base score of those vectors (v4, then v3.x, then v2), computed at import; unset when none scores. */
  score?: CvssScore;
  /** The database's own severity word: GHSA's LOW/MODERATE/HIGH/CRITICAL, Ubuntu's priority. */
  severityLabel?: string;
}

/** One affected[] entry of a record, for one package. */
export interface AffectedEntry {
  /** The ecosystem as the record writes it: `Debian:12`, `npm`. */
  ecosystem: string;
  /** Its base and release: `Debian` and `12` (release '' when none). */
  base: string;
  release: string;
  /** The package name as the record writes it. */
  name: string;
  purl?: string;
  ranges: OsvRange[];
  versions: string[];
  severity?: OsvSeverity[];
  ecosystemSpecific?: Record<string, unknown>;
  databaseSpecific?: Record<string, unknown>;
  /** The distribution's triage word for this entry (`triageOf`, computed at import). */
  status?: string;
}

export interface Candidate {
  vuln: VulnSummary;
  /** Every affected[] entry of the record for the package asked about (often one). */
  affected: AffectedEntry[];
}

export interface CandidateOptions {
  /** Also return withdrawn records (flagged by vuln.withdrawn). */
  includeWithdrawn?: boolean;
  /**
   * Summaries already built, by record id, shared across calls: a scan asks about thousands of packages, and a
   * record naming several of them (an advisory for a package and its siblings) is read once. Only for calls on
   * one unchanged database; candidates() adds to it.
   */
  summaries?: Map<string, VulnSummary>;
}

interface VulnRow {
  id: string;
  modified: string;
  published: string | null;
  withdrawn: string | null;
  summary: string | null;
  title: string | null;
  severity: string | null;
  cvss_v2: string | null;
  cvss_v3: string | null;
  cvss_v4: string | null;
  severity_label: string | null;
  cvss_score: number | null;
  cvss_version: CvssScore['version'] | null;
  cvss_vector: string | null;
}

interface AffectedRow {
  vuln_id: string;
  ecosystem: string;
  release: string;
  name: string;
  package: string | null;
  purl: string | null;
  ranges: string | null;
  versions: string | null;
  affected_severity: string | null;
  ecosystem_specific: string | null;
  database_specific: string | null;
  status: string | null;
}

const VULN_COLUMNS = `v.id, v.modified, v.published, v.withdrawn, v.summary, v.title, v.severity, v.cvss_v2, v.cvss_v3, v.cvss_v4,
  v.severity_label, v.cvss_score, v.cvss_version, v.cvss_vector`;
/** AFFECTED_COLUMNS read as an array, in that order. */
type AffectedTuple = [
  string,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
];

const AFFECTED_COLUMNS = `a.vuln_id, a.ecosystem, a.release, a.name, a.package, a.purl, a.ranges, a.versions,
  a.severity AS affected_severity, a.ecosystem_specific, a.database_specific, a.status`;

function parse<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

interface AliasRow {
  vuln_id: string;
  alias: string;
  kind: string;
}

/** The alias rows of several records in one query (ordered by record, then alias), grouped by record id. */
function aliasRows(db: VulnDb, ids: readonly string[]): Map<string, AliasRow[]> {
  const out = new Map<string, AliasRow[]>();
  if (ids.length === 0) return out;
  const rows = (
    ids.length === 1
      ? db.prepare('SELECT vuln_id, alias, kind FROM aliases WHERE vuln_id = ? ORDER BY alias').all(ids[0])
      : db
          .prepare(
            `SELECT vuln_id, alias, kind FROM aliases WHERE vuln_id IN (SELECT value FROM json_each(?))
             ORDER BY vuln_id, alias`,
          )
          .all(JSON.stringify(ids))
  ) as AliasRow[];
  for (const r of rows) {
    const list = out.get(r.vuln_id);
    if (list) list.push(r);
    else out.set(r.vuln_id, [r]);
  }
  return out;
}

function toSummary(row: VulnRow, links: readonly AliasRow[]): VulnSummary {
  const of = (kind: string) => links.filter((l) => l.kind === kind).map((l) => l.alias);
  const severity = parse<OsvSeverity[]>(row.severity);
  return {
    id: row.id,
    modified: row.modified,
    ...(row.published !== null ? { published: row.published } : {}),
    ...(row.withdrawn !== null ? { withdrawn: row.withdrawn } : {}),
    ...(row.summary !== null ? { summary: row.summary } : {}),
    ...((row.summary ?? row.title) !== null ? { title: (row.summary ?? row.title)! } : {}),
    aliases: of('alias'),
    upstream: of('upstream'),
    related: of('related'),
    ...(severity ? { severity } : {}),
    cvss: {
      ...(row.cvss_v2 !== null ? { v2: row.cvss_v2 } : {}),
      ...(row.cvss_v3 !== null ? { v3: row.cvss_v3 } : {}),
      ...(row.cvss_v4 !== null ? { v4: row.cvss_v4 } : {}),
    },
    ...(row.severity_label !== null ? { severityLabel: row.severity_label } : {}),
    ...(row.cvss_score !== null && row.cvss_version !== null && row.cvss_vector !== null
      ? { score: { version: row.cvss_version, vector: row.cvss_vector, score: row.cvss_score } }
      : {}),
  };
}

function toAffected(row: AffectedRow): AffectedEntry {
  const severity = parse<OsvSeverity[]>(row.affected_severity);
  const es = parse<Record<string, unknown>>(row.ecosystem_specific);
  const ds = parse<Record<string, unknown>>(row.database_specific);
  return {
    ecosystem: row.release === '' ? row.ecosystem : `${row.ecosystem}:${row.release}`,
    base: row.ecosystem,
    release: row.release,
    name: row.package ?? row.name,
    ...(row.purl !== null ? { purl: row.purl } : {}),
    ranges: parse<OsvRange[]>(row.ranges) ?? [],
    versions: parse<string[]>(row.versions) ?? [],
    ...(severity ? { severity } : {}),
    ...(es ? { ecosystemSpecific: es } : {}),
    ...(ds ? { databaseSpecific: ds } : {}),
    ...(row.status !== null ? { status: row.status } : {}),
  };
}

/** One record's affected[] entries for one package, without the record's summary. */
export interface AffectedGroup {
  id: string;
  affected: AffectedEntry[];
}

/**
 * The affected entries of every record that names `name` in `ecosystem`, grouped by record (ordered by id), in one
 * query that reads only the affected table: what version matching needs first. `summariesOf` reads the records'
 * summaries afterwards, for the records that matched; in a scan they are a small share of the records named.
 * Filters as `candidates` does.
 */
export function affectedOf(
  db: VulnDb,
  ecosystem: string,
  name: string,
  options: Pick<CandidateOptions, 'includeWithdrawn'> = {},
): AffectedGroup[] {
  // Rows as arrays: a scan reads tens of thousands, and arrays are cheaper to build than objects with names.
  const rows = affectedRows(db, AFFECTED_COLUMNS, ecosystem, name, options) as AffectedTuple[];
  const out: AffectedGroup[] = [];
  for (const t of rows) {
    const row: AffectedRow = {
      vuln_id: t[0],
      ecosystem: t[1],
      release: t[2],
      name: t[3],
      package: t[4],
      purl: t[5],
      ranges: t[6],
      versions: t[7],
      affected_severity: t[8],
      ecosystem_specific: t[9],
      database_specific: t[10],
      status: t[11],
    };
    const last = out[out.length - 1];
    if (last && last.id === row.vuln_id) last.affected.push(toAffected(row));
    else out.push({ id: row.vuln_id, affected: [toAffected(row)] });
  }
  return out;
}

/** The affected rows (as arrays of `columns`) of every record naming the package, filtered as affectedOf says. */
function affectedRows(
  db: VulnDb,
  columns: string,
  ecosystem: string,
  name: string,
  options: Pick<CandidateOptions, 'includeWithdrawn'>,
): unknown[][] {
  const { base, release } = splitEcosystem(ecosystem);
  const key = normalizeName(base, name);
  // Through the small index of withdrawn records, so the (large) vulns rows are not read here.
  const withdrawn = options.includeWithdrawn
    ? ''
    : `AND NOT EXISTS (SELECT 1 FROM vulns w INDEXED BY vulns_withdrawn
         WHERE w.id = a.vuln_id AND w.withdrawn IS NOT NULL)`;
  const where =
    release === ''
      ? 'a.ecosystem = ? AND a.name = ?'
      : "a.ecosystem = ? AND a.name = ? AND a.release IN (?, '')";
  const params = release === '' ? [base, key] : [base, key, release];
  try {
    return db
      .prepare(`SELECT ${columns} FROM affected a WHERE ${where} ${withdrawn} ORDER BY a.vuln_id, a.seq`)
      .raw(true)
      .all(...params) as unknown[][];
  } catch (e) {
    throw sqliteError(db.path, e);
  }
}

/**
 * One affected entry as version matching reads it: the JSON texts as stored, so that a scan parses `ranges` once
 * per entry and `versions` only when the version asked about appears in its text.
 */
export interface MatchEntry {
  ranges: string | null;
  versions: string | null;
  /** The entry's own severity[] (JSON), rare: most records carry theirs at the top. */
  severity: string | null;
  status: string | null;
  /** `ranges` parsed, filled by whoever parses it first. */
  parsedRanges?: OsvRange[];
}

export interface MatchGroup {
  id: string;
  entries: MatchEntry[];
}

/** affectedOf for a scan: the same rows and order, only the columns version matching and triage read. */
export function matchEntriesOf(db: VulnDb, ecosystem: string, name: string): MatchGroup[] {
  const rows = affectedRows(
    db,
    'a.vuln_id, a.ranges, a.versions, a.severity, a.status',
    ecosystem,
    name,
    {},
  ) as [string, string | null, string | null, string | null, string | null][];
  const out: MatchGroup[] = [];
  for (const [id, ranges, versions, severity, status] of rows) {
    const entry: MatchEntry = { ranges, versions, severity, status };
    const last = out[out.length - 1];
    if (last && last.id === id) last.entries.push(entry);
    else out.push({ id, entries: [entry] });
  }
  return out;
}

/**
 * The summaries of these records, read in two queries (records, then their aliases) for those not in `memo`
 * yet, and added to it. Returns `memo`; an id with no record is left out.
 */
export function summariesOf(
  db: VulnDb,
  ids: Iterable<string>,
  memo: Map<string, VulnSummary> = new Map(),
): Map<string, VulnSummary> {
  const missing = [...new Set(ids)].filter((id) => !memo.has(id));
  if (missing.length === 0) return memo;
  try {
    const rows = (
      missing.length === 1
        ? db.prepare(`SELECT ${VULN_COLUMNS} FROM vulns v WHERE v.id = ?`).all(missing[0])
        : db
            .prepare(`SELECT ${VULN_COLUMNS} FROM vulns v WHERE v.id IN (SELECT value FROM json_each(?))`)
            .all(JSON.stringify(missing))
    ) as VulnRow[];
    const links = aliasRows(db, missing);
    for (const row of rows) memo.set(row.id, toSummary(row, links.get(row.id) ?? []));
  } catch (e) {
    throw sqliteError(db.path, e);
  }
  return memo;
}

/**
 * Every record that names `name` in `ecosystem`, with its affected entries for that package (ordered by id).
 * A release suffix filters: `Debian:12` returns records for Debian 12 and records without a release, never
 * Debian 11's; a bare `Debian` returns every release (osv-scalibr compares suffixes only when both sides have
 * one). The name is normalised as the ecosystem compares names (PEP 503 for PyPI). Withdrawn records are left
 * out unless asked for. No version matching happens here.
 */
export function candidates(
  db: VulnDb,
  ecosystem: string,
  name: string,
  options: CandidateOptions = {},
): Candidate[] {
  const groups = affectedOf(db, ecosystem, name, options);
  if (groups.length === 0) return [];
  const summaries = summariesOf(
    db,
    groups.map((g) => g.id),
    options.summaries,
  );
  const out: Candidate[] = [];
  for (const g of groups) {
    const vuln = summaries.get(g.id);
    if (vuln) out.push({ vuln, affected: g.affected });
  }
  return out;
}

export interface VulnDetail {
  vuln: VulnSummary;
  /** The whole OSV record as imported. */
  record: OsvRecord;
}

/** The record with this exact id, or undefined. */
export function byId(db: VulnDb, id: string): VulnDetail | undefined {
  let row: (VulnRow & { raw: Buffer }) | undefined;
  try {
    row = db.prepare(`SELECT ${VULN_COLUMNS}, v.raw FROM vulns v WHERE v.id = ?`).get(id) as
      | (VulnRow & { raw: Buffer })
      | undefined;
  } catch (e) {
    throw sqliteError(db.path, e);
  }
  if (!row) return undefined;
  let links: Map<string, AliasRow[]>;
  try {
    links = aliasRows(db, [row.id]);
  } catch (e) {
    throw sqliteError(db.path, e);
  }
  return {
    vuln: toSummary(row, links.get(row.id) ?? []),
    record: JSON.parse(inflateRawSync(row.raw).toString('utf8')) as OsvRecord,
  };
}

/**
 * Every id linked to `id` by aliases or upstream, in both directions: the ids its record lists, and the
 * records that list it (so CVE-2021-44228 finds GHSA-jfh8-c2jp-5v3q). `related` links are not followed.
 */
export function aliasesOf(db: VulnDb, id: string): string[] {
  const rows = db
    .prepare(
      `SELECT alias AS id FROM aliases WHERE vuln_id = ? AND kind != 'related'
       UNION SELECT vuln_id AS id FROM aliases WHERE alias = ? AND kind != 'related' ORDER BY id`,
    )
    .pluck()
    .all(id, id) as string[];
  return rows.filter((r) => r !== id);
}

export interface KevEntry {
  cve: string;
  dateAdded?: string;
  dueDate?: string;
  /** CISA's knownRansomwareCampaignUse: `Known` or `Unknown`. */
  ransomware?: string;
  vendor?: string;
  product?: string;
  name?: string;
  requiredAction?: string;
}

/** The CVE's entry in CISA's Known Exploited Vulnerabilities catalog, or undefined. */
export function kevOf(db: VulnDb, cve: string): KevEntry | undefined {
  const row = db.prepare('SELECT * FROM kev WHERE cve = ?').get(cve.toUpperCase()) as
    | Record<string, string | null>
    | undefined;
  if (!row) return undefined;
  const pick = (key: string, as: keyof KevEntry) => (row[key] != null ? { [as]: row[key] } : {});
  return {
    cve: row.cve!,
    ...pick('date_added', 'dateAdded'),
    ...pick('due_date', 'dueDate'),
    ...pick('ransomware', 'ransomware'),
    ...pick('vendor', 'vendor'),
    ...pick('product', 'product'),
    ...pick('name', 'name'),
    ...pick('required_action', 'requiredAction'),
  };
}

/** Which of these CVEs are in the KEV catalog, in one query; the set holds them upper-cased, as kevOf looks them up. */
export function kevSet(db: VulnDb, cves: Iterable<string>): Set<string> {
  const ids = [...new Set([...cves].map((c) => c.toUpperCase()))];
  if (ids.length === 0) return new Set();
  const rows = db
    .prepare('SELECT cve FROM kev WHERE cve IN (SELECT value FROM json_each(?))')
    .pluck()
    .all(JSON.stringify(ids)) as string[];
  return new Set(rows);
}

/** EPSS probabilities of these CVEs, in one query, keyed by the upper-cased CVE as epssOf looks it up. */
export function epssScores(db: VulnDb, cves: Iterable<string>): Map<string, number> {
  const ids = [...new Set([...cves].map((c) => c.toUpperCase()))];
  if (ids.length === 0) return new Map();
  const rows = db
    .prepare('SELECT cve, score FROM epss WHERE cve IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(ids)) as { cve: string; score: number }[];
  return new Map(rows.map((r) => [r.cve, r.score]));
}

export interface EpssScore {
  /** Probability of exploitation in the next 30 days, 0..1. */
  score: number;
  /** Share of CVEs scored at or below this one, 0..1. */
  percentile: number;
}

export function epssOf(db: VulnDb, cve: string): EpssScore | undefined {
  return db.prepare('SELECT score, percentile FROM epss WHERE cve = ?').get(cve.toUpperCase()) as
    | EpssScore
    | undefined;
}

export interface DbStatus {
  path: string;
  /** File size in bytes. */
  bytes: number;
  schemaVersion: number;
  created?: string;
  /** The last write by an import or update. */
  updated?: string;
  /** Seconds since `updated`. */
  ageSeconds?: number;
  /** OSV records, withdrawn ones included. */
  vulnerabilities: number;
  withdrawn: number;
  /** Records per base ecosystem (a record naming several counts in each). */
  ecosystems: { ecosystem: string; records: number }[];
  sources: SourceInfo[];
  kev: number;
  epss: number;
}

/** What the database holds and how old it is, for `shipshape db status`. */
export function status(db: VulnDb, now: Date = new Date()): DbStatus {
  try {
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const updated = getMeta(db, 'updated');
    const created = getMeta(db, 'created');
    const age = updated ? Math.max(0, Math.floor((now.getTime() - Date.parse(updated)) / 1000)) : undefined;
    return {
      path: db.path,
      bytes: statSync(db.path).size,
      schemaVersion: db.sqlite.pragma('user_version', { simple: true }) as number,
      ...(created ? { created } : {}),
      ...(updated ? { updated } : {}),
      ...(age !== undefined && !Number.isNaN(age) ? { ageSeconds: age } : {}),
      vulnerabilities: count('SELECT count(*) FROM vulns'),
      withdrawn: count('SELECT count(*) FROM vulns WHERE withdrawn IS NOT NULL'),
      ecosystems: db
        .prepare(
          'SELECT ecosystem, count(*) AS records FROM vuln_ecosystems GROUP BY ecosystem ORDER BY ecosystem',
        )
        .all() as DbStatus['ecosystems'],
      sources: listSources(db),
      kev: count('SELECT count(*) FROM kev'),
      epss: count('SELECT count(*) FROM epss'),
    };
  } catch (e) {
    throw sqliteError(db.path, e);
  }
}
