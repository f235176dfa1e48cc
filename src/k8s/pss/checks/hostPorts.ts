// Baseline: no container ports bound on the host.

import { isMapping } from '../../workloads.js';
import { containerList, fail, isSet, type PssCheck, type PssPart } from '../check.js';

export const check: PssCheck = {
  id: 'hostPorts',
  level: 'baseline',
  title: 'Host port used',
  severity: 'medium',
  why: 'A hostPort binds the port on the node itself, bypassing network policies and limiting scheduling.',
  fix: 'Remove ports[].hostPort (or set it to 0) and expose the container through a Service.',
  versions: [0],
  evaluate(pod) {
    const parts: PssPart[] = [];
    const names: string[] = [];
    const ports: string[] = [];
    for (const c of pod.containers) {
      const list = c.container.ports;
      if (!Array.isArray(list)) continue;
      list.forEach((p, i) => {
        if (!isMapping(p) || !isSet(p.hostPort) || p.hostPort === 0) return;
        names.push(c.name);
        ports.push(String(p.hostPort));
        parts.push({
          path: [...c.path, 'ports', i, 'hostPort'],
          message: `container ${JSON.stringify(c.name)} uses hostPort ${String(p.hostPort)}`,
        });
      });
    }
    if (parts.length === 0) return null;
    return fail(
      'hostPort',
      `${containerList(names)} ${ports.length === 1 ? 'uses hostPort' : 'use hostPorts'} ${ports.join(', ')}`,
      parts,
    );
  },
};
