// Every container has a CPU ceiling, so one pod cannot starve its neighbours.
import type { CheckContext, CheckMeta, RecommendedCheck } from '../check.js';
import { checkResource } from '../resources.js';

export const meta: CheckMeta = {
  id: 'no-cpu-limits',
  severity: 'low',
  title: 'Container has no CPU limit',
  why: 'A container without a CPU limit can use every idle core of the node; a runaway or compromised process then slows every other pod there (denial of service). CPU is compressible, so this is rated lower than a missing memory limit.',
  fix: 'Set resources.limits.cpu (for example "500m"), or a namespace LimitRange with a default CPU limit.',
};

export function check(ctx: CheckContext) {
  return checkResource(meta, ctx, 'cpu', 'limits');
}

export default { meta, check } satisfies RecommendedCheck;
