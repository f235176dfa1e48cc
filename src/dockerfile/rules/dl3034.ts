// DL3034: zypper install/remove/patch without `-n`; zypper would wait for an answer.

import { cmdHasArgs, commandsOf, hasAnyFlag } from '../rpm-util.js';
import { defineRule } from '../rule.js';

const SUBCOMMANDS = ['install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch'];

export default defineRule({
  meta: {
    id: 'DL3034',
    severity: 'warning',
    description: 'Use `zypper -n` (non-interactive) in a build',
    help:
      'A build runs without a terminal, so a zypper prompt is never answered and the build fails or hangs. ' +
      'Pass `-n`/`--non-interactive` (or `-y`/`--no-confirm`) to `zypper install`, `remove`, `patch` and ' +
      '`source-install`: `zypper -n install pkg=1.2`.',
    onbuild: true,
    shell: true,
    commands: ['zypper'],
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        const bad = commandsOf(context, instr).some(
          (c) =>
            cmdHasArgs(c, 'zypper', SUBCOMMANDS) &&
            !hasAnyFlag(c, ['n', 'non-interactive', 'no-confirm', 'y']),
        );
        if (!bad) return;
        context.report({
          instr,
          message:
            'zypper without -n waits for a confirmation no one can give in a build: use `zypper -n ...`',
        });
      },
    };
  },
});
