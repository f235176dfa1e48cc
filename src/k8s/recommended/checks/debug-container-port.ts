// Containers do not declare a remote debugger port.
import type { CheckResult } from '../../types.js';
import { type CheckContext, type CheckMeta, finding, type RecommendedCheck } from '../check.js';
import { containerPorts, DEBUG_PORTS, selectingServices, targetPorts } from '../services.js';

export const meta: CheckMeta = {
  id: 'debug-container-port',
  severity: 'low',
  title: 'Container declares a debugger port',
  why: 'A declared debugger port (9229 Node inspector, 5005 JDWP, 2345 Delve, 5678 debugpy ...) usually means the process runs with its debugger on; without a NetworkPolicy any pod in the cluster can reach it and run code in this one.',
  fix: 'Start the process without its debugger in deployed images and remove the port; use `kubectl port-forward` with a debug build when needed.',
};

export function check(ctx: CheckContext): CheckResult[] {
  const ports = containerPorts(ctx);
  if (!ports.some((p) => DEBUG_PORTS.has(p.number))) return [];
  // Ports a Service already exposes are reported by debug-port-exposed, at high severity.
  const exposed = new Set(selectingServices(ctx).flatMap((s) => targetPorts(s, ports).map((t) => t.target)));
  return ports
    .filter((p) => DEBUG_PORTS.has(p.number) && !exposed.has(p.number))
    .map((p) =>
      finding(
        meta,
        `Container "${p.container}" declares port ${p.number} (${DEBUG_PORTS.get(p.number)}).`,
        p.path,
        p.container,
      ),
    );
}

export default { meta, check } satisfies RecommendedCheck;
