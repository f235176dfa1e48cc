// Helpers shared by the rpm-family package rules (yum, dnf, zypper) and the other shell rules: hadolint's view
// of a command line (sub-command words, flags, flag values), exec-form RUN scripts, cache mounts, ENV/ARG scope.
import type { Instruction } from './parse.js';
import type { RuleContext, RuleVisitors } from './rule.js';
import { type Command, cmdHasArgs, type ShellScript } from './shell.js';

/**
 * The script of a RUN as hadolint checks it (shellOf sees an exec form as its words joined by spaces). Null for
 * other instructions and for non-POSIX shells.
 */
export function scriptOf(context: RuleContext, instr: Instruction): ShellScript | null {
  return instr.keyword === 'RUN' ? context.shell(instr) : null;
}

/** The simple commands of a RUN (see `scriptOf`); empty when there is no script. */
export function commandsOf(context: RuleContext, instr: Instruction): Command[] {
  return scriptOf(context, instr)?.commands ?? [];
}

// The command-line helpers live in shell.ts; re-exported here for the rpm-family rules.
export { cmdHasArgs, hasAnyFlag } from './shell.js';

function isFlagWord(v: string): boolean {
  return v.startsWith('-') && v !== '-' && v !== '--';
}

/** Words that are not flags (a flag's value, as in `-t foo`, is kept, like hadolint's getArgsNoFlags). */
export function wordsNoFlags(cmd: Command): string[] {
  return cmd.args.map((a) => a.value).filter((v) => !isFlagWord(v));
}

/** Values given to a one-letter flag as the next word: `useradd -u 12345` gives ['12345'] for `u`. */
export function flagValues(cmd: Command, flag: string): string[] {
  const out: string[] = [];
  cmd.args.forEach((a, i) => {
    const v = a.value;
    if (!isFlagWord(v) || v.startsWith('--') || !v.slice(1).includes(flag)) return;
    const next = cmd.args[i + 1];
    if (next) out.push(next.value);
  });
  return out;
}

