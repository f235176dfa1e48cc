// The shape of a `--policy recommended` check and the helpers every check shares.
import type { Severity } from '../../core/severity.js';
import type { CheckResult, FieldPath, Json, Workload } from '../types.js';
import { containersOf, isMapping } from '../workloads.js';

export interface CheckMeta {
  /** Readable slug; also the file name under checks/. */
  id: string;
  severity: Severity;
  /** One line: what is wrong. */
  title: string;
  /** Why it matters. */
  why: string;
  /** How to fix it. */
  fix: string;
}

export interface CheckContext {
  /** The whole object being checked. */
  obj: Json;
  /** Its pod template view. */
  workload: Workload;
  /** Every object of the input (Services, NetworkPolicies, ServiceAccounts, LimitRanges ...). */
  all: readonly Json[];
}

export interface RecommendedCheck {
  meta: CheckMeta;
  check(ctx: CheckContext): CheckResult[];
}

/** A finding of `meta` with the check's title and fix. */
export function finding(
  meta: CheckMeta,
  message: string,
  path: FieldPath,
  container?: string,
  fix: string = meta.fix,
): CheckResult {
  // Field by field, in this order (no spreads): it runs for every finding.
  const out: CheckResult = { ruleId: meta.id, severity: meta.severity, title: meta.title, message, path };
  if (container !== undefined) out.container = container;
  out.fix = fix;
  return out;
}

export interface ContainerRef {
  list: 'initContainers' | 'containers' | 'ephemeralContainers';
  container: Json;
  /** From the object root. */
  path: FieldPath;
  name: string;
}

const containersCache = new WeakMap<Workload, ContainerRef[]>();

/** Every container of the workload with its path from the object root (computed once per workload). */
export function containers(w: Workload): ContainerRef[] {
  const cached = containersCache.get(w);
  if (cached) return cached;
  const out = containersOf(w.podSpec).map(
    (c): ContainerRef => ({
      list: c.list,
      container: c.container,
      path: [...w.podSpecPath, ...c.path],
      name: typeof c.container.name === 'string' ? c.container.name : `${c.list}[${c.index}]`,
    }),
  );
  containersCache.set(w, out);
  return out;
}

/** Init containers that keep running beside the app (native sidecars, restartPolicy: Always). */
export function isSidecar(c: ContainerRef): boolean {
  return c.list === 'initContainers' && c.container.restartPolicy === 'Always';
}

/** The deepest existing prefix of `path` within `obj` (for findings about a missing field). */
export function nearest(obj: unknown, path: FieldPath): FieldPath {
  let cur: unknown = obj;
  const out: FieldPath = [];
  for (const key of path) {
    if (typeof key === 'number' ? !Array.isArray(cur) : !isMapping(cur)) break;
    const next: unknown = (cur as Record<string | number, unknown>)[key];
    if (next === undefined || next === null) break;
    out.push(key);
    cur = next;
  }
  return out;
}

export interface ImageRef {
  /** Repository without tag or digest. */
  repository: string;
  tag?: string;
  digest?: string;
}

const imageRefs = new Map<string, ImageRef>();

/** parseImage, remembered: four checks look at each container's image, and images repeat across workloads. */
export function parseImage(image: string): ImageRef {
  let ref = imageRefs.get(image);
  if (!ref) {
    ref = splitImage(image);
    if (imageRefs.size >= 10_000) imageRefs.clear();
    imageRefs.set(image, ref);
  }
  return ref;
}

