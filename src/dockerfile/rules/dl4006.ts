// DL4006: a RUN with a pipe under a shell without `-o pipefail`; a failing first command goes unnoticed.
import { isPosixShell, shellName } from '../parse.js';
import { scriptOf } from '../rpm-util.js';
import { defineRule } from '../rule.js';
import { parseShell } from '../shell.js';

const PIPEFAIL_SHELLS = new Set(['bash', 'zsh', 'ash']);

export default defineRule({
  meta: {
    id: 'DL4006',
    severity: 'warning',
    description: 'Set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before a RUN with a pipe',
    help:
      'A pipeline returns the status of its last command, so in `RUN curl -f URL | tar x` a failed download ' +
      'still passes and the build continues with a broken result. Before the RUN, write ' +
      '`SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (use /bin/ash on Alpine/busybox images, which have no bash).',
    shell: true,
    origin: 'hadolint',
  },
  create(context) {
    // Per stage: the SHELL in effect has pipefail set, or is not a POSIX shell.
    let exempt = false;
    return {
      FROM() {
        exempt = false;
      },
      SHELL(instr) {
        const words = instr.json ?? instr.words;
        if (words.length > 0 && !isPosixShell(shellName(words))) {
          exempt = true;
          return;
        }
        const script = parseShell(words.join(' '));
        exempt = script.commands.some(
          (c) =>
            PIPEFAIL_SHELLS.has(shellName([c.name])) &&
            c.args.some(
              (a) => a.value.startsWith('-') && !a.value.startsWith('--') && a.value.includes('o'),
            ) &&
            c.args.some((a) => a.value === 'pipefail'),
        );
      },
      RUN(instr) {
        if (exempt || instr.onbuild) return;
        const script = scriptOf(context, instr);
        if (!script?.hasPipe) return;
        context.report({
          instr,
          message:
            'RUN with a pipe only fails when the last command fails: set SHELL ["/bin/bash", "-o", "pipefail", "-c"] before it (/bin/ash on Alpine)',
        });
      },
    };
  },
});
