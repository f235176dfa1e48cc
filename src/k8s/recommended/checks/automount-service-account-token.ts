// Pods that do not call the Kubernetes API get no API token.
import type { CheckResult } from '../../types.js';
import { isMapping } from '../../workloads.js';
import {
  type CheckContext,
  type CheckMeta,
  finding,
  ofKind,
  type RecommendedCheck,
  sameNamespace,
} from '../check.js';

export const meta: CheckMeta = {
  id: 'automount-service-account-token',
  severity: 'low',
  title: 'Service account token is mounted',
  why: 'Every container gets a token for the Kubernetes API at /var/run/secrets/kubernetes.io/serviceaccount; an attacker in the container uses it to explore or change the cluster with whatever the service account may do.',
  fix: 'Set automountServiceAccountToken: false in the pod spec (or on its ServiceAccount) unless the app calls the Kubernetes API.',
};

function serviceAccountName(spec: Record<string, unknown>): string {
  for (const k of ['serviceAccountName', 'serviceAccount']) {
    if (typeof spec[k] === 'string' && spec[k] !== '') return spec[k] as string;
  }
  return 'default';
}

export function check(ctx: CheckContext): CheckResult[] {
  const w = ctx.workload;
  const v = w.podSpec.automountServiceAccountToken;
  if (v === false) return [];
  if (v === true) {
    return [
      finding(meta, `${w.kind} "${w.name}" mounts its service account token explicitly.`, [
        ...w.podSpecPath,
        'automountServiceAccountToken',
      ]),
    ];
  }
  // Unset in the pod: the ServiceAccount's own setting applies.
  const sa = serviceAccountName(w.podSpec);
  const declared = ofKind(ctx.all, 'ServiceAccount').find(
    (o) => isMapping(o.metadata) && o.metadata.name === sa && sameNamespace(o, w.namespace),
  );
  if (declared && declared.automountServiceAccountToken === false) return [];
  return [finding(meta, `${w.kind} "${w.name}" mounts the token of service account "${sa}".`, w.podSpecPath)];
}

export default { meta, check } satisfies RecommendedCheck;
