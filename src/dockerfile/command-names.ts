// The command names of a RUN script, for rules that only look at some programs (apt-get, pip, ...): the engine
// calls such a rule's RUN visitor only when one of the names it declares (`meta.commands`) is in the script.
import { baseName, unwrap } from './seed-util.js';
import type { ShellScript } from './shell.js';

const NONE: ReadonlySet<string> = new Set();

/**
 * Every name a rule may match a command by: the name as written (`/usr/bin/apt-get`), its base name, and the
 * program behind `sudo`/`env`/... (`sudo -E apt-get` gives `sudo` and `apt-get`). Empty without a script.
 */
export function commandNames(script: ShellScript | null): ReadonlySet<string> {
  if (!script || script.commands.length === 0) return NONE;
  const names = new Set<string>();
  for (const cmd of script.commands) {
    names.add(cmd.name);
    names.add(baseName(cmd.name));
    names.add(unwrap(cmd).name);
  }
  return names;
}

/** Whether a set of command names has one a rule declared: exact names, or prefixes written `pip*`. */
export interface CommandFilter {
  matches(names: ReadonlySet<string>): boolean;
}

export function commandFilter(declared: readonly string[]): CommandFilter {
  const exact = declared.filter((d) => !d.endsWith('*'));
  const prefixes = declared.filter((d) => d.endsWith('*')).map((d) => d.slice(0, -1));
  return {
    matches(names) {
      for (let i = 0; i < exact.length; i++) if (names.has(exact[i]!)) return true;
      if (prefixes.length === 0) return false;
      for (const name of names) for (const p of prefixes) if (name.startsWith(p)) return true;
      return false;
    },
  };
}

/**
 * Which of several rules' declarations a script satisfies (1 at the declaration's index), found by looking each
 * command name up once instead of asking every rule: the same answers as `commandFilter(d).matches(commandNames(s))`.
 */
export function commandIndex(
  declared: readonly (readonly string[])[],
): (script: ShellScript | null) => Uint8Array {
  const exact = new Map<string, number[]>();
  const prefixes: { prefix: string; index: number }[] = [];
  for (let i = 0; i < declared.length; i++) {
    for (const d of declared[i]!) {
      if (d.endsWith('*')) prefixes.push({ prefix: d.slice(0, -1), index: i });
      else {
        const list = exact.get(d);
        if (list) list.push(i);
        else exact.set(d, [i]);
      }
    }
  }
  const mark = (name: string, out: Uint8Array) => {
    const list = exact.get(name);
    if (list) for (let k = 0; k < list.length; k++) out[list[k]!] = 1;
    for (let k = 0; k < prefixes.length; k++)
      if (name.startsWith(prefixes[k]!.prefix)) out[prefixes[k]!.index] = 1;
  };
  return (script) => {
    const out = new Uint8Array(declared.length);
    if (!script) return out;
    const { commands } = script;
    for (let c = 0; c < commands.length; c++) {
      const cmd = commands[c]!;
      mark(cmd.name, out);
      const base = baseName(cmd.name);
      if (base !== cmd.name) mark(base, out);
      const inner = unwrap(cmd).name;
      if (inner !== base && inner !== cmd.name) mark(inner, out);
    }
    return out;
  };
}
