// Restricted: every container must explicitly forbid privilege escalation (Windows pods exempt from v1.25).
import { containerList, fail, nearest, type PssCheck, type PssPart } from '../check.js';

export const check: PssCheck = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  title: 'Privilege escalation allowed',
  severity: 'medium',
  why: 'Unless allowPrivilegeEscalation is false, setuid binaries and file capabilities let a process gain more privileges than it started with.',
  fix: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
  versions: [8, 25],
  evaluate(pod) {
    if (pod.minor >= 25 && pod.isWindows) return null;
    const parts: PssPart[] = [];
    const names: string[] = [];
    for (const c of pod.containers) {
      if (c.sc?.allowPrivilegeEscalation === false) continue;
      names.push(c.name);
      parts.push({
        path: nearest(pod.spec, [...c.path, 'securityContext', 'allowPrivilegeEscalation']),
        message: `container ${JSON.stringify(c.name)} must set securityContext.allowPrivilegeEscalation=false`,
      });
    }
    if (parts.length === 0) return null;
    return fail(
      'allowPrivilegeEscalation != false',
      `${containerList(names)} must set securityContext.allowPrivilegeEscalation=false`,
      parts,
    );
  },
};
