// Every container asks for the CPU it needs, so the scheduler can place it fairly.
import type { CheckContext, CheckMeta, RecommendedCheck } from '../check.js';
import { checkResource } from '../resources.js';

export const meta: CheckMeta = {
  id: 'no-cpu-requests',
  severity: 'low',
  title: 'Container has no CPU request',
  why: 'Without a CPU request the scheduler assumes the container needs nothing: nodes are overcommitted and the pod gets the lowest share under contention (BestEffort QoS when nothing is set).',
  fix: 'Set resources.requests.cpu (for example "100m") to what the container uses at steady state.',
};

export function check(ctx: CheckContext) {
  return checkResource(meta, ctx, 'cpu', 'requests');
}

export default { meta, check } satisfies RecommendedCheck;
