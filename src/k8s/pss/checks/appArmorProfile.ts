// Baseline: no Unconfined (or empty) AppArmor profile, in fields or in the beta annotations.
import type { FieldPath } from '../../types.js';
import { fail, isSet, mapping, type PssCheck, type PssContainer, type PssPart, quote } from '../check.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const ALLOWED_TYPES = new Set(['RuntimeDefault', 'Localhost']);

function allowedAnnotation(v: unknown): boolean {
  return typeof v === 'string' && (v === '' || v === 'runtime/default' || v.startsWith('localhost/'));
}

export const check: PssCheck = {
  id: 'appArmorProfile',
  level: 'baseline',
  title: 'AppArmor profile disabled',
  severity: 'medium',
  why: 'An Unconfined AppArmor profile removes the mandatory access control that limits what a compromised process can touch.',
  fix: 'Use appArmorProfile.type RuntimeDefault or Localhost (or the annotation values runtime/default, localhost/<profile>), or leave it unset.',
  versions: [0],
  evaluate(pod) {
    const parts: PssPart[] = [];
    const details: string[] = [];
    // Owner and path are built only for a profile that fails (most pods set none).
    const field = (c: PssContainer | undefined, profile: unknown): void => {
      if (!isSet(profile)) return;
      const type = mapping(profile)?.type;
      if (typeof type === 'string' && ALLOWED_TYPES.has(type)) return;
      const owner = c ? `container ${quote(c.name)}` : 'pod';
      const path: FieldPath = c
        ? [...c.path, 'securityContext', 'appArmorProfile']
        : ['securityContext', 'appArmorProfile'];
      const shown = typeof type === 'string' ? type : '';
      const message = `${owner} must not set securityContext.appArmorProfile.type to ${quote(shown)}`;
      details.push(message);
      parts.push({ path: isSet(mapping(profile)?.type) ? [...path, 'type'] : path, message });
    };
    field(undefined, pod.podSC?.appArmorProfile);
    for (const c of pod.containers) field(c, c.sc?.appArmorProfile);
    const annotations = mapping(pod.meta.annotations);
    if (annotations) {
      for (const [key, value] of Object.entries(annotations)) {
        if (!key.startsWith(ANNOTATION_PREFIX) || allowedAnnotation(value)) continue;
        const message = `${key}=${quote(String(value))}`;
        details.push(message);
        parts.push({ path: ['metadata', 'annotations', key], message: `annotation ${message}` });
      }
    }
    if (parts.length === 0) return null;
    return fail(
      parts.length === 1 ? 'forbidden AppArmor profile' : 'forbidden AppArmor profiles',
      details.join(', '),
      parts,
    );
  },
};
