// Matches an inventory against the vulnerability database: one finding per package and vulnerability, with aliases
// merged, the fix that applies, severity, the distribution's own triage, KEV and EPSS.
import type { Distro, Package } from '../catalog/types.js';
import type { Severity } from '../core/severity.js';
import type { OsvRange, OsvSeverity } from './db/osv.js';
import {
  epssScores,
  kevSet,
  type MatchEntry,
  type MatchGroup,
  matchEntriesOf,
  summariesOf,
  type VulnSummary,
} from './db/query.js';
import type { VulnDb } from './db/schema.js';
import { type OsvQuery, osvQueryOf } from './ecosystem.js';
import { matchAffected } from './match.js';
import { type CvssScore, cvssScorer, prepareCvss, severityOfLabel, severityOfScore } from './severity.js';
import { versioningFor } from './versioning/index.js';
import type { Versioning } from './versioning/types.js';

export interface VulnMatch {
  /** The id of the record that matched first (the package ecosystem's own record). */
  id: string;
  /** The id to show and filter on: the CVE when one is known, else `id`. */
  ruleId: string;
  /** Every other id of the same vulnerability: aliases, upstream CVEs, merged records. Sorted. */
  aliases: string[];
  package: Package;
  query: OsvQuery;
  /** Versions that fix it for this package; empty when there is no fix. */
  fixedVersions: string[];
  severity: Severity;
  /** Where the severity came from. */
  severitySource: 'cvss' | 'label' | 'unknown';
  cvss?: CvssScore;
  /** The distribution's own triage, as it writes it: Debian urgency (`unimportant`), Ubuntu priority (`negligible`). */
  status?: string;
  title?: string;
  knownExploited: boolean;
  /** EPSS probability (0..1). */
  epss?: number;
}

export interface MatchResult {
  matches: VulnMatch[];
  /** Packages no OSV ecosystem covers or whose ecosystem has no comparator, with why. */
  skipped: { package: Package; reason: string }[];
}

const SEMVER = versioningFor('npm') as Versioning;
const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** `DEBIAN-CVE-2022-1292` and `CVE-2022-1292` are one vulnerability: the distribution prefix is dropped. */
function identityOf(id: string): string {
  const m = /^[A-Z]+-(CVE-\d{4}-\d+)$/.exec(id);
  return m ? (m[1] as string) : id;
}

/** Whether a record's upstream ids name one vulnerability (a DLA fixing one CVE) or several. */
function singleUpstream(upstream: readonly string[]): boolean {
  return new Set(upstream.map(identityOf)).size === 1;
}

function cveOf(ids: Iterable<string>): string | undefined {
  return [...ids].filter((i) => /^CVE-\d{4}-\d+$/.test(i)).sort()[0];
}

/** A record that matched, with its affected entries for the package. */
interface Hit {
  vuln: VulnSummary;
  entries: MatchEntry[];
}

/** The distribution's triage word for this record: the first of its entries' (computed at import). */
function statusOf(c: Hit): string | undefined {
  for (const e of c.entries) if (e.status !== null) return e.status;
  return undefined;
}

/** CVSS vectors an entry's own severity[] gives that the record's do not (rare: records carry theirs on top). */
function entryVectors(c: Hit): { v2?: string; v3?: string; v4?: string } | undefined {
  let out: { v2?: string; v3?: string; v4?: string } | undefined;
  for (const e of c.entries) {
    if (e.severity === null) continue;
    for (const s of JSON.parse(e.severity) as OsvSeverity[]) {
      const key =
        s.type === 'CVSS_V4' ? 'v4' : s.type === 'CVSS_V3' ? 'v3' : s.type === 'CVSS_V2' ? 'v2' : undefined;
      if (key === undefined || c.vuln.cvss[key] !== undefined || out?.[key] !== undefined) continue;
      out ??= {};
      out[key] = s.score;
    }
  }
  return out;
}

function severityOf(
  c: Hit,
  status: string | undefined,
  memo: ScanMemo,
): Pick<VulnMatch, 'severity' | 'severitySource' | 'cvss'> {
  // The record's own vectors were scored at import; only vectors its entries add are scored here.
  const extra = entryVectors(c);
  let cvss = c.vuln.score;
  if (extra) {
    const v = { ...extra, ...c.vuln.cvss };
    cvss = memo.cvss(v.v2, v.v3, v.v4);
  }
  if (cvss) return { severity: severityOfScore(cvss.score), severitySource: 'cvss', cvss: { ...cvss } };
  const label = severityOfLabel(c.vuln.severityLabel) ?? severityOfLabel(status);
  if (label) return { severity: label, severitySource: 'label' };
  return { severity: 'medium', severitySource: 'unknown' };
}

/**
 * What one matchPackages call remembers, all valid only for one database and one call: each (ecosystem, name)'s
 * records, the records affecting each (ecosystem, name, version) — the binary packages of one Debian source all
 * ask the same question — their findings, record summaries, and CVSS scores by vector.
 */
