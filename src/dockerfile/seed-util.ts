// Helpers for shipshape's own rules (from the seed articles): final-image stages, package installs, globs.
import type { DockerfileModel, Instruction, Stage } from './parse.js';
import { runScript, substitute } from './parse.js';
import { type Command, memoOf } from './shell.js';

/** The final stage and the stages it is built FROM, final first: their layers are all in the final image. */
export function finalChain(model: DockerfileModel): Stage[] {
  const out: Stage[] = [];
  let stage = model.stages[model.stages.length - 1];
  const seen = new Set<number>();
  while (stage && !seen.has(stage.index)) {
    seen.add(stage.index);
    out.push(stage);
    stage = stage.parent === null ? undefined : model.stages[stage.parent];
  }
  return out;
}

/** Indexes of the stages whose layers end up in the final image. */
export function shippedStages(model: DockerfileModel): Set<number> {
  return new Set(finalChain(model).map((s) => s.index));
}

/** The external image at the root of the final chain, or null when the chain ends at a stage. */
export function rootImage(model: DockerfileModel): string | null {
  const chain = finalChain(model);
  const root = chain[chain.length - 1];
  return root && root.parent === null ? root.image : null;
}

// Sources that send the whole build context: `.`, `./`, `/`, `*` (Go's filepath.Match lets `*` match dotfiles).
const WHOLE_CONTEXT = new Set(['.', './', '/', '*', './*', '/*', '.*']);

/** A COPY/ADD from the build context (no --from) that copies the whole context. */
export function copiesWholeContext(instr: Instruction): boolean {
  if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') return false;
  if (instr.flags.some((f) => f.name === 'from')) return false;
  const words = instr.json ?? instr.words;
  for (let i = 0; i < words.length - 1; i++) if (WHOLE_CONTEXT.has(dequote(words[i]!))) return true;
  return false;
}

/** One quote removed at each end, as `w.replace(/^["']|["']$/g, '')` does. */
function dequote(w: string): string {
  const first = w.charCodeAt(0);
  const last = w.charCodeAt(w.length - 1);
  const head = first === 34 || first === 39 ? 1 : 0;
  const tail = w.length > head && (last === 34 || last === 39) ? 1 : 0;
  return head + tail === 0 ? w : w.slice(head, w.length - tail);
}

// Wrappers that run the next word as the command.
const WRAPPERS = new Set([
  'sudo',
  'env',
  'nice',
  'nohup',
  'time',
  'command',
  'doas',
  'stdbuf',
  'ionice',
  'chroot',
]);

// Several rules ask the same questions of each command: the answers are kept in the command's memo (so per
// parsed RUN of one lint run), and callers only read them.

/** The command with `sudo -E`, `env X=1` and similar prefixes removed: name and the words after it. */
export function unwrap(cmd: Command): { name: string; args: string[] } {
  const memo = memoOf(cmd);
  memo.unwrapped ??= unwrapCommand(cmd);
  return memo.unwrapped;
}

