// Containers do not run an SSH server.
import type { CheckResult } from '../../types.js';
import { type CheckContext, type CheckMeta, finding, type RecommendedCheck } from '../check.js';
import { containerPorts } from '../services.js';

export const meta: CheckMeta = {
  id: 'ssh-port',
  severity: 'medium',
  title: 'Container exposes SSH (port 22)',
  why: 'An SSH server in a container is a second way in that bypasses Kubernetes RBAC and audit logging, and its keys and passwords are rarely rotated.',
  fix: 'Remove the SSH server and port; use `kubectl exec` or `kubectl debug`, which RBAC controls and the API server audits.',
};

export function check(ctx: CheckContext): CheckResult[] {
  return containerPorts(ctx)
    .filter((p) => p.number === 22)
    .map((p) => finding(meta, `Container "${p.container}" declares port 22 (SSH).`, p.path, p.container));
}

export default { meta, check } satisfies RecommendedCheck;
