// Shapes shared by the Kubernetes parser, checks, fixer and reports.
import type { Severity } from '../core/severity.js';

/** A path to a field from the object's root: ['spec', 'template', 'spec', 'containers', 0, 'image']. */
export type FieldPath = (string | number)[];

/** A decoded YAML/JSON mapping (values as kubectl reads them). */
export type Json = Record<string, unknown>;

/** What a check says about one object. */
export interface CheckResult {
  /** `pss/<upstream check id>` or a readable slug (`no-resource-limits`). */
  ruleId: string;
  severity: Severity;
  /** One line: what is wrong. */
  title: string;
  /** Why it matters, specific to this object (container names, values). */
  message: string;
  /** The offending field, or the nearest existing parent when the field is missing. */
  path: FieldPath;
  /** Container the finding is about, when there is one. */
  container?: string;
  /** What to change. */
  fix?: string;
}

/** The pod template of a workload object, wherever its kind keeps it. */
export interface Workload {
  kind: string;
  name: string;
  namespace?: string;
  /** Path to the pod's metadata and spec within the object (e.g. spec.template.metadata / spec.template.spec). */
  podMetaPath: FieldPath;
  podSpecPath: FieldPath;
  podMeta: Json;
  podSpec: Json;
}
