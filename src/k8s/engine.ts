// Runs policies over parsed manifests: findings with file positions and resources, minus suppressions.
import type { Severity } from '../core/severity.js';
import { type IgnoreEntry, ignoreApplies } from '../dockerfile/config.js';
import { locate, type ManifestFile, type ManifestObject } from './parse.js';
import type { CheckResult, FieldPath, Json } from './types.js';
import { isMapping, workloadOf } from './workloads.js';

/** A named set of checks; `check` is pure and returns findings with paths from the object's root. */
export interface Policy {
  name: string;
  check(obj: Json, ctx: { all: Json[] }): CheckResult[];
}

export interface K8sResource {
  kind: string;
  name: string;
  namespace?: string;
  container?: string;
}

export interface K8sFinding {
  ruleId: string;
  severity: Severity;
  title: string;
  message: string;
  location: { file: string; line: number; column: number };
  resource: K8sResource;
  fix?: string;
  /** Set on findings that an annotation or a config ignore entry turned off. */
  suppressed?: { by: 'annotation' | 'config'; reason: string };
}

export interface EngineResult {
  /** Findings that count, in file order, then by line. */
  findings: K8sFinding[];
  /** Findings turned off by an annotation or a config entry, kept so they stay visible. */
  suppressed: K8sFinding[];
  /** How many objects were read. */
  objects: number;
}

export interface EngineOptions {
  policies: readonly Policy[];
  /** `.shipshape.yaml` ignore entries that still apply. */
  ignores?: readonly IgnoreEntry[];
}

/** `ignore-check.shipshape.dev/<rule id with / replaced by .>: "<reason>"` (kube-linter's style). */
export const IGNORE_CHECK_PREFIX = 'ignore-check.shipshape.dev/';
/** `shipshape.dev/ignore-all: "<reason>"` turns off every check for the object. */
export const IGNORE_ALL = 'shipshape.dev/ignore-all';
export const SUPPRESSION_WITHOUT_REASON = 'suppression-without-reason';

export function annotationKeyFor(ruleId: string): string {
  return `${IGNORE_CHECK_PREFIX}${ruleId.replace(/\//g, '.')}`;
}

interface Suppression {
  reason: string;
  /** Where the annotation sits, from the object root. */
  path: FieldPath;
}

/**
 * Suppression annotations of an object: its own metadata.annotations, then its pod template's (people put them
 * there too; the object's own win). Annotations without a reason are returned apart: they suppress nothing.
 */
function suppressionsOf(obj: Json): {
  byKey: Map<string, Suppression>;
  unreasoned: { key: string; path: FieldPath }[];
} {
  const byKey = new Map<string, Suppression>();
  const unreasoned: { key: string; path: FieldPath }[] = [];
  const sources: FieldPath[] = [['metadata']];
  const w = workloadOf(obj);
  if (w && w.podMetaPath.length > 1) sources.push(w.podMetaPath);
  for (const metaPath of sources) {
    let meta: unknown = obj;
    for (const k of metaPath) meta = isMapping(meta) ? meta[k as string] : undefined;
    const annotations = isMapping(meta) ? meta.annotations : undefined;
    if (!isMapping(annotations)) continue;
    for (const [key, value] of Object.entries(annotations)) {
      if (key !== IGNORE_ALL && !key.startsWith(IGNORE_CHECK_PREFIX)) continue;
      const path = [...metaPath, 'annotations', key];
      if (typeof value !== 'string' || value.trim() === '') {
        unreasoned.push({ key, path });
        continue;
      }
      if (!byKey.has(key)) byKey.set(key, { reason: value.trim(), path });
    }
  }
  return { byKey, unreasoned };
}

function resourceOf(obj: Json): K8sResource {
  const meta = isMapping(obj.metadata) ? obj.metadata : {};
  return {
    kind: typeof obj.kind === 'string' ? obj.kind : '',
    name: typeof meta.name === 'string' ? meta.name : '',
    ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}),
  };
}

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

