// The pod spec uses serviceAccountName, not the deprecated serviceAccount alias.
import type { CheckResult } from '../../types.js';
import { type CheckContext, type CheckMeta, finding, type RecommendedCheck } from '../check.js';

export const meta: CheckMeta = {
  id: 'deprecated-service-account-field',
  severity: 'low',
  title: 'Deprecated serviceAccount field is used',
  why: '`serviceAccount` is a deprecated alias of `serviceAccountName`; when both are set and differ, tools and readers disagree about which account the pod runs as.',
  fix: 'Rename serviceAccount to serviceAccountName (remove serviceAccount when both are set).',
};

export function check(ctx: CheckContext): CheckResult[] {
  const w = ctx.workload;
  const legacy = w.podSpec.serviceAccount;
  if (legacy === undefined || legacy === null) return [];
  const name = w.podSpec.serviceAccountName;
  const conflict = typeof name === 'string' && name !== '' && name !== legacy;
  const msg = conflict
    ? `${w.kind} "${w.name}" sets serviceAccount "${String(legacy)}" but serviceAccountName "${name}".`
    : `${w.kind} "${w.name}" uses the deprecated serviceAccount field.`;
  return [finding(meta, msg, [...w.podSpecPath, 'serviceAccount'])];
}

export default { meta, check } satisfies RecommendedCheck;
