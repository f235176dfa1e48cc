// Baseline: only namespaced, known-safe sysctls (the list grows with the version).

import { isMapping } from '../../workloads.js';
import { fail, isSet, type PssCheck, type PssPart } from '../check.js';

/** Safe sysctl names by the minor version that allowed them. */
const SAFE_SYSCTLS: readonly [number, readonly string[]][] = [
  [
    0,
    [
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
      'net.ipv4.ip_unprivileged_port_start',
    ],
  ],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [
    29,
    [
      'net.ipv4.tcp_keepalive_time',
      'net.ipv4.tcp_fin_timeout',
      'net.ipv4.tcp_keepalive_intvl',
      'net.ipv4.tcp_keepalive_probes',
    ],
  ],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  [37, ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];

const safeByMinor = new Map<number, ReadonlySet<string>>();

/** The safe sysctls at a minor version (made once per version: every pod asks). */
export function safeSysctls(minor: number): ReadonlySet<string> {
  let safe = safeByMinor.get(minor);
  if (!safe) {
    safe = new Set(SAFE_SYSCTLS.filter(([since]) => since <= minor).flatMap(([, names]) => names));
    safeByMinor.set(minor, safe);
  }
  return safe;
}

export const check: PssCheck = {
  id: 'sysctls',
  level: 'baseline',
  title: 'Unsafe sysctl',
  severity: 'medium',
  why: 'Sysctls outside the safe, namespaced set change kernel settings for the whole node or weaken isolation between pods.',
  fix: 'Remove the sysctl from spec.securityContext.sysctls, or set it on the node instead.',
  versions: SAFE_SYSCTLS.map(([since]) => since),
  evaluate(pod) {
    const safe = safeSysctls(pod.minor);
    const list = pod.podSC?.sysctls;
    const parts: PssPart[] = [];
    if (Array.isArray(list)) {
      list.forEach((s, i) => {
        if (!isMapping(s)) return;
        if (typeof s.name === 'string' && safe.has(s.name)) return;
        parts.push({
          path: isSet(s.name) ? ['securityContext', 'sysctls', i, 'name'] : ['securityContext', 'sysctls', i],
          message: typeof s.name === 'string' ? s.name : '',
        });
      });
    }
    if (parts.length === 0) return null;
    return fail('forbidden sysctls', parts.map((p) => p.message).join(', '), parts);
  },
};
