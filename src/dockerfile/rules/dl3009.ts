// DL3009: `apt-get update` without removing /var/lib/apt/lists in the same RUN, in a stage that ships.
import {
  cmdHasArgs,
  hasCacheOrTmpfsMount,
  insertAfter,
  isPlainAndList,
  stageShipped,
} from '../packages-util.js';
import type { Instruction } from '../parse.js';
import { defineRule, type Edit } from '../rule.js';
import type { ShellScript } from '../shell.js';

const APT = ['apt-get', 'apt', 'aptitude'];
const CLEANUP = 'rm -rf /var/lib/apt/lists/*';

export default defineRule({
  meta: {
    id: 'DL3009',
    severity: 'info',
    description: 'Delete the apt lists after installing something',
    help:
      '`apt-get update` downloads package lists (tens of megabytes) into /var/lib/apt/lists, and they stay in the ' +
      'layer unless the same RUN deletes them: a later `RUN rm` only hides them. End the RUN with ' +
      '`&& rm -rf /var/lib/apt/lists/*`, or mount a BuildKit cache or tmpfs on /var/lib/apt/lists. Only stages ' +
      'that end up in an image are checked: the last one, and any stage another FROM builds on.',
    shell: true,
    commands: APT,
    onbuild: true,
    fixable: true,
    origin: 'hadolint',
  },
  create(context) {
    // A rule cannot look ahead: remember the RUNs and decide in done(), once every FROM is known.
    const candidates: { instr: Instruction; fix: Edit[] | null }[] = [];
    return {
      RUN(instr) {
        const script = context.shell(instr);
        if (!script || !forgotCleanup(script)) return;
        if (hasCacheOrTmpfsMount(instr, '/var/lib/apt/lists')) return;
        if (hasCacheOrTmpfsMount(instr, '/var/lib/apt') && hasCacheOrTmpfsMount(instr, '/var/cache/apt'))
          return;
        candidates.push({ instr, fix: cleanupFix(instr, script) });
      },
      done() {
        for (const { instr, fix } of candidates) {
          // An ONBUILD trigger runs in whatever image builds FROM this one: it always ships.
          if (!instr.onbuild && !stageShipped(context.file, instr.stage)) continue;
          context.report({
            instr,
            message:
              'apt lists from apt-get update stay in the layer: end this RUN with `&& rm -rf /var/lib/apt/lists/*`',
            ...(fix
              ? { fix }
              : { suggestion: `add \`&& ${CLEANUP}\` after the last apt-get command of this RUN` }),
          });
        }
      },
    };
  },
});

function forgotCleanup(script: ShellScript): boolean {
  const update = script.commands.some((c) => cmdHasArgs(c, APT, ['update']));
  // hadolint accepts any rm with `-rf` or with the lists glob.
  const cleanup = script.commands.some((c) => cmdHasArgs(c, 'rm', ['-rf', '/var/lib/apt/lists/*']));
  return update && !cleanup;
}

/** Appends the cleanup after the last apt command, when the script is one plain `&&` list. */
function cleanupFix(instr: Instruction, script: ShellScript): Edit[] | null {
  if (!isPlainAndList(script)) return null;
  const last = script.commands.filter((c) => APT.includes(c.name)).at(-1);
  if (!last) return null;
  const edit = insertAfter(instr, script, last, `&& ${CLEANUP}`);
  return edit ? [edit] : null;
}
