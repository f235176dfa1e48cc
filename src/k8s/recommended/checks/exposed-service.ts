// The workload's pods are not exposed outside the cluster without a source restriction.
import type { CheckResult } from '../../types.js';
import { isMapping } from '../../workloads.js';
import { type CheckContext, type CheckMeta, finding, type RecommendedCheck } from '../check.js';
import { labelsPath, selectingServices, serviceName } from '../services.js';

export const meta: CheckMeta = {
  id: 'exposed-service',
  severity: 'low',
  title: 'Pods are exposed outside the cluster',
  why: 'A NodePort Service opens the port on every node, and a LoadBalancer without loadBalancerSourceRanges is open to the whole internet; both bypass the Ingress layer where TLS, authentication and rate limits usually live.',
  fix: 'Use a ClusterIP Service behind an Ingress or Gateway, or set loadBalancerSourceRanges to the clients that need access.',
};

export function check(ctx: CheckContext): CheckResult[] {
  const out: CheckResult[] = [];
  for (const s of selectingServices(ctx)) {
    const spec = isMapping(s.spec) ? s.spec : {};
    const ranges = spec.loadBalancerSourceRanges;
    const restricted = Array.isArray(ranges) && ranges.length > 0;
    if (spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && !restricted)) {
      const how =
        spec.type === 'NodePort' ? 'on every node (NodePort)' : 'through a LoadBalancer open to any source';
      out.push(
        finding(
          meta,
          `Service "${serviceName(s)}" exposes ${ctx.workload.kind} "${ctx.workload.name}" ${how}.`,
          labelsPath(ctx),
        ),
      );
    }
  }
  return out;
}

export default { meta, check } satisfies RecommendedCheck;