interface ScanMemo {
  candidates: Map<string, MatchGroup[]>;
  affecting: Map<string, Affecting[]>;
  findings: Map<string, Finding[]>;
  summaries: Map<string, VulnSummary>;
  cvss: ReturnType<typeof cvssScorer>;
}

/** A record that affects the version asked about, with the fixes that apply to it. */
interface Affecting {
  g: MatchGroup;
  fixed: string[];
}

/** A finding without the package it is about: the same for every package with one (ecosystem, name, version). */
type Finding = Omit<VulnMatch, 'package' | 'query'>;

/**
 * Matches every package; `db` must stay open until this returns. Two passes, so that the database is asked a few
 * questions in bulk rather than many small ones: first each package's records and which of them affect its
 * version (reading only the affected table), then the summaries of all the records that matched at once, then
 * the findings, then KEV and EPSS for all their CVEs at once.
 */
export async function matchPackages(
  db: VulnDb,
  packages: readonly Package[],
  distro: Distro | undefined,
): Promise<MatchResult> {
  const skipped: MatchResult['skipped'] = [];
  const memo: ScanMemo = {
    candidates: new Map(),
    affecting: new Map(),
    findings: new Map(),
    summaries: new Map(),
    cvss: cvssScorer(),
  };
  const asked: { pkg: Package; query: OsvQuery; versioning: Versioning; key: string }[] = [];
  for (const pkg of packages) {
    const query = osvQueryOf(pkg, distro);
    if (!query) {
      skipped.push({
        package: pkg,
        reason: pkg.type === 'golang' ? 'no released version' : 'no OSV ecosystem for this package',
      });
      continue;
    }
    const versioning = versioningFor(query.ecosystem);
    if (!versioning) {
      skipped.push({ package: pkg, reason: `no version ordering for ${query.ecosystem}` });
      continue;
    }
    const nameKey = `${query.ecosystem}\0${query.name}`;
    let found = memo.candidates.get(nameKey);
    if (!found) {
      found = matchEntriesOf(db, query.ecosystem, query.name);
      memo.candidates.set(nameKey, found);
    }
    if (found.length === 0) continue;
    const key = `${nameKey}\0${query.version}`;
    if (!memo.affecting.has(key)) memo.affecting.set(key, affectingOf(found, query.version, versioning));
    asked.push({ pkg, query, versioning, key });
  }
  const ids = new Set<string>();
  for (const list of memo.affecting.values()) for (const a of list) ids.add(a.g.id);
  summariesOf(db, ids, memo.summaries);
  // The calculator is needed only for vectors an entry adds to its record's (scored at import).
  if (
    [...memo.affecting.values()].some((list) =>
      list.some((a) => a.g.entries.some((e) => e.severity !== null)),
    )
  ) {
    await prepareCvss();
  }

  for (const { versioning, key } of asked) {
    if (!memo.findings.has(key))
      memo.findings.set(key, mergeMatches(memo.affecting.get(key) ?? [], versioning, memo));
  }
  annotate(db, memo.findings.values());
  const matches: VulnMatch[] = [];
  for (const { pkg, query, key } of asked) {
    for (const f of memo.findings.get(key) ?? []) {
      // Each package gets its own copy, so a caller changing one finding changes no other.
      matches.push({
        id: f.id,
        ruleId: f.ruleId,
        aliases: [...f.aliases],
        package: pkg,
        query,
        fixedVersions: [...f.fixedVersions],
        severity: f.severity,
        severitySource: f.severitySource,
        ...(f.cvss ? { cvss: { ...f.cvss } } : {}),
        ...(f.status !== undefined ? { status: f.status } : {}),
        ...(f.title !== undefined ? { title: f.title } : {}),
        knownExploited: f.knownExploited,
        ...(f.epss !== undefined ? { epss: f.epss } : {}),
      });
    }
  }
  return { matches: prioritize(matches), skipped };
}

/**
 * The records (of those naming the package) whose affected entries include `version`, with their fixes. Each
 * entry's ranges are parsed once per scan; its versions[] only when the version's JSON text occurs in them.
 */
function affectingOf(found: MatchGroup[], version: string, versioning: Versioning): Affecting[] {
  const out: Affecting[] = [];
  const quoted = JSON.stringify(version);
  for (const g of found) {
    const fixed = new Set<string>();
    let affected = false;
    for (const entry of g.entries) {
      entry.parsedRanges ??= entry.ranges === null ? [] : (JSON.parse(entry.ranges) as OsvRange[]);
      const m = matchAffected({ ranges: entry.parsedRanges }, version, versioning, SEMVER);
      if (m) {
        affected = true;
        for (const f of m.fixedVersions) fixed.add(f);
      } else if (
        entry.versions?.includes(quoted) &&
        (JSON.parse(entry.versions) as string[]).includes(version)
      ) {
        affected = true;
      }
    }
    if (affected) out.push({ g, fixed: [...fixed] });
  }
  return out;
}

/** One finding per vulnerability for one package: records that alias each other (or a distribution record and the
 * single CVE it covers) are one; an advisory covering several CVEs folds into those CVEs' findings when all exist. */
