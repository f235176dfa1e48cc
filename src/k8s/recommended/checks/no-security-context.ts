// Every container has a securityContext, at its own level or the pod's.
import type { CheckResult } from '../../types.js';
import { isMapping } from '../../workloads.js';
import { type CheckContext, type CheckMeta, containers, finding, type RecommendedCheck } from '../check.js';

export const meta: CheckMeta = {
  id: 'no-security-context',
  severity: 'low',
  title: 'No securityContext at all',
  why: 'A container with neither a pod nor a container securityContext runs with every runtime default: possibly as root, with default capabilities and privilege escalation allowed. Setting one is where hardening starts.',
  fix: 'Add a securityContext with runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities.drop: [ALL] and seccompProfile.type: RuntimeDefault (`shipshape k8s --fix` adds these).',
};

export function check(ctx: CheckContext): CheckResult[] {
  const psc = ctx.workload.podSpec.securityContext;
  if (isMapping(psc) && Object.keys(psc).length > 0) return [];
  return containers(ctx.workload)
    .filter(
      (c) => !isMapping(c.container.securityContext) || Object.keys(c.container.securityContext).length === 0,
    )
    .map((c) =>
      finding(meta, `Container "${c.name}" has no securityContext, and neither has its pod.`, c.path, c.name),
    );
}

export default { meta, check } satisfies RecommendedCheck;