function unwrapCommand(cmd: Command): { name: string; args: string[] } {
  const base = baseName(cmd.name);
  if (!WRAPPERS.has(base)) return { name: base, args: cmd.args.map((a) => a.value) };
  let name = cmd.name;
  let args = cmd.args.map((a) => a.value);
  for (let guard = 0; guard < 4 && WRAPPERS.has(baseName(name)); guard++) {
    const i = args.findIndex((a) => !a.startsWith('-') && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(a));
    if (i === -1) return { name: '', args: [] };
    name = args[i]!;
    args = args.slice(i + 1);
  }
  return { name: baseName(name), args };
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export type PackageManager = 'apt' | 'apk' | 'yum' | 'zypper';

export interface PackageOp {
  manager: PackageManager;
  /** Package names with version pins (`=1.2`, `~=1`) removed. */
  packages: string[];
  /** `apk add --virtual NAME` / `-t NAME`: the group name a later `apk del NAME` removes. */
  virtual: string | null;
}

const INSTALL_SUBS: Record<string, { manager: PackageManager; install: string[]; remove: string[] }> = {
  'apt-get': { manager: 'apt', install: ['install'], remove: ['remove', 'purge'] },
  apt: { manager: 'apt', install: ['install'], remove: ['remove', 'purge'] },
  aptitude: { manager: 'apt', install: ['install'], remove: ['remove', 'purge'] },
  apk: { manager: 'apk', install: ['add'], remove: ['del'] },
  yum: { manager: 'yum', install: ['install'], remove: ['remove', 'erase'] },
  dnf: { manager: 'yum', install: ['install'], remove: ['remove', 'erase'] },
  microdnf: { manager: 'yum', install: ['install'], remove: ['remove'] },
  tdnf: { manager: 'yum', install: ['install'], remove: ['remove', 'erase'] },
  zypper: { manager: 'zypper', install: ['install', 'in'], remove: ['remove', 'rm'] },
};

// Options whose value is the next word (so it is not a package name).
const VALUE_OPTIONS = new Set([
  '-o',
  '-c',
  '-t',
  '--virtual',
  '-X',
  '--repository',
  '--root',
  '-p',
  '--setopt',
  '--enablerepo',
  '--disablerepo',
  '--installroot',
  '--releasever',
  '--target-release',
  '-r',
]);

function packageOp(cmd: Command, which: 'install' | 'remove'): PackageOp | null {
  const { name, args } = unwrap(cmd);
  const spec = Object.hasOwn(INSTALL_SUBS, name) ? INSTALL_SUBS[name] : undefined;
  if (!spec) return null;
  const subs = spec[which];
  let sub = -1;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    sub = subs.includes(a) ? i : -2;
    break;
  }
  if (sub < 0) return null;
  const packages: string[] = [];
  let virtual: string | null = null;
  for (let i = sub + 1; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) {
      if (a === '--virtual' || a === '-t') virtual = args[i + 1] ?? null;
      else if (a.startsWith('--virtual=')) virtual = a.slice('--virtual='.length);
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    packages.push(stripPin(a, spec.manager));
  }
  return { manager: spec.manager, packages, virtual };
}

/** Whether the command (behind sudo/env) is one of the package managers packageInstall/packageRemoval know. */
export function isPackageManager(cmd: Command): boolean {
  return Object.hasOwn(INSTALL_SUBS, unwrap(cmd).name);
}

/** `apt-get install`, `apk add`, `yum/dnf install`, `zypper install` (behind sudo/env too). */
export function packageInstall(cmd: Command): PackageOp | null {
  const memo = memoOf(cmd);
  if (memo.install === undefined) memo.install = packageOp(cmd, 'install');
  return memo.install;
}

/** `apt-get purge/remove`, `apk del`, `yum/dnf remove`, `zypper remove`. */
export function packageRemoval(cmd: Command): PackageOp | null {
  const memo = memoOf(cmd);
  if (memo.removal === undefined) memo.removal = packageOp(cmd, 'remove');
  return memo.removal;
}

function stripPin(pkg: string, manager: PackageManager): string {
  if (manager === 'apt') return pkg.split('=')[0]!.replace(/:[a-z0-9]+$/, '');
  if (manager === 'apk') return pkg.split(/[=~<>]/)[0]!;
  return pkg.split(/[<>=]/)[0]!.trim();
}

/** ARG defaults declared before the first FROM (the values FROM lines can use). */
export function globalArgs(model: DockerfileModel): Map<string, string> {
  const vars = new Map<string, string>();
  for (const instr of model.instructions) {
    if (instr.stage >= 0) break;
    if (instr.keyword !== 'ARG') continue;
    for (const p of instr.properties) if (p.value !== null) vars.set(p.name, p.value);
  }
  return vars;
}

/** ARG and ENV values set in the instruction's stage before it (a later one wins), as the instruction sees them. */
export function stageVarsBefore(model: DockerfileModel, instr: Instruction): Map<string, string> {
  const vars = new Map<string, string>();
  for (const i of model.stages[instr.stage]?.instructions ?? []) {
    if (i === instr) break;
    if (i.keyword !== 'ARG' && i.keyword !== 'ENV') continue;
    for (const p of i.properties) if (p.value !== null) vars.set(p.name, p.value);
  }
  return vars;
}

/** Substitutes `vars` into `value`; null when a variable has no known value. */
export function resolveVars(value: string, vars: ReadonlyMap<string, string>): string | null {
  if (!value.includes('$')) return value;
  let unknown = false;
  const seen = new Map(vars);
  for (const m of value.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)(:?[-+])?/g)) {
    if (!vars.has(m[1]!) && !m[2]) unknown = true;
  }
  if (unknown) return null;
  return substitute(value, seen);
}

// ---- globs (.dockerignore patterns, rm arguments): matched segment by segment, without regular expressions,
// so a hostile pattern costs at most pattern length × path length per segment.