/** The RUN has a `--mount=type=cache` or `type=tmpfs` whose target ends with `path`. */
export function hasCacheMount(instr: Instruction, path: string): boolean {
  const want = path.replace(/(?<!\/)\/+$/, '');
  for (const f of instr.flags) {
    if (f.name !== 'mount' || !f.value) continue;
    const opts = new Map<string, string>();
    for (const part of f.value.split(',')) {
      const eq = part.indexOf('=');
      if (eq !== -1) opts.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
    }
    const type = opts.get('type');
    if (type !== 'cache' && type !== 'tmpfs') continue;
    const target = (opts.get('target') ?? opts.get('dst') ?? opts.get('destination') ?? '')
      .replace(/^["']|["']$/g, '')
      .replace(/(?<!\/)\/+$/, '');
    if (target === want || target.endsWith(want.startsWith('/') ? want : `/${want}`)) return true;
  }
  return false;
}

/** An `rm` of one of the cache folders: `rm -rf /var/cache/yum/*`. */
export function removesCache(cmd: Command, folders: readonly string[]): boolean {
  return (
    cmd.name === 'rm' &&
    cmd.args.some((a) => folders.some((d) => a.value === d || a.value.startsWith(`${d}/`)))
  );
}

/**
 * Whether every install command is followed by a clean-up command. `strict` asks, as hadolint's DL3040 does,
 * that no clean-up comes before an install (a clean-up, then an install, then a clean-up is flagged).
 */
export function cleanedAfterInstall(
  commands: readonly Command[],
  isInstall: (c: Command) => boolean,
  isClean: (c: Command) => boolean,
  strict = false,
): boolean {
  let lastInstall = -1;
  let firstClean = -1;
  let lastClean = -1;
  commands.forEach((c, i) => {
    if (isInstall(c)) lastInstall = i;
    else if (isClean(c)) {
      if (firstClean === -1) firstClean = i;
      lastClean = i;
    }
  });
  if (lastInstall === -1) return true;
  return strict ? firstClean > lastInstall : lastClean > lastInstall;
}

// ---- package versions of yum and dnf (DL3033, DL3041) ----

const VERSION_PART = /^[0-9A-Za-z.~^_:+]*$/;

/**
 * `name-version` with an rpm version (letters, digits and `.~^_:+`, one part starting with a digit), an `.rpm`
 * file, or a `name-${VAR}` whose variable an ENV or ARG in scope defines.
 */
export function rpmVersionPinned(pkg: string, definedVars: ReadonlySet<string>): boolean {
  const parts = pkg.split('-');
  if (parts.length <= 1) return false;
  if (pkg.endsWith('.rpm')) return true;
  if (pkg.includes('$')) return [...definedVars].some((v) => pkg.includes(`\${${v}}`));
  const rest = parts.slice(1);
  return rest.every((p) => VERSION_PART.test(p)) && rest.some((p) => /^[0-9]/.test(p));
}

/** Package words of `<names> install` commands (modules and groups excluded), and module words of `module install`. */
export function installWords(
  commands: readonly Command[],
  names: readonly string[],
  notPackages: readonly string[],
): { packages: string[]; modules: string[] } {
  const packages: string[] = [];
  const modules: string[] = [];
  for (const c of commands) {
    if (!cmdHasArgs(c, names, ['install'])) continue;
    const words = wordsNoFlags(c).filter((w) => w !== 'install' && w !== 'module');
    if (cmdHasArgs(c, names, ['module'])) modules.push(...words);
    if (!cmdHasArgs(c, names, notPackages)) packages.push(...words);
  }
  return { packages, modules };
}

/**
 * Tracks the variable names ENV and ARG define, the way hadolint's DL3041 scopes them: ARG names count
 * everywhere after their definition; ENV names count in their stage and in stages built FROM it.
 */
export function varScope(context: RuleContext) {
  const args = new Set<string>();
  const envs = new Map<number, Set<string>>();
  return {
    visitors: {
      FROM(instr: Instruction) {
        const parent = context.file.stages[instr.stage]?.parent ?? null;
        envs.set(instr.stage, new Set(parent === null ? [] : envs.get(parent)));
      },
      ENV(instr: Instruction) {
        if (instr.onbuild) return;
        let set = envs.get(instr.stage);
        if (!set) {
          set = new Set();
          envs.set(instr.stage, set);
        }
        for (const p of instr.properties) set.add(p.name);
      },
      ARG(instr: Instruction) {
        if (instr.onbuild) return;
        for (const p of instr.properties) args.add(p.name);
      },
    },
    defined(instr: Instruction): Set<string> {
      return new Set([...args, ...(envs.get(instr.stage) ?? [])]);
    },
  };
}

/**
 * Visitors for DL3033 and DL3041: report a RUN whose `managers` install a package without a version (ENV/ARG
 * variables in scope count as versions) or a module without a stream.
 */
export function reportUnpinnedRpm(
  context: RuleContext,
  managers: readonly string[],
  moduleWords: readonly string[],
): RuleVisitors {
  const scope = varScope(context);
  const { FROM, ENV, ARG } = scope.visitors;
  return {
    FROM,
    ENV,
    ARG,
    RUN(instr) {
      const { packages, modules } = installWords(commandsOf(context, instr), managers, moduleWords);
      if (packages.length === 0 && modules.length === 0) return;
      const vars = scope.defined(instr);
      const unpinned = [
        ...packages.filter((p) => !rpmVersionPinned(p, vars)),
        ...modules.filter((m) => !m.includes(':')),
      ];
      if (unpinned.length === 0) return;
      context.report({
        instr,
        message: `${managers[0]} install of ${unpinned.map((p) => `'${p}'`).join(', ')} without a version: write <package>-<version> (modules: <module>:<stream>)`,
      });
    },
  };
}
