// Restricted: drop ALL capabilities and add back at most NET_BIND_SERVICE (Windows pods exempt from v1.25).
import { containerList, fail, mapping, nearest, type PssCheck, type PssPart, quote } from '../check.js';

export const check: PssCheck = {
  id: 'capabilities_restricted',
  level: 'restricted',
  title: 'Capabilities not dropped',
  severity: 'medium',
  why: 'Containers start with a default set of Linux capabilities (CHOWN, SETUID, NET_RAW, ...) that most applications never need and attackers can use.',
  fix: 'Set securityContext.capabilities.drop: ["ALL"] and add back only NET_BIND_SERVICE if the container binds a port below 1024.',
  versions: [22, 25],
  overrides: [{ id: 'capabilities_baseline', since: 22 }],
  evaluate(pod) {
    if (pod.minor >= 25 && pod.isWindows) return null;
    const parts: PssPart[] = [];
    const noDrop: string[] = [];
    const badAdd: string[] = [];
    const added: string[] = [];
    for (const c of pod.containers) {
      const caps = mapping(c.sc?.capabilities);
      const drop = caps?.drop;
      if (!(Array.isArray(drop) && drop.includes('ALL'))) {
        noDrop.push(c.name);
        parts.push({
          path: nearest(pod.spec, [...c.path, 'securityContext', 'capabilities', 'drop']),
          message: `container ${quote(c.name)} must set securityContext.capabilities.drop=["ALL"]`,
        });
      }
      const add = caps?.add;
      if (!Array.isArray(add)) continue;
      add.forEach((cap, i) => {
        if (cap === 'NET_BIND_SERVICE') return;
        badAdd.push(c.name);
        added.push(String(cap));
        parts.push({
          path: [...c.path, 'securityContext', 'capabilities', 'add', i],
          message: `container ${quote(c.name)} must not include ${quote(String(cap))} in securityContext.capabilities.add`,
        });
      });
    }
    const details: string[] = [];
    if (noDrop.length > 0)
      details.push(`${containerList(noDrop)} must set securityContext.capabilities.drop=["ALL"]`);
    if (badAdd.length > 0) {
      const caps = [...new Set(added)].map(quote).join(', ');
      details.push(`${containerList(badAdd)} must not include ${caps} in securityContext.capabilities.add`);
    }
    if (parts.length === 0) return null;
    return fail('unrestricted capabilities', details.join('; '), parts);
  },
};
