// curl-pipe-shell: a downloaded script runs unverified (`curl … | sh`, `bash <(curl …)`, `sh -c "$(curl …)"`).
import { defineRule } from '../rule.js';
import { unwrap } from '../seed-util.js';
import type { Command, ShellScript } from '../shell.js';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'fish']);
const INTERPRETERS = new Set(['python', 'python2', 'python3', 'perl', 'ruby', 'node', 'php']);

/** A curl/wget that writes the download to stdout. */
export function downloadsToStdout(cmd: Command): boolean {
  const { name, args } = unwrap(cmd);
  if (name === 'curl') {
    return !args.some(
      (a) =>
        a === '-o' ||
        a === '-O' ||
        a.startsWith('--output') ||
        a.startsWith('--remote-name') ||
        (/^-[A-Za-z]+$/.test(a) && /[oO]/.test(a)),
    );
  }
  if (name === 'wget') {
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--output-document=-' || a === '--output-document=/dev/stdout') return true;
      if (a === '--output-document') return args[i + 1] === '-' || args[i + 1] === '/dev/stdout';
      const m = /^-[A-Za-z]*O([\s\S]*)$/.exec(a);
      if (m && !a.startsWith('--')) {
        const v = m[1] !== '' ? m[1] : args[i + 1];
        return v === '-' || v === '/dev/stdout';
      }
    }
  }
  return false;
}

/** A shell or interpreter that runs what arrives on stdin. */
function runsStdin(cmd: Command): boolean {
  const { name, args } = unwrap(cmd);
  const base = name.replace(/(?<![0-9.])[0-9.]+$/, '') || name;
  if (!SHELLS.has(name) && !INTERPRETERS.has(name) && !INTERPRETERS.has(base)) return false;
  if (args.some((a) => /^-[A-Za-z]*c[A-Za-z]*$/.test(a) || a === '-e' || a === '-m')) return false;
  const i = args.findIndex((a) => !a.startsWith('-') || a === '-');
  // `bash -s -- args` and `bash -` read the script from stdin; `bash file.sh` does not.
  return i === -1 || args[i] === '-' || args.slice(0, i).includes('-s') || args.slice(0, i).includes('--');
}

function isShellLike(cmd: Command): boolean {
  const { name } = unwrap(cmd);
  return (
    SHELLS.has(name) ||
    INTERPRETERS.has(name.replace(/(?<![0-9.])[0-9.]+$/, '')) ||
    name === 'eval' ||
    name === 'source' ||
    name === '.'
  );
}

/**
 * Whether the text between two commands is a pipe, after the left command's redirections (`2>/dev/null |`).
 * Read from the source: the commands' `piped` flag is not reliable.
 */
function pipeBetween(between: string): boolean {
  const m = /\|&?\s*$/.exec(between);
  if (!m) return false;
  const before = between.slice(0, m.index).trim();
  if (before === '') return true;
  let needTarget = false;
  for (const token of before.split(/\s+/)) {
    if (needTarget) {
      needTarget = false;
      continue;
    }
    const op = /^\d*(?:&>>?|>>?&?|<&?|>\|)/.exec(token);
    if (!op) return false;
    needTarget = op[0].length === token.length;
  }
  return !needTarget;
}

/** How the script pipes a download into a shell, or null. */
export function pipeToShell(script: ShellScript): string | null {
  const cmds = script.commands;
  for (let k = 0; k < cmds.length; k++) {
    const cmd = cmds[k]!;
    if (!isShellLike(cmd)) continue;
    // `curl … | [tee …|] sh`: walk back over the pipeline.
    if (runsStdin(cmd)) {
      let j = k - 1;
      let right = cmd;
      while (j >= 0) {
        const left = cmds[j]!;
        if (!pipeBetween(script.source.slice(left.end, right.start))) break;
        if (downloadsToStdout(left)) return `${unwrap(left).name} … | ${unwrap(cmd).name}`;
        right = left;
        j--;
      }
    }
    // `bash <(curl …)`, `sh -c "$(curl …)"`, `eval "$(wget -qO- …)"`, `source <(curl …)`.
    for (const arg of cmd.args) {
      if (arg.literal || !/^["']?(?:<\(|\$\(|`)/.test(arg.raw)) continue;
      const inner = cmds.find(
        (c) => c !== cmd && c.start >= arg.start && c.end <= arg.end && downloadsToStdout(c),
      );
      if (inner)
        return `${unwrap(cmd).name} ${arg.raw.startsWith('<(') ? '<(' : '"$('}${unwrap(inner).name} …)`;
    }
  }
  return null;
}

export default defineRule({
  meta: {
    id: 'curl-pipe-shell',
    severity: 'warning',
    description: 'A downloaded script is run without verifying it',
    help:
      'Piping a download straight into a shell (`curl … | sh`, `bash <(curl …)`, `sh -c "$(curl …)"`) runs ' +
      'whatever the server, a proxy or an attacker who took over the domain sends at build time, with no ' +
      'record of what ran, and a dropped connection can run half a script. Download to a file, verify it ' +
      'against a pinned checksum or signature, then run it: `curl -fsSLo install.sh URL && echo "<sha256>  ' +
      'install.sh" | sha256sum -c - && sh install.sh`; better, install from a package manager or ' +
      '`COPY --from` an official image.',
    shell: true,
    commands: ['curl', 'wget'],
    origin: 'shipshape',
  },
  create(context) {
    return {
      RUN(instr) {
        const script = context.shell(instr);
        if (!script) return;
        const how = pipeToShell(script);
        if (!how) return;
        context.report({
          instr,
          message: `'${how}' runs a downloaded script unverified: download it to a file, check its sha256 against a pinned value, then run it`,
          suggestion:
            'curl -fsSLo /tmp/install.sh <url> && echo "<sha256>  /tmp/install.sh" | sha256sum -c - && sh /tmp/install.sh',
        });
      },
    };
  },
});
