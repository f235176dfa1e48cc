// Pods do not rewrite /etc/hosts with hostAliases.
import type { CheckResult } from '../../types.js';
import { type CheckContext, type CheckMeta, finding, type RecommendedCheck } from '../check.js';

export const meta: CheckMeta = {
  id: 'host-aliases',
  severity: 'low',
  title: 'Pod sets hostAliases',
  why: 'hostAliases override DNS for the pod through /etc/hosts: they silently redirect traffic (a favourite of man-in-the-middle setups) and go stale when the real addresses change.',
  fix: 'Remove hostAliases and fix name resolution in DNS (a Service, an ExternalName Service, or CoreDNS configuration).',
};

export function check(ctx: CheckContext): CheckResult[] {
  const w = ctx.workload;
  const v = w.podSpec.hostAliases;
  if (!Array.isArray(v) || v.length === 0) return [];
  return [
    finding(meta, `${w.kind} "${w.name}" sets ${v.length} hostAliases entr${v.length === 1 ? 'y' : 'ies'}.`, [
      ...w.podSpecPath,
      'hostAliases',
    ]),
  ];
}

export default { meta, check } satisfies RecommendedCheck;