/** Matches one path segment against a glob segment: `*`, `?`, `[...]`, `\x`. */
export function segmentMatch(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    if (p < pattern.length) {
      const c = pattern[p]!;
      if (c === '*') {
        while (pattern[p] === '*') p++;
        starP = p;
        starN = n;
        continue;
      }
      const step = matchOne(pattern, p, name[n]!);
      if (step > 0) {
        p += step;
        n++;
        continue;
      }
    }
    if (starP === -1) return false;
    p = starP;
    n = ++starN;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Length of the pattern token at `p` when it matches `ch`, else 0. */
function matchOne(pattern: string, p: number, ch: string): number {
  const c = pattern[p]!;
  if (c === '?') return 1;
  if (c === '\\' && p + 1 < pattern.length) return pattern[p + 1] === ch ? 2 : 0;
  if (c === '[') {
    const close = pattern.indexOf(']', p + 2);
    if (close === -1) return c === ch ? 1 : 0;
    let i = p + 1;
    const negate = pattern[i] === '^' || pattern[i] === '!';
    if (negate) i++;
    let hit = false;
    while (i < close) {
      let lo = pattern[i]!;
      if (lo === '\\' && i + 1 < close) lo = pattern[++i]!;
      if (pattern[i + 1] === '-' && i + 2 < close) {
        const hi = pattern[i + 2]!;
        if (ch >= lo && ch <= hi) hit = true;
        i += 3;
      } else {
        if (ch === lo) hit = true;
        i++;
      }
    }
    return hit !== negate ? close - p + 1 : 0;
  }
  return c === ch ? 1 : 0;
}

/** Matches a slash-separated path against a glob where a `**` segment spans any number of segments. */
export function globMatch(pattern: string, path: string): boolean {
  const ps = pattern.split('/').filter((s) => s !== '');
  const ns = path.split('/').filter((s) => s !== '');
  // reach[j]: the first i pattern segments can match the first j path segments.
  let reach = new Array<boolean>(ns.length + 1).fill(false);
  reach[0] = true;
  ps.forEach((seg, k) => {
    const next = new Array<boolean>(ns.length + 1).fill(false);
    if (seg === '**') {
      // A trailing `dir/**` needs something below dir (`^dir/.*$`); elsewhere `**` may span no segment.
      const strict = k > 0 && k === ps.length - 1;
      let any = false;
      for (let j = 0; j <= ns.length; j++) {
        if (!strict) any ||= reach[j]!;
        next[j] = any;
        if (strict) any ||= reach[j]!;
      }
    } else {
      for (let j = 0; j < ns.length; j++) if (reach[j] && segmentMatch(seg, ns[j]!)) next[j + 1] = true;
    }
    reach = next;
  });
  return reach[ns.length]!;
}

export function hasGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

/** POSIX path cleaning as Go's path.Clean: no `.`, `..` resolved, no doubled or trailing slashes. */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  // Already clean (no empty, `.` or `..` segment, no trailing slash): most paths in a Dockerfile.
  if (!path.includes('//') && !DOT_SEGMENT.test(path) && (path.length === 1 || !path.endsWith('/')))
    return path;
  const abs = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  if (abs) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

// ---- .dockerignore, as moby/patternmatcher reads and applies it.

export interface IgnorePattern {
  pattern: string;
  negate: boolean;
}

/** Parses .dockerignore content: `#` comments, trimmed lines, `!` negation, cleaned, leading `/` dropped. */
export function parseDockerignore(text: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  for (const raw of lines) {
    if (raw.startsWith('#')) continue;
    let line = raw.trim();
    if (line === '') continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1).trim();
    if (line === '') continue;
    let pattern = cleanPath(line);
    if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    out.push({ pattern, negate });
  }
  return out;
}

/** Whether `path` (relative to the context) is left out of the build context: the last matching pattern wins. */
export function isIgnored(patterns: readonly IgnorePattern[], path: string): boolean {
  const parts = cleanPath(path).split('/');
  let ignored = false;
  for (const p of patterns) {
    // A pattern matches the path itself or any of its parent directories.
    let hit = false;
    for (let i = parts.length; i >= 1 && !hit; i--) hit = globMatch(p.pattern, parts.slice(0, i).join('/'));
    if (hit) ignored = !p.negate;
  }
  return ignored;
}

/** The text of a RUN as the shell sees it, exec form joined by spaces. */
export function runScriptText(instr: Instruction): string {
  if (instr.json) return instr.json.join(' ');
  return runScript(instr) ?? instr.args;
}
