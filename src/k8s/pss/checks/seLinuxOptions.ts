// Baseline: SELinux may only use the container types, and never set a custom user or role.

import type { FieldPath } from '../../types.js';
import { fail, isSet, mapping, type PssCheck, type PssPart, quote } from '../check.js';

const TYPES_V1_0: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const TYPES_V1_31: ReadonlySet<string> = new Set([...TYPES_V1_0, 'container_engine_t']);

function emptyOrUnset(v: unknown): boolean {
  return !isSet(v) || v === '';
}

export const check: PssCheck = {
  id: 'seLinuxOptions',
  level: 'baseline',
  title: 'Custom SELinux options',
  severity: 'medium',
  why: 'A custom SELinux type, user or role can lift the confinement that keeps a container away from host files and processes.',
  fix: 'Remove seLinuxOptions.user and .role, and use a container type (container_t, container_init_t, container_kvm_t, container_engine_t) or none.',
  versions: [0, 31],
  evaluate(pod) {
    const allowed = pod.minor >= 31 ? TYPES_V1_31 : TYPES_V1_0;
    const parts: PssPart[] = [];
    const inspect = (owner: string, base: FieldPath, opts: unknown): void => {
      const o = mapping(opts);
      if (!o) return;
      if (isSet(o.type) && !(typeof o.type === 'string' && allowed.has(o.type))) {
        parts.push({
          path: [...base, 'type'],
          message: `${owner} sets forbidden seLinuxOptions type ${quote(String(o.type))}`,
        });
      }
      for (const key of ['user', 'role'] as const) {
        if (!emptyOrUnset(o[key])) {
          parts.push({
            path: [...base, key],
            message: `${owner} sets forbidden seLinuxOptions ${key} ${quote(String(o[key]))}`,
          });
        }
      }
    };
    inspect('pod', ['securityContext', 'seLinuxOptions'], pod.podSC?.seLinuxOptions);
    for (const c of pod.containers) {
      const opts = c.sc?.seLinuxOptions;
      // inspect ignores anything but a mapping: skip building its arguments.
      if (!mapping(opts)) continue;
      inspect(`container ${quote(c.name)}`, [...c.path, 'securityContext', 'seLinuxOptions'], opts);
    }
    if (parts.length === 0) return null;
    return fail('seLinuxOptions', parts.map((p) => p.message).join('; '), parts);
  },
};
