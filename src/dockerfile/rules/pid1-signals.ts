// pid1-signals: the container's PID 1 is a shell or a package manager, so SIGTERM never reaches the app.
import { argsOffset, type Instruction } from '../parse.js';
import { defineRule, type Edit } from '../rule.js';
import { baseName, finalChain } from '../seed-util.js';
import { parseShell } from '../shell.js';

const INITS = new Set(['tini', 'tini-static', 'dumb-init', 'catatonit', 'docker-init', 'init']);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);
const RUNNERS = new Set(['npm', 'yarn', 'pnpm']);
const RUNNER_SUBS = new Set(['start', 'run', 'run-script', 'restart', 'test', 'serve']);
// Shell builtins and keywords: exec form has no shell to run them.
const BUILTINS = new Set([
  '.',
  ':',
  'source',
  'cd',
  'exec',
  'eval',
  'export',
  'set',
  'trap',
  'ulimit',
  'umask',
  'wait',
]);

type Verdict =
  | { kind: 'ok' }
  /** The program hands over to its arguments (an init, an entrypoint script that ends in `exec "$@"`). */
  | { kind: 'passthrough' }
  | { kind: 'runner'; what: string }
  | { kind: 'shell'; plain: string[] | null; what: string };

const NPM_SUGGESTION =
  'CMD ["node", "<main file>"] (the file the package.json start script runs), and docker run --init or ENTRYPOINT ["tini", "--"] to reap zombies';

export default defineRule({
  meta: {
    id: 'pid1-signals',
    severity: 'warning',
    description: 'The app does not run as PID 1, so it never receives SIGTERM',
    help:
      'Docker and Kubernetes stop a container by sending SIGTERM to PID 1 and kill it 10-30 seconds later. ' +
      'When PID 1 is `/bin/sh -c` (shell-form CMD/ENTRYPOINT, `sh -c "…"` without `exec`) or `npm start` / ' +
      '`yarn start`, the signal stops there: the app never shuts down gracefully, in-flight requests are ' +
      'cut and every stop takes the full grace period. Use exec form with the real program, ' +
      '`CMD ["node", "server.js"]`; in a wrapper script end with `exec "$@"` or `exec node server.js`; ' +
      'add `--init` (or tini) when the app spawns children, and handle SIGTERM in the app.',
    fixable: true,
    origin: 'shipshape',
  },
  create(context) {
    return {
      done() {
        const chain = finalChain(context.file).reverse();
        let ep: Instruction | null = null;
        let cmd: Instruction | null = null;
        for (const stage of chain) {
          let cmdSet = false;
          for (const instr of stage.instructions) {
            if (instr.keyword === 'CMD') {
              cmd = instr;
              cmdSet = true;
            } else if (instr.keyword === 'ENTRYPOINT') {
              ep = instr;
              // BuildKit: an ENTRYPOINT drops the CMD inherited from before this stage.
              if (!cmdSet) cmd = null;
            }
          }
        }
        const report = (instr: Instruction, verdict: Verdict, fixable: boolean) => {
          if (verdict.kind === 'runner') {
            context.report({
              instr,
              message: `${instr.keyword} starts the app through '${verdict.what}': npm/yarn/pnpm do not pass SIGTERM on reliably and add a process; run the program directly, e.g. CMD ["node", "server.js"]`,
              suggestion: NPM_SUGGESTION,
            });
            return;
          }
          if (verdict.kind !== 'shell') return;
          const fix = fixable && verdict.plain ? execFormEdit(instr, verdict.plain) : null;
          context.report({
            instr,
            message: `${instr.keyword} runs '${verdict.what}' under /bin/sh -c, which stays PID 1 and does not forward SIGTERM to it: use exec form${verdict.plain ? ` ${execForm(verdict.plain)}` : ' or start the command with exec'}`,
            ...(fix
              ? { fix: [fix] }
              : {
                  suggestion: verdict.plain
                    ? `${instr.keyword} ${execForm(verdict.plain)}`
                    : 'prefix the last command with exec',
                }),
          });
        };
        if (ep) {
          if (!ep.posixShell && !ep.json) return;
          const v = ep.json ? argv(ep.json) : script(ep.args);
          if (v.kind !== 'passthrough' || !ep.json) {
            // Exec form ENTRYPOINT gets the CMD appended: converting is only safe when there is none.
            report(ep, v, cmd === null && ep.heredocs.length === 0);
            return;
          }
        }
        if (!cmd || (!cmd.posixShell && !cmd.json)) return;
        const v = cmd.json ? argv(cmd.json) : script(cmd.args);
        report(cmd, v, cmd.heredocs.length === 0);
      },
    };
  },
});

