// The command names of a RUN script, for rules that only look at some programs (apt-get, pip, ...): the engine
// calls such a rule's RUN visitor only when one of the names it declares (`meta.commands`) is in the script.
import { baseName, unwrap } from './seed-util.js';
import type { ShellScript } from './shell.js';

/**
 * Which of several rules' declarations a script satisfies (1 at the declaration's index), found by looking each
 * command name up once instead of asking every rule: the same answers as asking each declaration in turn
 * (command-names.test.ts holds that plain reading and compares the two).
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
