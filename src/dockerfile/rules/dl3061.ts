// DL3061: an instruction before the first FROM other than ARG, which Docker rejects.
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3061',
    severity: 'error',
    description: 'Invalid instruction order: a Dockerfile must begin with FROM, ARG or a comment',
    help:
      'Before the first FROM there is no image to apply instructions to, so Docker accepts only ARG (for ' +
      'values used in FROM lines), comments and parser directives there, and fails on anything else. Move the ' +
      'instruction below the FROM of the stage it belongs to.',
    origin: 'hadolint',
  },
  create(context) {
    return {
      '*'(instr) {
        if (instr.stage >= 0 || instr.onbuild || instr.keyword === 'ARG' || instr.keyword === 'FROM') return;
        context.report({
          instr,
          message: `${instr.keyword} before the first FROM is not allowed (only ARG and comments are): move it below the FROM of its stage`,
        });
      },
    };
  },
});
