// DL3047: wget without a progress option floods the build log with a progress bar line per chunk.
import { argsOffset, type Instruction } from '../parse.js';
import { cmdHasArgs, commandsOf, hasAnyFlag } from '../rpm-util.js';
import { defineRule, type Edit } from '../rule.js';
import type { Command } from '../shell.js';

const PROGRESS = ' --progress=dot:giga';

function quietEnough(cmd: Command): boolean {
  return (
    hasAnyFlag(cmd, ['progress', 'q', 'quiet', 'o', 'output-file', 'a', 'append-output', 'no-verbose']) ||
    cmdHasArgs(cmd, 'wget', ['-nv'])
  );
}

export default defineRule({
  meta: {
    id: 'DL3047',
    severity: 'info',
    description: 'Use `wget --progress=dot:giga` (or -q / -nv) in a build',
    help:
      'Without a terminal, wget prints its progress bar as a new line for every few kilobytes, so one large ' +
      'download can add thousands of lines to the build log and hide the errors around it. Write ' +
      '`wget --progress=dot:giga URL`, or silence it with `-q`/`--quiet` or `-nv`/`--no-verbose`, or send the ' +
      'log elsewhere with `-o`/`-a`.',
    onbuild: true,
    shell: true,
    commands: ['wget'],
    fixable: true,
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        const noisy = commandsOf(context, instr).filter((c) => c.name === 'wget' && !quietEnough(c));
        if (noisy.length === 0) return;
        const message =
          'wget without a progress option fills the build log with progress lines: add --progress=dot:giga (or -q / -nv)';
        const fix = busyboxLikely(instr) ? null : progressFix(instr, noisy);
        context.report({
          instr,
          message,
          ...(fix
            ? { fix }
            : { suggestion: 'add --progress=dot:giga after wget (GNU wget), or -q for busybox wget' }),
        });
      },
    };

    // busybox wget (Alpine, busybox images) does not know --progress: adding it would break the build.
    function busyboxLikely(instr: Instruction): boolean {
      let stage = context.file.stages[instr.stage];
      const seen = new Set<number>();
      while (stage && stage.parent !== null && !seen.has(stage.index)) {
        seen.add(stage.index);
        stage = context.file.stages[stage.parent];
      }
      return !stage || /alpine|busybox|\$/i.test(stage.image);
    }

    function progressFix(instr: Instruction, noisy: Command[]): Edit[] | null {
      const script = context.shell(instr);
      if (!script || instr.heredocs.length > 0 || script.source !== instr.args) return null;
      const edits: Edit[] = [];
      for (const cmd of noisy) {
        const head = script.source.slice(cmd.start, cmd.args[0]?.start ?? cmd.end).trimEnd();
        if (!/(^|\s)wget$/.test(head)) return null;
        const at = argsOffset(instr, cmd.start + head.length - 1) + 1;
        edits.push({ start: at, end: at, text: PROGRESS });
      }
      return edits;
    }
  },
});
