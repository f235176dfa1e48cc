// DL4003: more than one CMD in a stage; only the last one takes effect.
import { secondInStage } from '../instruction-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL4003',
    severity: 'warning',
    description: 'Multiple CMD instructions found: only the last CMD takes effect',
    help:
      'Each CMD replaces the previous one, so only the last CMD of a stage is used and the others mislead ' +
      'readers about what the container runs. Keep a single CMD; to run several processes, start one script ' +
      'or a process supervisor from it.',
    origin: 'hadolint',
  },
  create(context) {
    return secondInStage(
      context,
      'CMD',
      'a second CMD in this stage replaces the first: keep one CMD (start a script to run several commands)',
    );
  },
});
