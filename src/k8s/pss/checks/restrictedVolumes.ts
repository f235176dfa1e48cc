// Restricted: only volume types that cannot reach the node or outside storage directly.

import { isMapping } from '../../workloads.js';
import { fail, isSet, type PssCheck, type PssPart, quote } from '../check.js';

export const ALLOWED_VOLUME_SOURCES: readonly string[] = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

export const check: PssCheck = {
  id: 'restrictedVolumes',
  level: 'restricted',
  title: 'Restricted volume type',
  severity: 'medium',
  why: 'Volume types such as hostPath, nfs or iscsi reach node paths or storage directly, outside the control of PersistentVolume admins.',
  fix: 'Use configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret volumes.',
  versions: [0],
  overrides: [{ id: 'hostPathVolumes', since: 0 }],
  evaluate(pod) {
    const parts: PssPart[] = [];
    const volumes = pod.spec.volumes;
    if (Array.isArray(volumes)) {
      volumes.forEach((v, i) => {
        if (!isMapping(v)) return;
        if (ALLOWED_VOLUME_SOURCES.some((k) => isSet(v[k]))) return;
        // A volume with no source at all is defaulted to emptyDir by the API server, so it passes.
        const source = Object.keys(v).find((k) => k !== 'name' && isSet(v[k]));
        if (source === undefined) return;
        const name = typeof v.name === 'string' ? v.name : '';
        parts.push({
          path: ['volumes', i, source],
          message: `volume ${quote(name)} uses restricted volume type ${quote(source)}`,
        });
      });
    }
    if (parts.length === 0) return null;
    return fail('restricted volume types', parts.map((p) => p.message).join(', '), parts);
  },
};
