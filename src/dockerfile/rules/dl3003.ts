// DL3003: `cd` in RUN; its effect ends with the RUN, WORKDIR sets the directory for what follows.
import { argsOffset, type Instruction } from '../parse.js';
import { defineRule, type Edit } from '../rule.js';
import { caseLike } from '../rule-util.js';
import type { ShellScript } from '../shell.js';

export default defineRule({
  meta: {
    id: 'DL3003',
    severity: 'warning',
    description: 'Use WORKDIR to switch to a directory',
    help:
      'A `cd` inside RUN only lasts until that RUN ends, so a later RUN, COPY or the container itself starts ' +
      'somewhere else (a common cause of "file not found" builds). Write `WORKDIR /dir` instead: it also ' +
      'creates the directory and shows in the image config.',
    shell: true,
    commands: ['cd'],
    fixable: true,
    origin: 'hadolint',
  },
  create(context) {
    // The last absolute WORKDIR of each stage, to restore after moving a leading `cd` out of a RUN.
    const workdirs = new Map<number, string>();
    return {
      WORKDIR(instr) {
        const dir = instr.words[0];
        if (dir?.startsWith('/')) workdirs.set(instr.stage, dir);
      },
      RUN(instr) {
        const script = context.shell(instr);
        if (!script?.commands.some((c) => c.name === 'cd')) return;
        const fix = leadingCdFix(
          context.file.text,
          instr,
          script,
          workdirs.get(instr.stage) ?? inherited(instr),
        );
        context.report({
          instr,
          message: 'cd in RUN only lasts for this RUN: use WORKDIR to switch to a directory',
          ...(fix ?? {
            suggestion:
              'replace the cd with a WORKDIR instruction before this RUN (and restore it after if needed)',
          }),
        });
      },
    };

    function inherited(instr: Instruction): string | undefined {
      let stage = context.file.stages[instr.stage];
      while (stage && stage.parent !== null) {
        const dir = workdirs.get(stage.parent);
        if (dir) return dir;
        stage = context.file.stages[stage.parent];
      }
      // FROM scratch starts at /; an external base image may have set its own WORKDIR.
      return stage?.image.toLowerCase() === 'scratch' ? '/' : undefined;
    }
  },
});

/**
 * `RUN cd DIR` alone becomes `WORKDIR DIR` (the RUN did nothing; the directory change is what was meant).
 * `RUN cd DIR && rest` becomes `WORKDIR DIR`, `RUN rest`, and `WORKDIR <previous>` when the previous directory
 * is known; otherwise only a suggestion, since later instructions would run in DIR.
 */
function leadingCdFix(
  text: string,
  instr: Instruction,
  script: ShellScript,
  previous: string | undefined,
): { fix: Edit[]; suggestion?: string } | null {
  if (instr.json || instr.heredocs.length > 0 || instr.onbuild) return null;
  const [cd, next] = script.commands;
  if (cd?.name !== 'cd' || cd.args.length !== 1 || !cd.args[0]!.literal) return null;
  if (script.source.slice(0, cd.start).trim() !== '' || cd.assigns.length > 0 || cd.redirects.length > 0)
    return null;
  const dir = cd.args[0]!.value;
  if (dir === '-' || dir === '' || /\s/.test(dir)) return null;
  const kw = text.slice(instr.keywordEnd - instr.keyword.length, instr.keywordEnd);
  const workdir = `${caseLike(kw, 'WORKDIR')} ${dir}`;
  const after = script.source.slice(cd.end);
  if (after.trim() === '') {
    if (instr.flags.length > 0) return null;
    return { fix: [{ start: instr.start, end: instr.end, text: workdir }] };
  }
  if (!next || !/^\s*&&\s*$/.test(script.source.slice(cd.end, next.start))) return null;
  if (previous === undefined) return null;
  return {
    fix: [
      { start: instr.start, end: instr.start, text: `${workdir}\n` },
      { start: argsOffset(instr, cd.start), end: argsOffset(instr, next.start), text: '' },
      { start: instr.end, end: instr.end, text: `\n${caseLike(kw, 'WORKDIR')} ${previous}` },
    ],
  };
}
