// DL3014: `apt-get install` without `-y`; the build has no terminal to answer apt's prompt.
import { argValues, cmdHasArgs, countFlag, hasAnyFlag, reportMissingFlag } from '../packages-util.js';
import { defineRule } from '../rule.js';
import type { Command } from '../shell.js';

export default defineRule({
  meta: {
    id: 'DL3014',
    severity: 'warning',
    description: 'Use the -y switch with apt-get install',
    help:
      'A build has no one to answer "Do you want to continue? [Y/n]": apt-get reads end of input and aborts the ' +
      'install, so the RUN fails as soon as a package pulls in a dependency. Write `apt-get install -y …` ' +
      '(`--yes`, `--assume-yes` and `-qq` also answer yes).',
    shell: true,
    commands: ['apt-get'],
    onbuild: true,
    fixable: true,
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        const script = context.shell(instr);
        if (!script) return;
        reportMissingFlag(
          context,
          instr,
          script,
          (c) => cmdHasArgs(c, 'apt-get', ['install']) && !assumesYes(c),
          {
            after: 'install',
            flag: '-y',
            message:
              'apt-get install without -y stops at its confirmation prompt: write `apt-get install -y`',
          },
        );
      },
    };
  },
});

/** `-y`, `--yes`, `--assume-yes`, `--qq`, exactly two `-q` (or `--quiet`), or `-q=2` (quiet level 2 implies yes). */
function assumesYes(cmd: Command): boolean {
  return (
    hasAnyFlag(cmd, ['y', 'yes', 'qq', 'assume-yes']) ||
    countFlag(cmd, 'q') === 2 ||
    countFlag(cmd, 'quiet') === 2 ||
    argValues(cmd).includes('-q=2')
  );
}
