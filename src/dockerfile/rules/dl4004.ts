// DL4004: more than one ENTRYPOINT in a stage; only the last one takes effect.
import { secondInStage } from '../instruction-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL4004',
    severity: 'error',
    description: 'Multiple ENTRYPOINT instructions found: only the last ENTRYPOINT takes effect',
    help:
      'Each ENTRYPOINT replaces the previous one (and resets CMD), so only the last ENTRYPOINT of a stage is ' +
      'used and the earlier ones are dead code that misleads readers. Keep a single ENTRYPOINT per stage; put ' +
      'setup steps in one entrypoint script that ends with `exec "$@"`.',
    origin: 'hadolint',
  },
  create(context) {
    return secondInStage(
      context,
      'ENTRYPOINT',
      'a second ENTRYPOINT in this stage replaces the first: keep one ENTRYPOINT (use a script for setup steps)',
    );
  },
});
