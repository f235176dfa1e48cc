// Containers that serve traffic have a readiness probe.
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
  id: 'no-readiness-probe',
  severity: 'low',
  title: 'Container that declares ports has no readiness probe',
  why: 'Without a readiness probe a pod receives Service traffic as soon as its process starts, before it can answer, and keeps receiving it while it is overloaded or broken; rollouts then cause errors.',
  fix: 'Add a readinessProbe that succeeds only when the container can serve requests.',
};

export function check(ctx: CheckContext): CheckResult[] {
  if (!isLongRunning(ctx.workload)) return [];
  return containers(ctx.workload)
    .filter(
      (c) =>
        (c.list === 'containers' || isSidecar(c)) &&
        Array.isArray(c.container.ports) &&
        c.container.ports.length > 0 &&
        c.container.readinessProbe == null,
    )
    .map((c) =>
      finding(meta, `Container "${c.name}" declares ports but has no readiness probe.`, c.path, c.name),
    );
}

export default { meta, check } satisfies RecommendedCheck;
