// DL3030: `yum install` without `-y`; a build has no one to answer yum's prompt.

import { cmdHasArgs, commandsOf, hasAnyFlag } from '../rpm-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3030',
    severity: 'warning',
    description: 'Use `yum install -y` so yum does not wait for an answer',
    help:
      'A build runs without a terminal, so when yum asks "Is this ok [y/N]" nobody answers and the install ' +
      'is aborted. Pass `-y` (or `--assumeyes`) to `yum install`, `yum groupinstall` and `yum localinstall`.',
    onbuild: true,
    shell: true,
    commands: ['yum'],
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        const bad = commandsOf(context, instr).some(
          (c) =>
            cmdHasArgs(c, 'yum', ['install', 'groupinstall', 'localinstall']) &&
            !hasAnyFlag(c, ['y', 'assumeyes']),
        );
        if (!bad) return;
        context.report({
          instr,
          message: 'yum install without -y waits for a confirmation no one can give in a build: add -y',
        });
      },
    };
  },
});