/** Splits `registry:5000/ns/name:tag@sha256:...` without regexes (a port is not a tag). */
function splitImage(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: rest, ...(tag !== undefined ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** True when the tag can be moved under you without notice: `latest` or none at all. */
export function hasMutableTag(ref: ImageRef): boolean {
  return ref.tag === undefined || ref.tag === '' || ref.tag === 'latest';
}

/** The effective security context field of a container: the container's, else the pod's. */
export function effective(
  w: Workload,
  c: ContainerRef,
  field: string,
): { value: unknown; path: FieldPath } | null {
  const csc = c.container.securityContext;
  if (isMapping(csc) && csc[field] !== undefined && csc[field] !== null) {
    return { value: csc[field], path: [...c.path, 'securityContext', field] };
  }
  const psc = w.podSpec.securityContext;
  if (isMapping(psc) && psc[field] !== undefined && psc[field] !== null) {
    return { value: psc[field], path: [...w.podSpecPath, 'securityContext', field] };
  }
  return null;
}

/** The value effective() would give, without building its path. */
export function effectiveValue(w: Workload, c: ContainerRef, field: string): unknown {
  const csc = c.container.securityContext;
  if (isMapping(csc) && csc[field] !== undefined && csc[field] !== null) return csc[field];
  const psc = w.podSpec.securityContext;
  if (isMapping(psc) && psc[field] !== undefined && psc[field] !== null) return psc[field];
  return undefined;
}

/** Namespaces match when equal, or when either is unset (it is then chosen at deploy time). */
export function sameNamespace(a: Json, ns: string | undefined): boolean {
  const meta = isMapping(a.metadata) ? a.metadata : {};
  const other = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
  return other === undefined || ns === undefined || ns === '' || other === ns;
}

const labelsCache = new WeakMap<Workload, Readonly<Record<string, string>>>();

/** The pod template's labels as strings (computed once per workload; several checks match selectors on them). */
export function podLabels(w: Workload): Readonly<Record<string, string>> {
  const cached = labelsCache.get(w);
  if (cached) return cached;
  const labels = w.podMeta.labels;
  const out: Record<string, string> = {};
  if (isMapping(labels)) for (const [k, v] of Object.entries(labels)) out[k] = String(v);
  labelsCache.set(w, out);
  return out;
}

/** Service-style selector (a plain map): matches when every pair is present. An empty map selects nothing. */
export function mapSelects(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isMapping(selector)) return false;
  const pairs = Object.entries(selector);
  if (pairs.length === 0) return false;
  return pairs.every(([k, v]) => labels[k] === String(v));
}

/** metav1.LabelSelector (matchLabels + matchExpressions): an empty selector selects everything. */
export function labelSelectorSelects(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isMapping(selector)) return false;
  const ml = selector.matchLabels;
  if (isMapping(ml) && !Object.entries(ml).every(([k, v]) => labels[k] === String(v))) return false;
  const exprs = selector.matchExpressions;
  if (!Array.isArray(exprs)) return true;
  return exprs.every((e) => {
    if (!isMapping(e) || typeof e.key !== 'string') return false;
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = Object.hasOwn(labels, e.key);
    switch (e.operator) {
      case 'In':
        return has && values.includes(labels[e.key]!);
      case 'NotIn':
        return !has || !values.includes(labels[e.key]!);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/** Objects of the input by kind, computed once per input (checks run once per object, over the same list). */
const byKindCache = new WeakMap<readonly Json[], { length: number; map: Map<string, Json[]> }>();

const NONE: readonly Json[] = [];

/** Objects of `kind` from the input (shared lists: do not change them). */
export function ofKind(all: readonly Json[], kind: string): readonly Json[] {
  let cached = byKindCache.get(all);
  if (!cached || cached.length !== all.length) {
    const map = new Map<string, Json[]>();
    for (const o of all) {
      const k = typeof o.kind === 'string' ? o.kind : '';
      const list = map.get(k);
      if (list) list.push(o);
      else map.set(k, [o]);
    }
    cached = { length: all.length, map };
    byKindCache.set(all, cached);
  }
  return cached.map.get(kind) ?? NONE;
}

/** Long-running pods: not Jobs/CronJobs, and not pods that are meant to run to completion. */
export function isLongRunning(w: Workload): boolean {
  if (w.kind === 'Job' || w.kind === 'CronJob') return false;
  const rp = w.podSpec.restartPolicy;
  return !(rp === 'Never' || rp === 'OnFailure');
}

/** Normalizes a host path: collapses `//`, drops `.` and trailing `/`, resolves `..` (never above /). */
export function normalizeHostPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

/** hostPath volumes of the pod with their normalized paths and paths from the object root. */
export function hostPathVolumes(w: Workload): { name: string; hostPath: string; path: FieldPath }[] {
  const vols = w.podSpec.volumes;
  if (!Array.isArray(vols)) return [];
  const out: { name: string; hostPath: string; path: FieldPath }[] = [];
  vols.forEach((v, i) => {
    if (!isMapping(v) || !isMapping(v.hostPath) || typeof v.hostPath.path !== 'string') return;
    out.push({
      name: typeof v.name === 'string' ? v.name : '',
      hostPath: normalizeHostPath(v.hostPath.path),
      path: [...w.podSpecPath, 'volumes', i, 'hostPath', 'path'],
    });
  });
  return out;
}
