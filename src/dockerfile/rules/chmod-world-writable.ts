// chmod-world-writable: files or directories made writable by every user (chmod 777, o+w, COPY --chmod=666).
import type { Instruction } from '../parse.js';
import { defineRule } from '../rule.js';
import { unwrap } from '../seed-util.js';
import type { Command } from '../shell.js';

/** Whether a chmod mode gives write permission to others (sticky-bit modes such as 1777 excepted). */
export function worldWritable(mode: string): boolean {
  if (/^[0-7]{1,4}$/.test(mode)) {
    const n = Number.parseInt(mode, 8);
    // The sticky bit (1777 on /tmp) lets others create files but not delete each other's.
    return (n & 0o002) !== 0 && (n & 0o1000) === 0;
  }
  let hit = false;
  let sticky = false;
  for (const clause of mode.split(',')) {
    const m = /^([ugoa]*)([-+=][-+=rwxXstugo]*)$/.exec(clause);
    if (!m) return false;
    const who = m[1] === '' ? 'a' : m[1]!;
    // Each operator applies the permissions after it: `o+w`, `a=rwx`, `go-w+x`.
    for (const op of m[2]!.matchAll(/([-+=])([rwxXstugo]*)/g)) {
      if (op[1] === '-') continue;
      if (op[2]!.includes('t')) sticky = true;
      // A bare `+w` follows the umask (022 in builds), so it does not reach others.
      if (op[2]!.includes('w') && (who.includes('o') || (who.includes('a') && m[1] !== ''))) hit = true;
    }
  }
  return hit && !sticky;
}

/** The mode a command sets: `chmod MODE`, `install -m MODE`, `mkdir -m MODE`. */
function modeOf(cmd: Command): string | null {
  const { name, args } = unwrap(cmd);
  if (name === 'chmod') {
    for (const a of args) {
      if (a === '--') continue;
      if (/^--/.test(a) || /^-[RvfcH]+$/.test(a)) continue;
      return a;
    }
    return null;
  }
  if (name === 'install' || name === 'mkdir') {
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-m' || a === '--mode') return args[i + 1] ?? null;
      if (a.startsWith('--mode=')) return a.slice(7);
      if (/^-[A-Za-z]*m./.test(a) && !a.startsWith('--')) return a.slice(a.indexOf('m') + 1);
    }
  }
  return null;
}

export default defineRule({
  meta: {
    id: 'chmod-world-writable',
    severity: 'warning',
    description: 'Files must not be writable by every user',
    help:
      'Mode 777/666 (or `o+w`, `a=rwx`) lets any user in the container, including an attacker who got in ' +
      'through the app, replace the files the app runs or reads: its code, configuration, scripts run by ' +
      'root. Give ownership to the user that needs to write (`COPY --chown=10001:10001`, `chown`) and use ' +
      '755 for directories and programs, 644 for files; for shared scratch directories use the sticky bit ' +
      '(`chmod 1777`).',
    shell: true,
    commands: ['chmod', 'install', 'mkdir'],
    origin: 'shipshape',
  },
  create(context) {
    const copy = (instr: Instruction) => {
      const mode = instr.flags.find((f) => f.name === 'chmod')?.value;
      if (!mode || !worldWritable(mode)) return;
      context.report({
        instr,
        message: `${instr.keyword} --chmod=${mode} makes the files writable by every user: use --chown for the user that writes and a mode like 755 or 644`,
        suggestion: `${instr.keyword} --chown=<uid>:<gid> --chmod=755 …`,
      });
    };
    return {
      COPY: copy,
      ADD: copy,
      RUN(instr) {
        const script = context.shell(instr);
        if (!script) return;
        for (const cmd of script.commands) {
          const mode = modeOf(cmd);
          if (!mode || !worldWritable(mode)) continue;
          context.report({
            instr,
            message: `${unwrap(cmd).name} ${mode} makes files writable by every user: chown them to the user that writes and use 755/644 (or 1777 for a shared scratch directory)`,
            suggestion: 'chown <uid>:<gid> <path> && chmod 755 <path>',
          });
          return;
        }
      },
    };
  },
});
