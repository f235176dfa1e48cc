// DL3060: `yarn install` without `yarn cache clean` after it, in a stage that ships.
import { cmdHasArgs, hasCacheOrTmpfsMount, stageShipped } from '../packages-util.js';
import type { Instruction } from '../parse.js';
import { defineRule } from '../rule.js';
import type { Command, ShellScript } from '../shell.js';

export default defineRule({
  meta: {
    id: 'DL3060',
    severity: 'info',
    description: 'Run yarn cache clean after yarn install',
    help:
      '`yarn install` keeps a copy of every package in its cache directory, and that copy stays in the layer ' +
      'unless the same RUN removes it. End the RUN with `&& yarn cache clean`, or mount a BuildKit cache or tmpfs ' +
      'on the yarn cache (`RUN --mount=type=cache,target=/usr/local/share/.cache/yarn …`). Only stages that end ' +
      'up in an image are checked: the last one, and any stage another FROM builds on.',
    shell: true,
    commands: ['yarn'],
    onbuild: true,
    origin: 'hadolint',
  },
  create(context) {
    const candidates: Instruction[] = [];
    return {
      RUN(instr) {
        const script = context.shell(instr);
        if (!script || !forgotClean(script) || hasCacheOrTmpfsMount(instr, '.cache/yarn')) return;
        candidates.push(instr);
      },
      done() {
        for (const instr of candidates) {
          if (!instr.onbuild && !stageShipped(context.file, instr.stage)) continue;
          context.report({
            instr,
            message:
              'the yarn cache stays in the layer: run `yarn cache clean` after `yarn install` in the same RUN',
            suggestion: 'add `&& yarn cache clean` after the last yarn install of this RUN',
          });
        }
      },
    };
  },
});

const isInstall = (c: Command) => cmdHasArgs(c, 'yarn', ['install']);
const isClean = (c: Command) => cmdHasArgs(c, 'yarn', ['cache', 'clean']);

/** A yarn install with no yarn cache clean after it. */
function forgotClean(script: ShellScript): boolean {
  const cmds = script.commands;
  const last = cmds.findLastIndex(isInstall);
  return last !== -1 && !cmds.slice(last + 1).some(isClean);
}
