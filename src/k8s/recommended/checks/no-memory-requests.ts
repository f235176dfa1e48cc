// Every container asks for the memory it needs, so scheduling and eviction order are right.
import type { CheckContext, CheckMeta, RecommendedCheck } from '../check.js';
import { checkResource } from '../resources.js';

export const meta: CheckMeta = {
  id: 'no-memory-requests',
  severity: 'low',
  title: 'Container has no memory request',
  why: 'Without a memory request the pod can be placed on a node that cannot hold it, and it is among the first evicted under memory pressure.',
  fix: 'Set resources.requests.memory (for example "128Mi") to the working set of the container.',
};

export function check(ctx: CheckContext) {
  return checkResource(meta, ctx, 'memory', 'requests');
}

export default { meta, check } satisfies RecommendedCheck;
