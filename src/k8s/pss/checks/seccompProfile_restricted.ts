// Restricted (v1.19+): a seccomp profile must be set, RuntimeDefault or Localhost (Windows pods exempt from v1.25).
import {
  fail,
  isSet,
  mapping,
  nearest,
  type PssCheck,
  type PssPart,
  podAndContainers,
  quote,
} from '../check.js';
import { SECCOMP_TYPES } from './seccompProfile_baseline.js';

function valid(profile: unknown): boolean {
  const type = mapping(profile)?.type;
  return typeof type === 'string' && SECCOMP_TYPES.has(type);
}

export const check: PssCheck = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  title: 'Seccomp profile not set',
  severity: 'medium',
  why: 'Without a seccomp profile the container can make every system call, including rarely used ones with a history of kernel exploits.',
  fix: 'Set spec.securityContext.seccompProfile.type: RuntimeDefault (or Localhost with a profile).',
  versions: [19, 25],
  overrides: [{ id: 'seccompProfile_baseline', since: 19 }],
  evaluate(pod) {
    if (pod.minor >= 25 && pod.isWindows) return null;
    const parts: PssPart[] = [];
    const podProfile = pod.podSC?.seccompProfile;
    const badPod = isSet(podProfile) && !valid(podProfile);
    if (badPod) {
      const hasType = isSet(mapping(podProfile)?.type);
      parts.push({
        path: hasType ? ['securityContext', 'seccompProfile', 'type'] : ['securityContext', 'seccompProfile'],
        message:
          'pod must not set securityContext.seccompProfile.type to anything but "RuntimeDefault" or "Localhost"',
      });
    }
    const podOk = isSet(podProfile) && !badPod;
    const explicit: string[] = [];
    const unset: string[] = [];
    for (const c of pod.containers) {
      const profile = c.sc?.seccompProfile;
      if (isSet(profile)) {
        if (valid(profile)) continue;
        explicit.push(c.name);
        const base = [...c.path, 'securityContext', 'seccompProfile'];
        parts.push({
          path: isSet(mapping(profile)?.type) ? [...base, 'type'] : base,
          message: `container ${quote(c.name)} must not set securityContext.seccompProfile.type to anything but "RuntimeDefault" or "Localhost"`,
        });
      } else if (!podOk) {
        unset.push(c.name);
        parts.push({
          path: nearest(pod.spec, [...c.path, 'securityContext', 'seccompProfile']),
          message: `pod or container ${quote(c.name)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
        });
      }
    }
    const details: string[] = [];
    if (badPod || explicit.length > 0) {
      details.push(
        `${podAndContainers(badPod, explicit)} must not set securityContext.seccompProfile.type to anything but "RuntimeDefault" or "Localhost"`,
      );
    }
    if (unset.length > 0) {
      details.push(
        `pod or ${podAndContainers(false, unset)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      );
    }
    if (parts.length === 0) return null;
    return fail('seccompProfile', details.join('; '), parts);
  },
};
