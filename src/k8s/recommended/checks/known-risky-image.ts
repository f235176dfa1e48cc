// No well-known attack-path component (Kubernetes Dashboard, Helm v2 Tiller) is deployed.
import type { CheckResult } from '../../types.js';
import {
  type CheckContext,
  type CheckMeta,
  containers,
  finding,
  parseImage,
  type RecommendedCheck,
} from '../check.js';

export const meta: CheckMeta = {
  id: 'known-risky-image',
  severity: 'high',
  title: 'Known risky component is deployed',
  why: 'Helm v2 Tiller serves an unauthenticated gRPC API with cluster-admin rights, and an exposed Kubernetes Dashboard has been the way into many clusters (Tesla, 2018); both are well-known attack paths.',
  fix: 'Remove Tiller (Helm 3 needs no in-cluster component). For the Dashboard, prefer a local client (kubectl, k9s, Headlamp); if it must run, give it a read-only ServiceAccount and expose it only through authenticated access.',
};

/** Repository name (last path segments) to what it is. */
const RISKY: readonly { match: (repo: string) => boolean; what: string }[] = [
  { match: (r) => r.endsWith('/tiller') || r === 'tiller', what: 'Helm v2 Tiller' },
  {
    match: (r) =>
      r.endsWith('/kubernetes-dashboard') ||
      r.endsWith('/kubernetes-dashboard-amd64') ||
      r.startsWith('kubernetesui/dashboard') ||
      r.includes('/kubernetesui/dashboard'),
    what: 'the Kubernetes Dashboard',
  },
];

export function check(ctx: CheckContext): CheckResult[] {
  const out: CheckResult[] = [];
  for (const c of containers(ctx.workload)) {
    if (typeof c.container.image !== 'string') continue;
    const repo = parseImage(c.container.image).repository.toLowerCase();
    const hit = RISKY.find((r) => r.match(repo));
    if (hit)
      out.push(
        finding(
          meta,
          `Container "${c.name}" runs ${hit.what} (${c.container.image}).`,
          [...c.path, 'image'],
          c.name,
        ),
      );
  }
  return out;
}

export default { meta, check } satisfies RecommendedCheck;
