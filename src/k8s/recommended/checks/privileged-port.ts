// Containers listen on unprivileged ports (1024 and up).
import type { CheckResult } from '../../types.js';
import { type CheckContext, type CheckMeta, finding, type RecommendedCheck } from '../check.js';
import { containerPorts } from '../services.js';

export const meta: CheckMeta = {
  id: 'privileged-port',
  severity: 'low',
  title: 'Container listens on a privileged port',
  why: 'Binding a port below 1024 needs root or NET_BIND_SERVICE, which usually means the process runs with more privilege than it needs; a Service can map any port to an unprivileged container port instead.',
  fix: 'Listen on a port of 1024 or more (8080 instead of 80) and map it in the Service (port: 80, targetPort: 8080).',
};

export function check(ctx: CheckContext): CheckResult[] {
  return (
    containerPorts(ctx)
      // Port 22 has its own, louder check.
      .filter((p) => p.number > 0 && p.number < 1024 && p.number !== 22)
      .map((p) =>
        finding(
          meta,
          `Container "${p.container}" declares privileged port ${p.number}.`,
          p.path,
          p.container,
        ),
      )
  );
}

export default { meta, check } satisfies RecommendedCheck;
