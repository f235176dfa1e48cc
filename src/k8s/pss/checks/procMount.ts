// Baseline: /proc stays masked (from v1.35, anything goes inside a user namespace).
import type { PssCheck } from '../check.js';
import { unmaskedProc } from './procmount-util.js';

export const check: PssCheck = {
  id: 'procMount',
  level: 'baseline',
  title: 'Unmasked /proc',
  severity: 'medium',
  why: 'An Unmasked procMount exposes kernel interfaces under /proc that the runtime normally hides from containers.',
  fix: 'Remove securityContext.procMount or set it to Default (or run the pod with hostUsers: false).',
  versions: [0, 35],
  evaluate(pod) {
    if (pod.minor >= 35 && pod.hostUsersFalse) return null;
    return unmaskedProc(pod);
  },
};
