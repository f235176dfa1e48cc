// DL3012: more than one HEALTHCHECK in a stage; only the last one takes effect.
import { secondInStage } from '../instruction-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3012',
    severity: 'error',
    description: 'Multiple HEALTHCHECK instructions',
    help:
      'An image has a single health check: each HEALTHCHECK replaces the one before, so only the last in a ' +
      'stage takes effect and the earlier ones mislead readers. Keep one HEALTHCHECK per stage; to check ' +
      'several things, call one script that checks them all (`HEALTHCHECK CMD ["/healthcheck.sh"]`).',
    origin: 'hadolint',
  },
  create(context) {
    return secondInStage(
      context,
      'HEALTHCHECK',
      'a second HEALTHCHECK in this stage replaces the first: keep one (call a script to check several things)',
    );
  },
});
