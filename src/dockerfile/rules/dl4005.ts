// DL4005: RUN ln ... /bin/sh swaps the default shell behind Docker's back; SHELL says it openly.

import { cmdHasArgs, commandsOf } from '../rpm-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL4005',
    severity: 'warning',
    description: 'Use SHELL to change the default shell',
    help:
      'Linking another shell over /bin/sh changes the shell of every later RUN, and of every program in the ' +
      'image that calls /bin/sh, without the Dockerfile saying so. Write `SHELL ["/bin/bash", "-c"]` to change ' +
      'the shell used by RUN, and leave /bin/sh alone.',
    onbuild: true,
    shell: true,
    commands: ['ln'],
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        if (!commandsOf(context, instr).some((c) => cmdHasArgs(c, 'ln', ['/bin/sh']))) return;
        context.report({
          instr,
          message:
            'ln over /bin/sh silently changes the shell for every later RUN: use SHELL ["/bin/bash", "-c"] instead',
        });
      },
    };
  },
});
