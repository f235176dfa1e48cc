// hostPath volumes are mounted read-only.
import type { CheckResult } from '../../types.js';
import { isMapping } from '../../workloads.js';
import {
  type CheckContext,
  type CheckMeta,
  containers,
  finding,
  hostPathVolumes,
  type RecommendedCheck,
} from '../check.js';

export const meta: CheckMeta = {
  id: 'writable-host-mount',
  severity: 'medium',
  title: 'hostPath volume is mounted writable',
  why: 'A writable node directory lets the container plant files that outlive it and that the node or other pods will read or execute: persistence and lateral movement.',
  fix: 'Set readOnly: true on the volumeMount, or replace the hostPath volume with an emptyDir or a PersistentVolumeClaim.',
};

export function check(ctx: CheckContext): CheckResult[] {
  const hostVols = new Map(hostPathVolumes(ctx.workload).map((v) => [v.name, v.hostPath]));
  if (hostVols.size === 0) return [];
  const out: CheckResult[] = [];
  for (const c of containers(ctx.workload)) {
    const mounts = c.container.volumeMounts;
    if (!Array.isArray(mounts)) continue;
    mounts.forEach((m, i) => {
      if (!isMapping(m) || typeof m.name !== 'string' || !hostVols.has(m.name) || m.readOnly === true) return;
      const path =
        m.readOnly !== undefined
          ? [...c.path, 'volumeMounts', i, 'readOnly']
          : [...c.path, 'volumeMounts', i];
      out.push(
        finding(
          meta,
          `Container "${c.name}" mounts hostPath ${hostVols.get(m.name)} writable.`,
          path,
          c.name,
        ),
      );
    });
  }
  return out;
}

export default { meta, check } satisfies RecommendedCheck;
