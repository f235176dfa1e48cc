// Restricted (v1.23+): nothing may explicitly run as UID 0 (user-namespace pods exempt from v1.35).
import { fail, type PssCheck, type PssPart, podAndContainers, quote } from '../check.js';

export const check: PssCheck = {
  id: 'runAsUser',
  level: 'restricted',
  title: 'Runs as UID 0',
  severity: 'high',
  why: 'runAsUser: 0 runs the process as root, overriding a non-root USER in the image.',
  fix: 'Remove runAsUser: 0, or set a non-zero UID (for example 10001) that the image supports.',
  versions: [23, 35],
  evaluate(pod) {
    if (pod.minor >= 35 && pod.hostUsersFalse) return null;
    const parts: PssPart[] = [];
    const names: string[] = [];
    const atPod = pod.podSC?.runAsUser === 0;
    if (atPod)
      parts.push({ path: ['securityContext', 'runAsUser'], message: 'pod must not set runAsUser=0' });
    for (const c of pod.containers) {
      if (c.sc?.runAsUser !== 0) continue;
      names.push(c.name);
      parts.push({
        path: [...c.path, 'securityContext', 'runAsUser'],
        message: `container ${quote(c.name)} must not set runAsUser=0`,
      });
    }
    if (parts.length === 0) return null;
    return fail('runAsUser=0', `${podAndContainers(atPod, names)} must not set runAsUser=0`, parts);
  },
};
