// Restricted (v1.35+): /proc stays masked, even in a user namespace.
import type { PssCheck } from '../check.js';
import { unmaskedProc } from './procmount-util.js';

export const check: PssCheck = {
  id: 'procMount_restricted',
  level: 'restricted',
  title: 'Unmasked /proc',
  severity: 'medium',
  why: 'An Unmasked procMount exposes kernel interfaces under /proc that the runtime normally hides; restricted never allows it.',
  fix: 'Remove securityContext.procMount or set it to Default.',
  versions: [35],
  overrides: [{ id: 'procMount', since: 35 }],
  evaluate: unmaskedProc,
};
