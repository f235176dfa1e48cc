// Each workload runs as its own ServiceAccount, not the namespace's shared `default` one.
import type { CheckResult } from '../../types.js';
import { type CheckContext, type CheckMeta, finding, type RecommendedCheck } from '../check.js';

export const meta: CheckMeta = {
  id: 'default-service-account',
  severity: 'low',
  title: 'Pod runs as the default ServiceAccount',
  why: 'Every pod of the namespace shares the `default` ServiceAccount, so any permission granted to it for one app is granted to all; a dedicated account keeps RBAC least-privilege and auditable per workload.',
  fix: 'Create a ServiceAccount for the workload and set serviceAccountName to it.',
};

export function check(ctx: CheckContext): CheckResult[] {
  const w = ctx.workload;
  const { serviceAccountName: name, serviceAccount: legacy } = w.podSpec;
  if (typeof name === 'string' && name !== '') {
    if (name !== 'default') return [];
    return [
      finding(meta, `${w.kind} "${w.name}" sets serviceAccountName: default.`, [
        ...w.podSpecPath,
        'serviceAccountName',
      ]),
    ];
  }
  if (typeof legacy === 'string' && legacy !== '' && legacy !== 'default') return [];
  const path = typeof legacy === 'string' ? [...w.podSpecPath, 'serviceAccount'] : w.podSpecPath;
  return [finding(meta, `${w.kind} "${w.name}" runs as the namespace's default ServiceAccount.`, path)];
}

export default { meta, check } satisfies RecommendedCheck;
