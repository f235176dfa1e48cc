// A probe's port is one the container declares, so a typo does not fail the probe for ever.
import type { CheckResult } from '../../types.js';
import { isMapping } from '../../workloads.js';
import { type CheckContext, type CheckMeta, containers, finding, type RecommendedCheck } from '../check.js';

export const meta: CheckMeta = {
  id: 'probe-port-not-declared',
  severity: 'medium',
  title: 'Probe targets a port the container does not declare',
  why: 'A probe on a port nothing listens on fails every time: a liveness probe then restarts the container in a loop, and a readiness or startup probe keeps it out of service for ever.',
  fix: "Point the probe at one of the container's declared ports (by number or by name), or declare the port.",
};

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

export function check(ctx: CheckContext): CheckResult[] {
  const out: CheckResult[] = [];
  for (const c of containers(ctx.workload)) {
    // The declared ports, gathered only for a container with a probe on a port.
    let declared: { count: number; numbers: Set<number>; names: Set<string> } | undefined;
    for (const probe of PROBES) {
      const p = c.container[probe];
      if (!isMapping(p)) continue;
      for (const h of HANDLERS) {
        const handler = p[h];
        if (!isMapping(handler) || handler.port === undefined || handler.port === null) continue;
        const port = handler.port;
        if (!declared) {
          const ports = Array.isArray(c.container.ports) ? c.container.ports.filter(isMapping) : [];
          declared = {
            count: ports.length,
            numbers: new Set(ports.map((p) => Number(p.containerPort))),
            names: new Set(ports.map((p) => p.name).filter((n): n is string => typeof n === 'string')),
          };
        }
        const { count, numbers, names } = declared;
        const path = [...c.path, probe, h, 'port'];
        const isNumber = typeof port === 'number' || (typeof port === 'string' && /^[0-9]+$/.test(port));
        // A named port must resolve; a number only matters when the container lists its ports at all.
        if (!isNumber && !names.has(String(port))) {
          out.push(
            finding(
              meta,
              `Container "${c.name}" ${probe} uses port name "${String(port)}", which is not declared.`,
              path,
              c.name,
            ),
          );
        } else if (isNumber && count > 0 && !numbers.has(Number(port))) {
          out.push(
            finding(
              meta,
              `Container "${c.name}" ${probe} uses port ${String(port)}, which is not among its declared ports.`,
              path,
              c.name,
            ),
          );
        }
      }
    }
  }
  return out;
}

export default { meta, check } satisfies RecommendedCheck;
