// Baseline (v1.34+): probes and lifecycle hooks must not target another host.

import type { FieldPath } from '../../types.js';
import { fail, mapping, type PssCheck, type PssPart, quote } from '../check.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HOOKS = ['postStart', 'preStop'] as const;
const HANDLERS = ['httpGet', 'tcpSocket'] as const;

export const check: PssCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  title: 'Probe or lifecycle hook targets a host',
  severity: 'medium',
  why: "The kubelet runs probes and hooks from the node, so a custom host turns them into requests the node makes on the pod author's behalf.",
  fix: 'Remove httpGet.host and tcpSocket.host from probes and lifecycle hooks; they then target the pod IP.',
  versions: [34],
  evaluate(pod) {
    const parts: PssPart[] = [];
    const inspect = (name: string, base: FieldPath, label: string, handler: unknown): void => {
      const h = mapping(handler);
      if (!h) return;
      for (const kind of HANDLERS) {
        const host = mapping(h[kind])?.host;
        if (host === undefined || host === null || host === '') continue;
        parts.push({
          path: [...base, kind, 'host'],
          message: `container ${quote(name)} ${label}.${kind}.host=${quote(String(host))}`,
        });
      }
    };
    for (const c of pod.containers) {
      // Most containers have no handler with a host: build paths only for the ones that do.
      for (const p of PROBES) {
        const handler = c.container[p];
        if (handler !== undefined) inspect(c.name, [...c.path, p], p, handler);
      }
      const lifecycle = mapping(c.container.lifecycle);
      if (!lifecycle) continue;
      for (const h of HOOKS) {
        const handler = lifecycle[h];
        if (handler !== undefined) inspect(c.name, [...c.path, 'lifecycle', h], `lifecycle.${h}`, handler);
      }
    }
    if (parts.length === 0) return null;
    return fail('probe or lifecycle host', parts.map((p) => p.message).join(', '), parts);
  },
};
