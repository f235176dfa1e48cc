// Services and NetworkPolicies of the input that select a workload's pods.
import type { FieldPath, Json, Workload } from '../types.js';
import { isMapping } from '../workloads.js';
import {
  type CheckContext,
  containers,
  mapSelects,
  nearest,
  ofKind,
  podLabels,
  sameNamespace,
} from './check.js';

/** Well-known remote debugger ports: Node inspector, Chrome DevTools, JDWP, Delve, debugpy. */
export const DEBUG_PORTS: ReadonlyMap<number, string> = new Map([
  [9229, 'Node.js inspector'],
  [9230, 'Node.js inspector'],
  [9222, 'Chrome DevTools'],
  [5005, 'Java JDWP'],
  [2345, 'Go Delve'],
  [5678, 'Python debugpy'],
]);

export interface ContainerPort {
  container: string;
  number: number;
  name?: string;
  /** From the object root, at containerPort. */
  path: FieldPath;
}

const portsCache = new WeakMap<Workload, readonly ContainerPort[]>();

/** Every declared container port of the workload (computed once per workload: four checks read them). */
export function containerPorts(ctx: CheckContext): readonly ContainerPort[] {
  const cached = portsCache.get(ctx.workload);
  if (cached) return cached;
  const out: ContainerPort[] = [];
  for (const c of containers(ctx.workload)) {
    const ports = c.container.ports;
    if (!Array.isArray(ports)) continue;
    ports.forEach((p, i) => {
      if (!isMapping(p) || typeof p.containerPort !== 'number') return;
      out.push({
        container: c.name,
        number: p.containerPort,
        ...(typeof p.name === 'string' ? { name: p.name } : {}),
        path: [...c.path, 'ports', i, 'containerPort'],
      });
    });
  }
  portsCache.set(ctx.workload, out);
  return out;
}

/** Services of the input by the first pair of their selector, so matching a workload is a few lookups. */
const servicesIndex = new WeakMap<readonly Json[], { length: number; byPair: Map<string, Json[]> }>();

function servicesByPair(all: readonly Json[]): Map<string, Json[]> {
  const cached = servicesIndex.get(all);
  if (cached && cached.length === all.length) return cached.byPair;
  const byPair = new Map<string, Json[]>();
  for (const s of ofKind(all, 'Service')) {
    const sel = isMapping(s.spec) && isMapping(s.spec.selector) ? Object.entries(s.spec.selector) : [];
    const first = sel[0];
    // A Service without a selector selects no pods.
    if (!first) continue;
    const key = `${first[0]}=${String(first[1])}`;
    const list = byPair.get(key);
    if (list) list.push(s);
    else byPair.set(key, [s]);
  }
  servicesIndex.set(all, { length: all.length, byPair });
  return byPair;
}

const selectingCache = new WeakMap<
  Workload,
  { all: readonly Json[]; length: number; services: readonly Json[] }
>();

/** Services of the input whose selector matches the pod template's labels (once per workload and input). */
export function selectingServices(ctx: CheckContext): readonly Json[] {
  const cached = selectingCache.get(ctx.workload);
  if (cached && cached.all === ctx.all && cached.length === ctx.all.length) return cached.services;
  const services = findSelectingServices(ctx);
  selectingCache.set(ctx.workload, { all: ctx.all, length: ctx.all.length, services });
  return services;
}

function findSelectingServices(ctx: CheckContext): Json[] {
  const labels = podLabels(ctx.workload);
  const byPair = servicesByPair(ctx.all);
  const out: Json[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const s of byPair.get(`${k}=${v}`) ?? []) {
      if (
        sameNamespace(s, ctx.workload.namespace) &&
        isMapping(s.spec) &&
        mapSelects(s.spec.selector, labels)
      )
        out.push(s);
    }
  }
  return out;
}

export function serviceName(s: Json): string {
  return isMapping(s.metadata) && typeof s.metadata.name === 'string' ? s.metadata.name : '';
}

/** The pod port numbers a Service sends traffic to (targetPort, defaulting to port; names resolved). */
export function targetPorts(s: Json, ports: readonly ContainerPort[]): { service: number; target: number }[] {
  if (!isMapping(s.spec) || !Array.isArray(s.spec.ports)) return [];
  const out: { service: number; target: number }[] = [];
  for (const p of s.spec.ports) {
    if (!isMapping(p) || typeof p.port !== 'number') continue;
    const t = p.targetPort ?? p.port;
    if (typeof t === 'number') out.push({ service: p.port, target: t });
    else if (typeof t === 'string' && /^[0-9]+$/.test(t)) out.push({ service: p.port, target: Number(t) });
    else {
      const named = ports.find((cp) => cp.name === t);
      if (named) out.push({ service: p.port, target: named.number });
    }
  }
  return out;
}

/** Where to point a finding about the pods' exposure: their labels, or the nearest parent. */
export function labelsPath(ctx: CheckContext): FieldPath {
  return nearest(ctx.obj, [...ctx.workload.podMetaPath, 'labels']);
}
