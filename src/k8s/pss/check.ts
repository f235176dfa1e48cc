// The shape of a Pod Security Standards check and the helpers every check shares.
import type { Severity } from '../../core/severity.js';
import type { FieldPath, Json } from '../types.js';
import { containersOf, isMapping } from '../workloads.js';

export type PssLevel = 'baseline' | 'restricted';

/** One offending field (or the nearest existing parent of a missing one) and what is wrong with it. */
export interface PssPart {
  /** Relative to the pod spec, or ['metadata', ...] relative to the pod (see evaluate.ts). */
  path: FieldPath;
  message: string;
}

/** What a failing check returns: upstream's short reason and detail, plus where. */
export interface PssFailure {
  reason: string;
  detail: string;
  parts: PssPart[];
}

export interface PssContainer {
  name: string;
  /** e.g. ['initContainers', 0] */
  path: FieldPath;
  container: Json;
  /** The container's securityContext when it is a mapping (a Go non-nil pointer), else undefined. */
  sc: Json | undefined;
}

/** The decoded pod as the checks see it, with the policy minor version being evaluated. */
export interface PssPod {
  meta: Json;
  spec: Json;
  /** spec.securityContext when it is a mapping, else undefined (nil). */
  podSC: Json | undefined;
  containers: PssContainer[];
  minor: number;
  /** spec.os.name == "windows", exactly. */
  isWindows: boolean;
  /** spec.hostUsers explicitly false: the pod runs in a user namespace. */
  hostUsersFalse: boolean;
}

export interface PssCheck {
  /** Upstream check id, exact casing. */
  id: string;
  level: PssLevel;
  title: string;
  severity: Severity;
  /** Why it matters. */
  why: string;
  /** How to fix. */
  fix: string;
  /** Minimum minor versions at which a variant starts (sorted); the check is active from the first. */
  versions: readonly number[];
  /** Baseline check ids this restricted check replaces, from the given minor on. */
  overrides?: readonly { id: string; since: number }[];
  /** Pure: decides one pod at pod.minor (already known to be >= versions[0]). */
  evaluate(pod: PssPod): PssFailure | null;
}

export function podOf(meta: Json, spec: Json, minor: number): PssPod {
  const os = spec.os;
  return {
    meta,
    spec,
    podSC: mapping(spec.securityContext),
    containers: containersOf(spec).map(({ container, path }) => ({
      name: typeof container.name === 'string' ? container.name : '',
      path,
      container,
      sc: mapping(container.securityContext),
    })),
    minor,
    isWindows: isMapping(os) && os.name === 'windows',
    hostUsersFalse: spec.hostUsers === false,
  };
}

export function mapping(v: unknown): Json | undefined {
  return isMapping(v) ? v : undefined;
}

/** Go's "pointer is non-nil": present and not null. */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/**
 * The longest prefix of `path` that exists under `root` (a key present with any value, even null),
 * so a finding about a missing field points at the closest thing in the file.
 */
export function nearest(root: unknown, path: FieldPath): FieldPath {
  const out: FieldPath = [];
  let cur: unknown = root;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(cur) || key >= cur.length) break;
      cur = cur[key];
    } else {
      if (!isMapping(cur) || !Object.hasOwn(cur, key)) break;
      cur = cur[key];
    }
    out.push(key);
  }
  return out;
}

export function quote(s: string): string {
  return JSON.stringify(s);
}

/** `container "a"` / `containers "a", "b"`, as upstream words its details. */
export function containerList(names: readonly string[]): string {
  const uniq = [...new Set(names)];
  return `${uniq.length === 1 ? 'container' : 'containers'} ${uniq.map(quote).join(', ')}`;
}

/** `pod`, `pod and container "a"`, `container "a"` for checks that inspect both levels. */
export function podAndContainers(pod: boolean, names: readonly string[], joiner = 'and'): string {
  if (names.length === 0) return 'pod';
  const list = containerList(names);
  return pod ? `pod ${joiner} ${list}` : list;
}

export function fail(reason: string, detail: string, parts: PssPart[]): PssFailure | null {
  return parts.length === 0 ? null : { reason, detail, parts };
}
