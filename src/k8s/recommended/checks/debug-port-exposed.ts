// No Service sends traffic to a remote debugger port of the workload's pods.
import type { CheckResult } from '../../types.js';
import { type CheckContext, type CheckMeta, finding, type RecommendedCheck } from '../check.js';
import {
  containerPorts,
  DEBUG_PORTS,
  labelsPath,
  selectingServices,
  serviceName,
  targetPorts,
} from '../services.js';

export const meta: CheckMeta = {
  id: 'debug-port-exposed',
  severity: 'high',
  title: 'A Service exposes a debugger port',
  why: 'A remote debugger (Node inspector, JDWP, Delve, debugpy) runs arbitrary code for whoever connects, without authentication; a Service makes it reachable from the whole cluster, or beyond for NodePort and LoadBalancer.',
  fix: 'Remove the debugger port from the Service (and the debug flag, such as --inspect, from the production image); use `kubectl port-forward` when you need to debug.',
};

export function check(ctx: CheckContext): CheckResult[] {
  const ports = containerPorts(ctx);
  const out: CheckResult[] = [];
  for (const s of selectingServices(ctx)) {
    for (const { service, target } of targetPorts(s, ports)) {
      const tool = DEBUG_PORTS.get(target);
      if (!tool) continue;
      const cp = ports.find((p) => p.number === target);
      out.push(
        finding(
          meta,
          `Service "${serviceName(s)}" forwards port ${service} to ${target} (${tool}) of ${ctx.workload.kind} "${ctx.workload.name}".`,
          cp ? cp.path : labelsPath(ctx),
          cp?.container,
        ),
      );
    }
  }
  return out;
}

export default { meta, check } satisfies RecommendedCheck;
