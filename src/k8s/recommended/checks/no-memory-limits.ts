// Every container has a memory ceiling, so a leak kills only itself.
import type { CheckContext, CheckMeta, RecommendedCheck } from '../check.js';
import { checkResource } from '../resources.js';

export const meta: CheckMeta = {
  id: 'no-memory-limits',
  severity: 'medium',
  title: 'Container has no memory limit',
  why: 'Memory is not compressible: a container without a limit that leaks or is attacked exhausts the node, and the kernel OOM killer then picks neighbouring pods too.',
  fix: 'Set resources.limits.memory (for example "256Mi"), or a namespace LimitRange with a default memory limit.',
};

export function check(ctx: CheckContext) {
  return checkResource(meta, ctx, 'memory', 'limits');
}

export default { meta, check } satisfies RecommendedCheck;
