// Workloads are not deployed into the `default` namespace.
import type { CheckResult } from '../../types.js';
import { type CheckContext, type CheckMeta, finding, type RecommendedCheck } from '../check.js';

export const meta: CheckMeta = {
  id: 'default-namespace',
  severity: 'low',
  title: 'Object is in the default namespace',
  why: 'The `default` namespace is shared by everything deployed without thought: it rarely has Pod Security Admission labels, quotas or NetworkPolicies, and RBAC granted there reaches every app in it.',
  fix: 'Deploy into a dedicated namespace: set metadata.namespace to it, or remove `namespace: default` and pass the namespace at deploy time (kubectl -n, helm --namespace, kustomize namespace:).',
};

export function check(ctx: CheckContext): CheckResult[] {
  const w = ctx.workload;
  // Only an explicit `default`: an unset namespace is usually chosen at deploy time.
  if (w.namespace !== 'default') return [];
  return [
    finding(meta, `${w.kind} "${w.name}" is explicitly placed in the default namespace.`, [
      'metadata',
      'namespace',
    ]),
  ];
}

export default { meta, check } satisfies RecommendedCheck;
