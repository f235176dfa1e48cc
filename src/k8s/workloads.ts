// Finds the pod template of every workload kind (Pod, Deployment, ..., CronJob, PodTemplate).
import type { FieldPath, Json, Workload } from './types.js';

/** Where each kind keeps its pod: the path to the pod template (a mapping with metadata and spec). */
const TEMPLATE_PATHS: Record<string, FieldPath | null> = {
  Pod: null,
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(Object.keys(TEMPLATE_PATHS));

export function isMapping(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `path`, or undefined. */
export function at(obj: unknown, path: FieldPath): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[key];
    } else {
      if (!isMapping(cur)) return undefined;
      cur = cur[key];
    }
  }
  return cur;
}

/** Views already made: every policy (and the engine's suppressions) asks for the same object's view. */
const views = new WeakMap<Json, Workload | null>();

/**
 * The workload view of an object, or null when it is not a workload kind (or has no pod spec mapping). The view is
 * made once per object and shared, so callers must not change it.
 */
export function workloadOf(obj: Json): Workload | null {
  let view = views.get(obj);
  if (view === undefined) {
    view = makeWorkload(obj);
    views.set(obj, view);
  }
  return view;
}

function makeWorkload(obj: Json): Workload | null {
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  if (!WORKLOAD_KINDS.has(kind)) return null;
  const meta = isMapping(obj.metadata) ? obj.metadata : {};
  const base = TEMPLATE_PATHS[kind] ?? [];
  const podMetaPath = [...base, 'metadata'];
  const podSpecPath = [...base, 'spec'];
  const podSpec = at(obj, podSpecPath);
  if (!isMapping(podSpec)) return null;
  const podMeta = at(obj, podMetaPath);
  return {
    kind,
    name: typeof meta.name === 'string' ? meta.name : '',
    ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}),
    podMetaPath,
    podSpecPath,
    podMeta: isMapping(podMeta) ? podMeta : {},
    podSpec,
  };
}

export type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';

/** Every container in upstream's order (init, regular, ephemeral) with its path from the pod spec. */
export function containersOf(
  podSpec: Json,
): { list: ContainerList; index: number; container: Json; path: FieldPath }[] {
  const out: { list: ContainerList; index: number; container: Json; path: FieldPath }[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    const items = podSpec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((c, index) => {
      if (isMapping(c)) out.push({ list, index, container: c, path: [list, index] });
    });
  }
  return out;
}
