// Long-running containers have a liveness probe.
import type { CheckResult } from '../../types.js';
import {
  type CheckContext,
  type CheckMeta,
  containers,
  finding,
  isLongRunning,
  isSidecar,
  type RecommendedCheck,
} from '../check.js';

export const meta: CheckMeta = {
  id: 'no-liveness-probe',
  severity: 'low',
  title: 'Container has no liveness probe',
  why: 'Without a liveness probe a deadlocked or hung process keeps its pod Running for ever; the kubelet only restarts containers that exit.',
  fix: 'Add a livenessProbe (httpGet, tcpSocket, grpc or exec) that fails only when a restart would help.',
};

export function check(ctx: CheckContext): CheckResult[] {
  if (!isLongRunning(ctx.workload)) return [];
  return containers(ctx.workload)
    .filter((c) => (c.list === 'containers' || isSidecar(c)) && c.container.livenessProbe == null)
    .map((c) => finding(meta, `Container "${c.name}" has no liveness probe.`, c.path, c.name));
}

export default { meta, check } satisfies RecommendedCheck;
