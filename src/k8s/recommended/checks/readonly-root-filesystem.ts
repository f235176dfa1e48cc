// Containers run with a read-only root filesystem.
import type { CheckResult } from '../../types.js';
import { isMapping } from '../../workloads.js';
import { type CheckContext, type CheckMeta, containers, finding, type RecommendedCheck } from '../check.js';

export const meta: CheckMeta = {
  id: 'readonly-root-filesystem',
  severity: 'medium',
  title: 'Root filesystem is writable',
  why: 'With a writable root filesystem an attacker who gets code execution can drop tools, replace binaries or plant persistence in the container; read-only turns most of these into errors.',
  fix: 'Set securityContext.readOnlyRootFilesystem: true on the container and mount an emptyDir where the app must write (/tmp, caches).',
};

export function check(ctx: CheckContext): CheckResult[] {
  const out: CheckResult[] = [];
  for (const c of containers(ctx.workload)) {
    const sc = c.container.securityContext;
    if (isMapping(sc) && sc.readOnlyRootFilesystem === true) continue;
    const path = isMapping(sc)
      ? sc.readOnlyRootFilesystem !== undefined
        ? [...c.path, 'securityContext', 'readOnlyRootFilesystem']
        : [...c.path, 'securityContext']
      : c.path;
    out.push(finding(meta, `Container "${c.name}" can write to its root filesystem.`, path, c.name));
  }
  return out;
}

export default { meta, check } satisfies RecommendedCheck;
