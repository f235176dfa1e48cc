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
