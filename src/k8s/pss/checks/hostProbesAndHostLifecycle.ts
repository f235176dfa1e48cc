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
    for (const c of pod.containers) {
      const handlers: [string, FieldPath, unknown][] = [
        ...PROBES.map((p): [string, FieldPath, unknown] => [p, [...c.path, p], c.container[p]]),
        ...HOOKS.map((h): [string, FieldPath, unknown] => [
          `lifecycle.${h}`,
          [...c.path, 'lifecycle', h],
          mapping(c.container.lifecycle)?.[h],
        ]),
      ];
      for (const [label, path, handler] of handlers) {
        for (const kind of HANDLERS) {
          const host = mapping(mapping(handler)?.[kind])?.host;
          if (host === undefined || host === null || host === '') continue;
          parts.push({
            path: [...path, kind, 'host'],
            message: `container ${quote(c.name)} ${label}.${kind}.host=${quote(String(host))}`,
          });
        }
      }
    }
    return fail('probe or lifecycle host', parts.map((p) => p.message).join(', '), parts);
  },
};
