// Baseline: no sharing of the host's network, PID or IPC namespaces.
import { fail, type PssCheck, type PssPart } from '../check.js';

const FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

export const check: PssCheck = {
  id: 'hostNamespaces',
  level: 'baseline',
  title: 'Host namespaces shared',
  severity: 'high',
  why: "Sharing the host's network, PID or IPC namespace lets the pod see and reach host processes, traffic and shared memory.",
  fix: 'Remove spec.hostNetwork, spec.hostPID and spec.hostIPC or set them to false.',
  versions: [0],
  evaluate(pod) {
    const parts: PssPart[] = [];
    for (const f of FIELDS) {
      if (pod.spec[f] === true) parts.push({ path: [f], message: `${f}=true` });
    }
    if (parts.length === 0) return null;
    return fail('host namespaces', parts.map((p) => p.message).join(', '), parts);
  },
};
