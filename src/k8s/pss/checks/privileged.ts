// Baseline: no privileged containers.
import { containerList, fail, type PssCheck, type PssPart } from '../check.js';

export const check: PssCheck = {
  id: 'privileged',
  level: 'baseline',
  title: 'Privileged container',
  severity: 'critical',
  why: 'A privileged container has every capability and access to all host devices; escaping to the node is trivial.',
  fix: 'Remove securityContext.privileged or set it to false.',
  versions: [0],
  evaluate(pod) {
    const parts: PssPart[] = [];
    const names: string[] = [];
    for (const c of pod.containers) {
      if (c.sc?.privileged === true) {
        names.push(c.name);
        parts.push({
          path: [...c.path, 'securityContext', 'privileged'],
          message: `container ${JSON.stringify(c.name)} must not set securityContext.privileged=true`,
        });
      }
    }
    if (parts.length === 0) return null;
    return fail('privileged', `${containerList(names)} must not set securityContext.privileged=true`, parts);
  },
};
