// When the input manages NetworkPolicies, every workload's pods are selected by one for ingress.
import type { CheckResult } from '../../types.js';
import { isMapping } from '../../workloads.js';
import {
  type CheckContext,
  type CheckMeta,
  finding,
  labelSelectorSelects,
  ofKind,
  podLabels,
  type RecommendedCheck,
  sameNamespace,
} from '../check.js';
import { labelsPath } from '../services.js';

export const meta: CheckMeta = {
  id: 'no-network-policy',
  severity: 'low',
  title: 'Pods are not selected by any ingress NetworkPolicy',
  why: 'Pods that no NetworkPolicy selects accept connections from every pod in the cluster, so one compromised pod can reach them directly.',
  fix: 'Add a NetworkPolicy whose podSelector matches these pods and allows only the clients they need (or a default-deny policy for the namespace).',
};

export function check(ctx: CheckContext): CheckResult[] {
  const policies = ofKind(ctx.all, 'NetworkPolicy');
  // Without any policy in the input, they are most likely managed elsewhere: stay quiet.
  if (policies.length === 0) return [];
  const labels = podLabels(ctx.workload);
  const selected = policies.some((np) => {
    if (!sameNamespace(np, ctx.workload.namespace) || !isMapping(np.spec)) return false;
    const types = np.spec.policyTypes;
    // Without policyTypes a policy always applies to ingress.
    if (Array.isArray(types) && !types.includes('Ingress')) return false;
    return labelSelectorSelects(np.spec.podSelector ?? {}, labels);
  });
  if (selected) return [];
  return [
    finding(
      meta,
      `No NetworkPolicy in the input selects the pods of ${ctx.workload.kind} "${ctx.workload.name}".`,
      labelsPath(ctx),
    ),
  ];
}

export default { meta, check } satisfies RecommendedCheck;