function mergeMatches(affecting: Affecting[], versioning: Versioning, memo: ScanMemo): Finding[] {
  const hits: { c: Hit; fixed: string[] }[] = [];
  for (const { g, fixed } of affecting) {
    const vuln = memo.summaries.get(g.id);
    if (vuln) hits.push({ c: { vuln, entries: g.entries }, fixed });
  }
  if (hits.length === 0) return [];
  // Union-find over record ids and their alias / single-upstream links.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const multi = new Set<(typeof hits)[number]>();
  const single = new Map<Hit, boolean>();
  for (const h of hits) {
    const { id, aliases, upstream } = h.c.vuln;
    const one = singleUpstream(upstream);
    single.set(h.c, one);
    parent.set(id, parent.get(id) ?? id);
    for (const a of aliases) union(id, a);
    if (upstream.length > 0 && one) for (const u of upstream) union(id, u);
    if (upstream.length > 0 && !one) multi.add(h);
  }
  const groups = new Map<string, typeof hits>();
  for (const h of hits) {
    if (multi.has(h)) continue;
    const root = find(h.c.vuln.id);
    const group = groups.get(root);
    if (group) group.push(h);
    else groups.set(root, [h]);
  }
  for (const h of multi) {
    const roots = h.c.vuln.upstream.map((u) => (parent.has(u) ? find(u) : undefined));
    if (roots.every((r) => r !== undefined && groups.has(r))) {
      for (const r of new Set(roots as string[])) groups.get(r)?.push({ ...h, fixed: h.fixed });
    } else {
      groups.set(`multi:${h.c.vuln.id}`, [h]);
    }
  }
  const out: Finding[] = [];
  for (const group of groups.values()) {
    const first = group[0] as (typeof hits)[number];
    const ids = new Set<string>();
    for (const h of group) {
      ids.add(h.c.vuln.id);
      for (const a of h.c.vuln.aliases) ids.add(a);
      // A multi-CVE advisory contributes only its own id to each CVE's finding.
      if (single.get(h.c) || group.length === 1) for (const u of h.c.vuln.upstream) ids.add(u);
    }
    const ruleId = cveOf(ids) ?? first.c.vuln.id;
    // Fixed versions: those of the package's own records; when several records disagree, the lowest that fixes.
    const fixed = [...new Set(group.flatMap((h) => h.fixed))].sort(versioning.compare);
    const status = group.map((h) => statusOf(h.c)).find((s) => s !== undefined);
    const sev = group
      .map((h) => severityOf(h.c, status, memo))
      .sort(
        (a, b) =>
          rankSource(b.severitySource) - rankSource(a.severitySource) ||
          SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity],
      )[0] as ReturnType<typeof severityOf>;
    const title = group.map((h) => h.c.vuln.title).find((s) => s !== undefined);
    out.push({
      id: first.c.vuln.id,
      ruleId,
      aliases: [...ids].filter((i) => i !== first.c.vuln.id).sort(),
      fixedVersions: fixed,
      ...sev,
      ...(status !== undefined ? { status } : {}),
      ...(title !== undefined ? { title } : {}),
      knownExploited: false,
    });
  }
  return out;
}

function rankSource(s: VulnMatch['severitySource']): number {
  return s === 'cvss' ? 2 : s === 'label' ? 1 : 0;
}

/** Sets KEV and EPSS on each distinct finding (many packages share one), from two queries for all their CVEs. */
function annotate(db: VulnDb, lists: Iterable<Finding[]>): void {
  const cves = new Map<Finding, string[]>();
  const all = new Set<string>();
  for (const list of lists) {
    for (const f of list) {
      const ids = [f.ruleId, ...f.aliases].filter((i) => i.startsWith('CVE-')).map((c) => c.toUpperCase());
      cves.set(f, ids);
      for (const c of ids) all.add(c);
    }
  }
  const kev = kevSet(db, all);
  const epss = epssScores(db, all);
  for (const [f, ids] of cves) {
    f.knownExploited = ids.some((c) => kev.has(c));
    const score = Math.max(-1, ...ids.map((c) => epss.get(c) ?? -1));
    if (score >= 0) f.epss = score;
  }
}

/**
 * Known exploited first, then EPSS, then severity, then whether a fix exists, then (when `isBase` can tell) the
 * user's own layers before the base image's, which the user can act on in their own Dockerfile; ties by package
 * and id.
 */
export function prioritize(
  matches: VulnMatch[],
  isBase: (m: VulnMatch) => boolean | undefined = () => undefined,
): VulnMatch[] {
  const own = (m: VulnMatch) => (isBase(m) === false ? 1 : 0);
  return matches.sort(
    (a, b) =>
      Number(b.knownExploited) - Number(a.knownExploited) ||
      (b.epss ?? -1) - (a.epss ?? -1) ||
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      Number(b.fixedVersions.length > 0) - Number(a.fixedVersions.length > 0) ||
      own(b) - own(a) ||
      (a.package.name < b.package.name ? -1 : a.package.name > b.package.name ? 1 : 0) ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}
