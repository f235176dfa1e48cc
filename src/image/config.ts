// The image config: what runs (user, entrypoint, cmd, env...) and each layer's history entry.
import { isRecord, str } from './sources/json.js';

export interface LayerHistory {
  createdBy: string | undefined;
  created: string | undefined;
  comment: string | undefined;
}

export interface ImageConfig {
  os: string | undefined;
  architecture: string | undefined;
  variant: string | undefined;
  user: string | undefined;
  entrypoint: string[] | undefined;
  cmd: string[] | undefined;
  /** In declaration order; a later duplicate wins. */
  env: Record<string, string>;
  /** '80/tcp', '53/udp'. */
  exposedPorts: string[];
  labels: Record<string, string>;
  workingDir: string | undefined;
  stopSignal: string | undefined;
  healthcheck: string[] | undefined;
  diffIds: string[];
  /** The config's whole history, empty_layer entries included. */
  history: (LayerHistory & { emptyLayer: boolean })[];
  /** One per layer: the history entry that produced it (undefined where history is short). */
  layerHistory: (LayerHistory | undefined)[];
}

function strings(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return typeof v === 'string' ? [v] : undefined;
  return v.filter((x): x is string => typeof x === 'string');
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** Pairs history entries with layers: entries with empty_layer made no layer and are skipped. */
export function alignHistory(
  history: readonly (LayerHistory & { emptyLayer: boolean })[],
  layerCount: number,
): (LayerHistory | undefined)[] {
  const out: (LayerHistory | undefined)[] = [];
  for (const h of history) {
    if (h.emptyLayer) continue;
    if (out.length >= layerCount) break;
    out.push({ createdBy: h.createdBy, created: h.created, comment: h.comment });
  }
  while (out.length < layerCount) out.push(undefined);
  return out;
}

/** Reads the fields shipshape uses from an OCI or Docker image config, leniently. */
export function parseImageConfig(raw: unknown, layerCount?: number): ImageConfig {
  const top = isRecord(raw) ? raw : {};
  const c = isRecord(top.config) ? top.config : {};
  const env: Record<string, string> = {};
  for (const e of strings(c.Env) ?? []) {
    const eq = e.indexOf('=');
    if (eq > 0) env[e.slice(0, eq)] = e.slice(eq + 1);
    else env[e] = '';
  }
  const rootfs = isRecord(top.rootfs) ? top.rootfs : {};
  const diffIds = strings(rootfs.diff_ids) ?? [];
  const history = (Array.isArray(top.history) ? top.history : []).filter(isRecord).map((h) => ({
    createdBy: str(h.created_by),
    created: str(h.created),
    comment: str(h.comment),
    emptyLayer: h.empty_layer === true,
  }));
  const health = isRecord(c.Healthcheck) ? strings(c.Healthcheck.Test) : undefined;
  return {
    os: str(top.os),
    architecture: str(top.architecture),
    variant: str(top.variant),
    user: str(c.User) || undefined,
    entrypoint: c.Entrypoint === null ? undefined : strings(c.Entrypoint),
    cmd: c.Cmd === null ? undefined : strings(c.Cmd),
    env,
    exposedPorts: isRecord(c.ExposedPorts) ? Object.keys(c.ExposedPorts) : [],
    labels: stringMap(c.Labels),
    workingDir: str(c.WorkingDir) || undefined,
    stopSignal: str(c.StopSignal),
    healthcheck: health,
    diffIds,
    history,
    layerHistory: alignHistory(history, layerCount ?? diffIds.length),
  };
}
