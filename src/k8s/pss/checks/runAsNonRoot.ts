// Restricted: containers must be required to run as a non-root user (user-namespace pods exempt from v1.35).
import { fail, nearest, type PssCheck, type PssPart, podAndContainers, quote } from '../check.js';

export const check: PssCheck = {
  id: 'runAsNonRoot',
  level: 'restricted',
  title: 'Container may run as root',
  severity: 'medium',
  why: 'Without runAsNonRoot: true the kubelet starts an image whose user is root, so a compromise of the process is a compromise of root in the container.',
  fix: 'Set spec.securityContext.runAsNonRoot: true (or on every container), and make sure the image runs as a numeric non-zero USER.',
  versions: [0, 35],
  evaluate(pod) {
    if (pod.minor >= 35 && pod.hostUsersFalse) return null;
    const parts: PssPart[] = [];
    const podValue = pod.podSC?.runAsNonRoot;
    const badPod = podValue === false;
    if (badPod) {
      parts.push({
        path: ['securityContext', 'runAsNonRoot'],
        message: 'pod must not set securityContext.runAsNonRoot=false',
      });
    }
    const explicit: string[] = [];
    const unset: string[] = [];
    for (const c of pod.containers) {
      const v = c.sc?.runAsNonRoot;
      if (v === true) continue;
      if (v === false) {
        explicit.push(c.name);
        parts.push({
          path: [...c.path, 'securityContext', 'runAsNonRoot'],
          message: `container ${quote(c.name)} must not set securityContext.runAsNonRoot=false`,
        });
      } else if (podValue !== true) {
        unset.push(c.name);
        parts.push({
          path: nearest(pod.spec, [...c.path, 'securityContext', 'runAsNonRoot']),
          message: `pod or container ${quote(c.name)} must set securityContext.runAsNonRoot=true`,
        });
      }
    }
    const details: string[] = [];
    if (badPod || explicit.length > 0) {
      details.push(`${podAndContainers(badPod, explicit)} must not set securityContext.runAsNonRoot=false`);
    }
    if (unset.length > 0)
      details.push(`pod or ${podAndContainers(false, unset)} must set securityContext.runAsNonRoot=true`);
    if (parts.length === 0) return null;
    return fail('runAsNonRoot != true', details.join('; '), parts);
  },
};
