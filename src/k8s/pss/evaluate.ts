// Decides a pod at a Pod Security Standards level and version, exactly as pod-security-admission does.
//
// Path convention: every PssResult path is relative to the pod spec (['containers', 0,
// 'securityContext']), except paths into the pod's metadata, which start with the marker
// 'metadata' (['metadata', 'annotations', '<key>']). The pod spec has no field named `metadata`, so
// the marker is unambiguous. toCheckResults replaces the marker with the workload's podMetaPath
// and prefixes everything else with its podSpecPath.
import type { Severity } from '../../core/severity.js';
import type { CheckResult, FieldPath, Json, Workload } from '../types.js';
import { isMapping } from '../workloads.js';
import { type PssCheck, type PssLevel, type PssPart, podOf } from './check.js';
import { PSS_CHECKS } from './index.js';
import { parsePssVersion, variantAt } from './version.js';

export interface PssResult {
  /** Upstream check id, e.g. 'runAsNonRoot'. */
  id: string;
  /** Upstream's short reason ('runAsNonRoot != true'). */
  reason: string;
  /** Which containers and values, in upstream's wording. */
  detail: string;
  /** Each offending field, or the nearest existing parent of a missing required field. */
  paths: FieldPath[];
  /** The same paths with one message each (what toCheckResults turns into findings). */
  parts: PssPart[];
}

const checksByLevel = new Map<string, readonly PssCheck[]>();

/** The checks that run at a level and minor version, in upstream's result order (worked out once per pair). */
export function checksFor(level: PssLevel, minor: number): readonly PssCheck[] {
  const key = `${level}:${minor}`;
  let checks = checksByLevel.get(key);
  if (!checks) {
    checks = selectChecks(level, minor);
    checksByLevel.set(key, checks);
  }
  return checks;
}

function selectChecks(level: PssLevel, minor: number): PssCheck[] {
  const active = PSS_CHECKS.filter((c) => variantAt(c.versions, minor) !== undefined);
  if (level === 'baseline') return active.filter((c) => c.level === 'baseline');
  const overridden = new Set(
    active.flatMap((c) =>
      (c.level === 'restricted' ? (c.overrides ?? []) : []).filter((o) => o.since <= minor).map((o) => o.id),
    ),
  );
  return active.filter((c) => !overridden.has(c.id));
}

/**
 * Every failing check for a pod. An invalid `version` falls back to latest, as upstream does; use
 * parsePssVersion first to report the mistake.
 */
export function evaluatePss(
  podMeta: Json,
  podSpec: Json,
  level: 'baseline' | 'restricted',
  version = 'latest',
): PssResult[] {
  const minor = minorOf(version);
  const pod = podOf(isMapping(podMeta) ? podMeta : {}, isMapping(podSpec) ? podSpec : {}, minor);
  const results: PssResult[] = [];
  for (const check of checksFor(level, minor)) {
    const failure = check.evaluate(pod);
    if (!failure) continue;
    results.push({
      id: check.id,
      reason: failure.reason,
      detail: failure.detail,
      paths: failure.parts.map((p) => p.path),
      parts: failure.parts,
    });
  }
  return results;
}

const minors = new Map<string, number>();

/** parsePssVersion's minor, remembered: the policy evaluates every pod at the same version. */
function minorOf(version: string): number {
  let minor = minors.get(version);
  if (minor === undefined) {
    minor = parsePssVersion(version).minor;
    if (minors.size < 64) minors.set(version, minor);
  }
  return minor;
}

const CHECK_BY_ID: ReadonlyMap<string, PssCheck> = new Map(PSS_CHECKS.map((c) => [c.id, c]));
const CONTAINER_LISTS: ReadonlySet<unknown> = new Set([
  'initContainers',
  'containers',
  'ephemeralContainers',
]);

/**
 * A violation of the level being enforced means the Pod Security admission controller rejects the pod, so
 * every PSS finding is at least `high` (the default --fail-on): a manifest that would be refused fails the gate.
 * The check's own severity only raises that (privileged and host-process pods are `critical`).
 */
function severityOf(check: PssCheck, _path: FieldPath, _podSpec: Json): Severity {
  return check.severity === 'critical' ? 'critical' : 'high';
}

const RULE_IDS: ReadonlyMap<string, string> = new Map(PSS_CHECKS.map((c) => [c.id, `pss/${c.id}`]));

/** What follows each part's message, made once per check, level and reason (findings then share it). */
const suffixes = new Map<PssCheck, Map<string, string>>();

function messageSuffix(check: PssCheck, level: PssLevel, reason: string): string {
  let byReason = suffixes.get(check);
  if (!byReason) {
    byReason = new Map();
    suffixes.set(check, byReason);
  }
  const key = level === 'restricted' ? `r${reason}` : `b${reason}`;
  let suffix = byReason.get(key);
  if (suffix === undefined) {
    suffix = ` (Pod Security Standards ${level}: ${reason}). ${check.why}`;
    // Reasons are a handful of constants per check; bound the map anyway.
    if (byReason.size < 64) byReason.set(key, suffix);
  }
  return suffix;
}

/**
 * Converts evaluatePss results for a workload into engine findings: one per offending path, rule
 * id `pss/<id>`, paths from the object's root, and the container's name when the path is in one.
 */
export function toCheckResults(
  workload: Workload,
  results: readonly PssResult[],
  level: PssLevel,
): CheckResult[] {
  const out: CheckResult[] = [];
  for (const r of results) {
    const check = CHECK_BY_ID.get(r.id);
    if (!check) continue;
    const parts = r.parts.length > 0 ? r.parts : r.paths.map((path) => ({ path, message: r.detail }));
    const ruleId = RULE_IDS.get(r.id) ?? `pss/${r.id}`;
    const suffix = messageSuffix(check, level, r.reason);
    for (const part of parts) {
      const rel = part.path;
      const path =
        rel[0] === 'metadata'
          ? [...workload.podMetaPath, ...rel.slice(1)]
          : [...workload.podSpecPath, ...rel];
      const finding: CheckResult = {
        ruleId,
        severity: severityOf(check, rel, workload.podSpec),
        title: check.title,
        message: part.message + suffix,
        path,
        fix: check.fix,
      };
      if (CONTAINER_LISTS.has(rel[0]) && typeof rel[1] === 'number') {
        const list = workload.podSpec[rel[0] as string];
        const c = Array.isArray(list) ? list[rel[1]] : undefined;
        if (isMapping(c) && typeof c.name === 'string') finding.container = c.name;
      }
      out.push(finding);
    }
  }
  return out;
}

export { PSS_CHECKS } from './index.js';
export { LATEST_MINOR, parsePssVersion } from './version.js';
