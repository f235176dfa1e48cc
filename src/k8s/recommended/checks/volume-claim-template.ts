// StatefulSet volume claims ask for ReadWriteOnce storage of an explicit size.
import type { CheckResult } from '../../types.js';
import { at, isMapping } from '../../workloads.js';
import { type CheckContext, type CheckMeta, finding, type RecommendedCheck } from '../check.js';

export const meta: CheckMeta = {
  id: 'volume-claim-template',
  severity: 'low',
  title: 'StatefulSet volume claim lacks ReadWriteOnce or a storage request',
  why: "Each StatefulSet replica owns its volume: a shared access mode lets replicas corrupt each other's data or fails to bind on most storage classes, and a claim without a storage request cannot be sized or bound.",
  fix: 'In each volumeClaimTemplates entry set accessModes: [ReadWriteOnce] (or ReadWriteOncePod) and resources.requests.storage.',
};

const SINGLE_WRITER = new Set(['ReadWriteOnce', 'ReadWriteOncePod']);

export function check(ctx: CheckContext): CheckResult[] {
  if (ctx.workload.kind !== 'StatefulSet') return [];
  const vcts = at(ctx.obj, ['spec', 'volumeClaimTemplates']);
  if (!Array.isArray(vcts)) return [];
  const out: CheckResult[] = [];
  vcts.forEach((v, i) => {
    if (!isMapping(v)) return;
    const name = isMapping(v.metadata) && typeof v.metadata.name === 'string' ? v.metadata.name : `#${i}`;
    const base = ['spec', 'volumeClaimTemplates', i];
    const spec = isMapping(v.spec) ? v.spec : null;
    const modes = spec?.accessModes;
    if (!Array.isArray(modes) || modes.length === 0 || !modes.every((m) => SINGLE_WRITER.has(String(m)))) {
      const path = Array.isArray(modes) ? [...base, 'spec', 'accessModes'] : spec ? [...base, 'spec'] : base;
      out.push(finding(meta, `Volume claim "${name}" does not ask for ReadWriteOnce access only.`, path));
    }
    const storage = at(v, ['spec', 'resources', 'requests', 'storage']);
    if (storage === undefined || storage === null || storage === '') {
      const path = isMapping(at(v, ['spec', 'resources']))
        ? [...base, 'spec', 'resources']
        : spec
          ? [...base, 'spec']
          : base;
      out.push(finding(meta, `Volume claim "${name}" has no storage request.`, path));
    }
  });
  return out;
}

export default { meta, check } satisfies RecommendedCheck;
