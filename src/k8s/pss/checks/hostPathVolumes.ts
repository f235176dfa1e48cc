// Baseline: no hostPath volumes.

import { isMapping } from '../../workloads.js';
import { fail, isSet, type PssCheck, type PssPart, quote } from '../check.js';

export const check: PssCheck = {
  id: 'hostPathVolumes',
  level: 'baseline',
  title: 'hostPath volume',
  severity: 'high',
  why: "A hostPath volume exposes the node's filesystem (the container runtime socket, kubelet credentials, /etc) to the pod.",
  fix: 'Replace the hostPath volume with an emptyDir, configMap, secret or persistentVolumeClaim.',
  versions: [0],
  evaluate(pod) {
    const parts: PssPart[] = [];
    const names: string[] = [];
    const volumes = pod.spec.volumes;
    if (Array.isArray(volumes)) {
      volumes.forEach((v, i) => {
        if (!isMapping(v) || !isSet(v.hostPath)) return;
        const name = typeof v.name === 'string' ? v.name : '';
        names.push(name);
        parts.push({ path: ['volumes', i, 'hostPath'], message: `volume ${quote(name)} uses hostPath` });
      });
    }
    if (parts.length === 0) return null;
    return fail(
      'hostPath volumes',
      `${names.length === 1 ? 'volume' : 'volumes'} ${names.map(quote).join(', ')}`,
      parts,
    );
  },
};
