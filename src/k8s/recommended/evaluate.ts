// Runs every `--policy recommended` check on one object of the input.
import type { CheckResult, Json } from '../types.js';
import { workloadOf } from '../workloads.js';
import { RECOMMENDED_CHECKS } from './index.js';

export interface RecommendedInput {
  /** Every object of the input, so checks can read Services, NetworkPolicies, ServiceAccounts and LimitRanges. */
  all: Json[];
}

/** Findings for `obj`, in check-id order; non-workload objects give none. */
export function evaluateRecommended(obj: Json, ctx: RecommendedInput): CheckResult[] {
  const workload = workloadOf(obj);
  if (!workload) return [];
  const out: CheckResult[] = [];
  const context = { obj, workload, all: ctx.all };
  for (const c of RECOMMENDED_CHECKS) for (const r of c.check(context)) out.push(r);
  return out;
}