/** What running `words` as a process does with signals. */
function argv(words: readonly string[]): Verdict {
  if (words.length === 0) return { kind: 'ok' };
  const name = baseName(words[0]!);
  if (INITS.has(name)) {
    let i = 1;
    while (i < words.length && words[i]!.startsWith('-')) {
      if (words[i] === '--') {
        i++;
        break;
      }
      if (words[i] === '-e' || words[i] === '-p' || words[i] === '-r' || words[i] === '--rewrite') i++;
      i++;
    }
    const rest = words.slice(i);
    return rest.length === 0 ? { kind: 'passthrough' } : argv(rest);
  }
  if (RUNNERS.has(name) && words[1] !== undefined && RUNNER_SUBS.has(words[1])) {
    return { kind: 'runner', what: words.slice(0, 3).join(' ') };
  }
  if (SHELLS.has(name)) {
    const c = words.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w));
    if (c === -1 || words[c + 1] === undefined) return { kind: 'ok' };
    const v = script(words[c + 1]!);
    // `sh -c 'node app' arg0 args…` passes arguments a plain rewrite would drop.
    if (v.kind === 'shell' && (words.length > c + 2 || c !== 1)) return { ...v, plain: null };
    return v;
  }
  if (name.endsWith('.sh') || name.includes('entrypoint')) return { kind: 'passthrough' };
  return { kind: 'ok' };
}

/** What `/bin/sh -c SCRIPT` does with signals; `plain` when the script is one literal command. */
function script(source: string): Verdict {
  const parsed = parseShell(source);
  if (parsed.error || parsed.commands.length === 0) return { kind: 'ok' };
  const execs = parsed.commands.filter((c) => c.name === 'exec' && c.args.length > 0);
  const last = execs[execs.length - 1];
  if (last) {
    const words = last.args.map((a) => a.value);
    // `exec -a name prog`: skip exec's own options.
    let i = 0;
    while (i < words.length && words[i]!.startsWith('-')) i += words[i] === '-a' ? 2 : 1;
    const rest = words.slice(i);
    const v = last.args.slice(i).every((a) => a.literal) ? argv(rest) : { kind: 'ok' as const };
    return v.kind === 'runner' ? v : { kind: 'ok' };
  }
  const first = parsed.commands[0]!;
  const what = source.trim().length > 60 ? `${source.trim().slice(0, 57)}...` : source.trim();
  if (RUNNERS.has(baseName(first.name)) && RUNNER_SUBS.has(first.args[0]?.value ?? '')) {
    return { kind: 'runner', what: [first.name, ...first.args.slice(0, 2).map((a) => a.value)].join(' ') };
  }
  let plain: string[] | null = null;
  if (
    parsed.commands.length === 1 &&
    !parsed.hasPipe &&
    first.assigns.length === 0 &&
    first.redirects.length === 0 &&
    source.slice(first.start, first.end).trim() === source.trim() &&
    !BUILTINS.has(first.name) &&
    first.name !== '' &&
    first.args.every((a) => a.literal && !/[*?[~]/.test(a.raw)) &&
    !/[*?[~$`]/.test(first.name)
  ) {
    plain = [first.name, ...first.args.map((a) => a.value)];
  }
  return { kind: 'shell', plain, what };
}

function execForm(words: readonly string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

/** Replaces the arguments of CMD/ENTRYPOINT with the exec form of `words`. */
function execFormEdit(instr: Instruction, words: string[]): Edit | null {
  if (instr.onbuild) return null;
  const end = argsOffset(instr, instr.args.trimEnd().length);
  return { start: instr.argsStart, end, text: execForm(words) };
}
