// Pods run in a user namespace (hostUsers: false).
import type { CheckResult } from '../../types.js';
import { type CheckContext, type CheckMeta, finding, type RecommendedCheck } from '../check.js';

export const meta: CheckMeta = {
  id: 'host-users',
  severity: 'info',
  title: 'Pod does not use a user namespace',
  why: 'With hostUsers: false, UID 0 inside the pod maps to an unprivileged UID on the node, so most container escapes land as nobody. It needs Kubernetes 1.33+ (or the feature gate) and a runtime that supports it, hence only info.',
  fix: 'Set hostUsers: false in the pod spec where the cluster supports user namespaces.',
};

export function check(ctx: CheckContext): CheckResult[] {
  const w = ctx.workload;
  const v = w.podSpec.hostUsers;
  if (v === false) return [];
  // hostNetwork/hostPID/hostIPC pods cannot use a user namespace; PSS reports those.
  if (w.podSpec.hostNetwork === true || w.podSpec.hostPID === true || w.podSpec.hostIPC === true) return [];
  const path = v === undefined ? w.podSpecPath : [...w.podSpecPath, 'hostUsers'];
  return [finding(meta, `${w.kind} "${w.name}" shares the node's user IDs.`, path)];
}

export default { meta, check } satisfies RecommendedCheck;
