// DL3038: `dnf install` / `microdnf install` without `-y`; a build has no one to answer the prompt.

import { cmdHasArgs, commandsOf, hasAnyFlag } from '../rpm-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3038',
    severity: 'warning',
    description: 'Use `dnf install -y` so dnf does not wait for an answer',
    help:
      'A build runs without a terminal, so when dnf asks "Is this ok [y/N]" nobody answers and the install ' +
      'is aborted. Pass `-y` (or `--assumeyes`) to `dnf`/`microdnf` `install`, `groupinstall` and `localinstall`.',
    onbuild: true,
    shell: true,
    commands: ['dnf', 'microdnf'],
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        const bad = commandsOf(context, instr).some(
          (c) =>
            cmdHasArgs(c, ['dnf', 'microdnf'], ['install', 'groupinstall', 'localinstall']) &&
            !hasAnyFlag(c, ['y', 'assumeyes']),
        );
        if (!bad) return;
        context.report({
          instr,
          message: 'dnf install without -y waits for a confirmation no one can give in a build: add -y',
        });
      },
    };
  },
});
