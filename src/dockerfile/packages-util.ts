// Helpers for the package-manager rules (apt, apk, pip, npm, gem, go, yarn): hadolint's view of a command line,
// RUN --mount checks, stage reuse, and edits that insert text after a word of a RUN script.

import { argsOffset, type DockerfileModel, type Instruction } from './parse.js';
import type { Edit, RuleContext, RuleVisitors } from './rule.js';
import { argValues, type Command, hasArgSequence, type ShellScript, type Word } from './shell.js';

// The command-line helpers live in shell.ts; re-exported here for the package rules.
export {
  argsNoFlags,
  argValues,
  cmdHasArgs,
  countFlag,
  flagParts,
  hasAnyFlag,
  hasArgSequence,
} from './shell.js';

/** `pip install`, `pip3 install`, `python -m pip install` (hadolint: name starts with pip / python). */
export function isPipInstall(cmd: Command): boolean {
  if (cmd.name.startsWith('pip') && argValues(cmd).includes('install')) return true;
  return cmd.name.startsWith('python') && hasArgSequence(cmd, ['-m', 'pip', 'install']);
}

/** pipx and pipenv manage their own caches. */
export function isPipWrapper(cmd: Command): boolean {
  return ['pipx', 'pipenv'].some(
    (w) => cmd.name.includes(w) || (cmd.name.startsWith('python') && hasArgSequence(cmd, ['-m', w])),
  );
}

export interface Mount {
  type: string;
  target: string | null;
}

/** The `--mount=` flags of a RUN (type defaults to bind; target, dst or destination). */
export function mountsOf(instr: Instruction): Mount[] {
  const out: Mount[] = [];
  for (const f of instr.flags) {
    if (f.name !== 'mount' || f.value === null) continue;
    let type = 'bind';
    let target: string | null = null;
    for (const part of f.value.split(',')) {
      const eq = part.indexOf('=');
      const key = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
      const value =
        eq === -1
          ? ''
          : part
              .slice(eq + 1)
              .trim()
              .replace(/^["']|["']$/g, '');
      if (key === 'type') type = value.toLowerCase();
      else if (key === 'target' || key === 'dst' || key === 'destination') target = value;
    }
    out.push({ type, target });
  }
  return out;
}

/** A cache or tmpfs mount whose target contains `fragment` (the layer then keeps nothing there). */
export function hasCacheOrTmpfsMount(instr: Instruction, fragment: string): boolean {
  return mountsOf(instr).some(
    (m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target !== null && m.target.includes(fragment),
  );
}

/**
 * Whether what a stage leaves behind ends up in an image: it is the last stage, or a later (or any) FROM
 * builds on it by name. hadolint only looks at FROM, not at `COPY --from`.
 */
export function stageShipped(file: DockerfileModel, stage: number): boolean {
  if (stage < 0 || stage === file.stages.length - 1) return true;
  const name = file.stages[stage]?.name;
  if (!name) return false;
  return file.stages.some((s) => s.image.toLowerCase() === name);
}

/**
 * File offset of script position `i` (a character index in the RUN's shell script), or null when the script
 * is not a plain copy of the file text (heredoc bodies with tab stripping, or the body part of a mixed RUN).
 */
export function scriptOffset(instr: Instruction, script: ShellScript, i: number): number | null {
  if (instr.heredocs.length === 0) return i <= instr.args.length ? argsOffset(instr, i) : null;
  const first = instr.heredocs[0]!;
  if (
    script.source === first.content &&
    !first.stripTabs &&
    !/\S/.test(instr.args.replace(/<<-?\s*\S+/, ''))
  ) {
    return i <= first.contentEnd - first.contentStart ? first.contentStart + i : null;
  }
  // `RUN cmd <<EOF` : the command line comes first in the script and maps like a plain RUN.
  return script.source.startsWith(instr.args) && i <= instr.args.length ? argsOffset(instr, i) : null;
}

/** An edit inserting ` text` right after the last character of `word`, or null when it cannot be placed. */
export function insertAfter(
  instr: Instruction,
  script: ShellScript,
  word: Word | Command,
  text: string,
): Edit | null {
  if (word.end <= 0) return null;
  const at = scriptOffset(instr, script, word.end - 1);
  if (at === null) return null;
  return { start: at + 1, end: at + 1, text: ` ${text}` };
}

/** The first argument word equal to `value`. */
export function argWord(cmd: Command, value: string): Word | undefined {
  return cmd.args.find((a) => a.value === value);
}

/** Collects one insert per command; returns undefined when any cannot be placed, so the fix stays all-or-nothing. */
export function insertEdits(
  instr: Instruction,
  script: ShellScript,
  targets: { after: Word | undefined; text: string }[],
): Edit[] | undefined {
  const edits: Edit[] = [];
  for (const t of targets) {
    if (!t.after) return undefined;
    const e = insertAfter(instr, script, t.after, t.text);
    if (!e) return undefined;
    edits.push(e);
  }
  return edits.length > 0 ? edits : undefined;
}

/**
 * True when the script's top level is one plain `a && b && c` list of simple commands: nothing nested, no
 * redirections, pipes, `;`, `||` or subshells between them. Then appending `&& x` after any command keeps
 * what the other commands do.
 */
export function isPlainAndList(script: ShellScript): boolean {
  const cmds = script.commands;
  if (cmds.length === 0 || script.hasPipe) return false;
  if (script.source.slice(0, cmds[0]!.start).trim() !== '') return false;
  for (let i = 0; i < cmds.length; i++) {
    const c = cmds[i]!;
    if (c.name === '' || c.redirects.length > 0) return false;
    const next = cmds[i + 1];
    const gap = script.source.slice(c.end, next ? next.start : script.source.length);
    if (next && next.start < c.end) return false;
    if (next ? !/^[ \t]*&&\s*$/.test(gap) : gap.trim() !== '') return false;
  }
  return true;
}

/** hadolint's truthy values for PIP_NO_CACHE_DIR. */
export const TRUTHY = ['1', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'yes', 'Yes', 'YES'];

/**
 * Visitors for the "pin your versions" rules: report a RUN once, naming every package `unpinnedIn` finds in its
 * script, with the rule's own message.
 */
export function reportUnpinned(
  context: RuleContext,
  unpinnedIn: (script: ShellScript) => string[],
  message: (packages: string) => string,
): RuleVisitors {
  return {
    RUN(instr) {
      const script = context.shell(instr);
      if (!script) return;
      const unpinned = unpinnedIn(script);
      if (unpinned.length > 0) context.report({ instr, message: message(unpinned.join(', ')) });
    },
  };
}

/**
 * Reports the commands of a RUN that lack a flag (`apt-get install` without `-y`, ...), with a fix that inserts
 * `flag` after the subcommand word `after` of each such command; a suggestion when the edit cannot be placed.
 */
export function reportMissingFlag(
  context: RuleContext,
  instr: Instruction,
  script: ShellScript,
  lacking: (cmd: Command) => boolean,
  edit: { after: string; flag: string; message: string },
): void {
  const missing = script.commands.filter(lacking);
  if (missing.length === 0) return;
  const fix = insertEdits(
    instr,
    script,
    missing.map((c) => ({ after: argWord(c, edit.after), text: edit.flag })),
  );
  context.report({
    instr,
    message: edit.message,
    ...(fix ? { fix } : { suggestion: `add ${edit.flag} after ${missing[0]!.name} ${edit.after}` }),
  });
}