/** Runs every policy over every object of the files. */
export function runPolicies(files: readonly ManifestFile[], options: EngineOptions): EngineResult {
  const all = files.flatMap((f) => f.objects.map((o) => o.object));
  const findings: K8sFinding[] = [];
  const suppressed: K8sFinding[] = [];
  let objects = 0;
  for (const file of files) {
    const perFile: K8sFinding[] = [];
    for (const mo of file.objects) {
      objects++;
      checkObject(mo, all, options, perFile, suppressed);
    }
    perFile.sort(
      (a, b) =>
        a.location.line - b.location.line ||
        a.location.column - b.location.column ||
        (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
    );
    pushUnrepeated(perFile, findings);
  }
  return { findings, suppressed, objects };
}

/**
 * Appends `sorted` (in report order) to `out`, minus findings equal to an earlier one: pss-baseline and
 * pss-restricted report some things twice. Equal findings share line, column and rule, so they sit in one run, and
 * the stable sort keeps the first reported first. (Objects occupy separate parts of a file, so a repeat always
 * comes from the same object.)
 */
function pushUnrepeated(sorted: readonly K8sFinding[], out: K8sFinding[]): void {
  let run = out.length;
  for (const f of sorted) {
    const first = out[run];
    if (
      first === undefined ||
      first.location.line !== f.location.line ||
      first.location.column !== f.location.column ||
      first.ruleId !== f.ruleId
    ) {
      run = out.length;
    } else {
      let repeated = false;
      for (let i = run; i < out.length && !repeated; i++) repeated = sameFinding(out[i] as K8sFinding, f);
      if (repeated) continue;
    }
    out.push(f);
  }
}

/** Rule id to its annotation key, computed once per rule. */
const annotationKeys = new Map<string, string>();

function annotationKeyOf(ruleId: string): string {
  let key = annotationKeys.get(ruleId);
  if (key === undefined) {
    key = annotationKeyFor(ruleId);
    annotationKeys.set(ruleId, key);
  }
  return key;
}

/**
 * Engine findings for one object. The resource of each finding is shared between the object's findings about the
 * same container (reports only read it), which saves an allocation per finding.
 */
function findingMaker(mo: ManifestObject): (r: CheckResult) => K8sFinding {
  const { kind, name, namespace } = resourceOf(mo.object);
  const file = mo.source.file;
  const byContainer = new Map<string | undefined, K8sResource>();
  return (r) => {
    const { line, column } = locate(mo, r.path);
    let resource = byContainer.get(r.container);
    if (!resource) {
      // Field by field, in the order reports print them.
      resource = namespace !== undefined ? { kind, name, namespace } : { kind, name };
      if (r.container !== undefined) resource.container = r.container;
      byContainer.set(r.container, resource);
    }
    const location = { file, line, column };
    const { ruleId, severity, title, message, fix } = r;
    // Two literals rather than adding `fix` afterwards: one shape each, made in one step.
    return fix !== undefined
      ? { ruleId, severity, title, message, location, resource, fix }
      : { ruleId, severity, title, message, location, resource };
  };
}

/** The same rule, place, container and message: what two policies (pss-baseline and pss-restricted) both report. */
function sameFinding(a: K8sFinding, b: K8sFinding): boolean {
  return (
    a.location.column === b.location.column &&
    a.ruleId === b.ruleId &&
    (a.resource.container ?? '') === (b.resource.container ?? '') &&
    a.message === b.message
  );
}

function checkObject(
  mo: ManifestObject,
  all: Json[],
  options: EngineOptions,
  out: K8sFinding[],
  suppressed: K8sFinding[],
) {
  const obj = mo.object;
  const file = mo.source.file;
  const toFinding = findingMaker(mo);
  const { byKey, unreasoned } = suppressionsOf(obj);
  const ignores = options.ignores !== undefined && options.ignores.length > 0 ? options.ignores : undefined;
  // Repeats are dropped later: from the findings that count once they are sorted (runPolicies), from the
  // suppressed ones below. A repeat has the same rule, so it lands in the same list as the finding it repeats.
  const off: K8sFinding[] = [];
  for (const policy of options.policies) {
    for (const r of policy.check(obj, { all })) {
      const f = toFinding(r);
      if (byKey.size > 0) {
        const byAnnotation = byKey.get(annotationKeyOf(f.ruleId)) ?? byKey.get(IGNORE_ALL);
        if (byAnnotation) {
          off.push({ ...f, suppressed: { by: 'annotation', reason: byAnnotation.reason } });
          continue;
        }
      }
      const entry = ignores?.find((e) => ignoreApplies(e, f.ruleId, file));
      if (entry) {
        off.push({ ...f, suppressed: { by: 'config', reason: entry.reason ?? '' } });
        continue;
      }
      out.push(f);
    }
  }
  if (off.length > 0) {
    // In the order found, without repeats.
    const byLine = new Map<number, K8sFinding[]>();
    for (const f of off) {
      const onLine = byLine.get(f.location.line);
      if (onLine === undefined) byLine.set(f.location.line, [f]);
      else if (onLine.some((g) => sameFinding(g, f))) continue;
      else onLine.push(f);
      suppressed.push(f);
    }
  }
  for (const u of unreasoned) {
    out.push(
      toFinding({
        ruleId: SUPPRESSION_WITHOUT_REASON,
        severity: 'medium',
        title: 'Suppression annotation without a reason',
        message: `the annotation ${u.key} has no reason, so it suppresses nothing; say why the check does not apply`,
        path: u.path,
        fix: `give the annotation a reason as its value: ${u.key}: "legacy image, tracked in OPS-12"`,
      }),
    );
  }
}
