// Baseline: seccomp must not be disabled (annotations before v1.19, fields from v1.19).

import type { FieldPath } from '../../types.js';
import { fail, isSet, mapping, type PssCheck, type PssPart, quote } from '../check.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
export const SECCOMP_TYPES: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);

function allowedAnnotation(v: unknown): boolean {
  return (
    typeof v === 'string' && (v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/'))
  );
}

export const check: PssCheck = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  title: 'Seccomp disabled',
  severity: 'medium',
  why: 'An Unconfined seccomp profile lets the container make every system call, widening the kernel attack surface.',
  fix: 'Set securityContext.seccompProfile.type to RuntimeDefault or Localhost, or leave it unset.',
  versions: [0, 19],
  evaluate(pod) {
    const parts: PssPart[] = [];
    if (pod.minor < 19) {
      const annotations = mapping(pod.meta.annotations) ?? {};
      const inspect = (key: string): void => {
        if (!Object.hasOwn(annotations, key) || allowedAnnotation(annotations[key])) return;
        parts.push({
          path: ['metadata', 'annotations', key],
          message: `annotation ${key}=${quote(String(annotations[key] ?? ''))}`,
        });
      };
      inspect(POD_ANNOTATION);
      for (const name of new Set(pod.containers.map((c) => c.name)))
        inspect(CONTAINER_ANNOTATION_PREFIX + name);
      if (parts.length === 0) return null;
      return fail(
        'seccompProfile',
        parts.map((p) => p.message.replace(/^annotation /, '')).join(', '),
        parts,
      );
    }
    const field = (owner: string, base: FieldPath, profile: unknown): void => {
      if (!isSet(profile)) return;
      const type = mapping(profile)?.type;
      if (typeof type === 'string' && SECCOMP_TYPES.has(type)) return;
      parts.push({
        path: isSet(type) ? [...base, 'type'] : base,
        message: `${owner} must not set securityContext.seccompProfile.type to ${quote(typeof type === 'string' ? type : '')}`,
      });
    };
    field('pod', ['securityContext', 'seccompProfile'], pod.podSC?.seccompProfile);
    for (const c of pod.containers) {
      const profile = c.sc?.seccompProfile;
      // field ignores an unset profile: skip building its arguments.
      if (!isSet(profile)) continue;
      field(`container ${quote(c.name)}`, [...c.path, 'securityContext', 'seccompProfile'], profile);
    }
    if (parts.length === 0) return null;
    return fail('seccompProfile', parts.map((p) => p.message).join('; '), parts);
  },
};
