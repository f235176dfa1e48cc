// DL3059: consecutive RUNs that each do one or two things; one RUN makes one layer instead of several.
import { argsOffset, type Instruction } from '../parse.js';
import { scriptOf } from '../rpm-util.js';
import { defineRule, type Edit } from '../rule.js';
import { parseShell, type ShellScript } from '../shell.js';

// Commands whose effect on the shell itself would carry over into the merged RUN, or that end it early.
const STATEFUL = new Set([
  '',
  '.',
  'alias',
  'builtin',
  'cd',
  'declare',
  'eval',
  'exec',
  'exit',
  'export',
  'hash',
  'local',
  'popd',
  'pushd',
  'readonly',
  'return',
  'set',
  'shopt',
  'source',
  'trap',
  'typeset',
  'ulimit',
  'umask',
  'unalias',
  'unset',
  'wait',
]);

interface Chain {
  flags: string;
  count: number;
}

export default defineRule({
  meta: {
    id: 'DL3059',
    severity: 'info',
    description: 'Merge consecutive RUN instructions',
    help:
      'Each RUN adds a layer and a cache step. One-command RUNs in a row are usually one ' +
      'step split up: merging them with `&&` makes fewer layers, lets a clean-up at the end actually shrink the ' +
      'image, and keeps related commands in one cache entry. RUNs with different --mount/--network flags, and ' +
      'RUNs that already chain several commands, are left alone.',
    fixable: true,
    origin: 'hadolint',
  },
  create(context) {
    let chain: Chain | null = null;
    let previous: Instruction | null = null;
    return {
      '*'(instr) {
        if (instr.keyword !== 'RUN') {
          chain = null;
          previous = null;
        }
      },
      RUN(instr) {
        const flags = flagKey(instr);
        const count = countCommands(instr);
        const before = previous;
        previous = instr;
        if (!chain || chain.flags !== flags || count > 2 || chain.count > 2) {
          chain = { flags, count };
          return;
        }
        const fix = before ? mergeFix(before, instr) : null;
        context.report({
          instr,
          message:
            'this RUN follows another one-command RUN: merge them with && into one RUN (one layer, one cache step)',
          ...(fix
            ? { fix }
            : { suggestion: 'merge this RUN into the previous one, joining the commands with &&' }),
        });
      },
    };

    // hadolint sees each simple command twice (once with its redirections, once without), so its "more than two
    // commands" means more than one: `RUN a && b` is a deliberate chain and is never flagged.
    function countCommands(instr: Instruction): number {
      const script = scriptOf(context, instr) ?? parseShell(instr.json ? instr.json.join(' ') : instr.args);
      return script.commands.length * 2;
    }

    function mergeFix(first: Instruction, second: Instruction): Edit[] | null {
      const a = plainScript(first);
      const b = plainScript(second);
      if (!a || !b || !simpleAndList(a) || !simpleAndList(b)) return null;
      const text = context.file.text;
      const from = argsOffset(first, first.args.trimEnd().length - 1) + 1;
      // Only blank space between the two: a comment in between would be lost.
      if (text.slice(from, second.start).trim() !== '') return null;
      return [{ start: from, end: second.argsStart, text: ` && ${context.file.escape}\n    ` }];
    }

    function plainScript(instr: Instruction): ShellScript | null {
      if (instr.json || instr.heredocs.length > 0 || !instr.posixShell || instr.onbuild) return null;
      const script = context.shell(instr);
      if (!script || script.error || script.source !== instr.args) return null;
      return script;
    }
  },
});

function flagKey(instr: Instruction): string {
  if (instr.flags.length === 0) return '';
  return instr.flags
    .map((f) => `${f.name}=${f.value ?? ''}`)
    .sort()
    .join('\n');
}

/** The script is `cmd`, or `cmd && cmd ...` at top level, with no command that changes the shell's own state. */
function simpleAndList(script: ShellScript): boolean {
  const { commands, source } = script;
  if (commands.length === 0) return false;
  let pos = 0;
  for (const [i, cmd] of commands.entries()) {
    if (STATEFUL.has(cmd.name) || cmd.start < pos) return false;
    const gap = source.slice(pos, cmd.start);
    if (i === 0 ? gap.trim() !== '' : !/^\s*&&\s*$/.test(gap)) return false;
    pos = cmd.end;
  }
  return source.slice(pos).trim() === '';
}
