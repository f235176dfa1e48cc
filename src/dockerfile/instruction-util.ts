// Helpers shared by the instruction-level rules: stage references, image registries, ports, users, exec form.

import type { DockerfileModel, Instruction, Stage } from './parse.js';
import type { RuleContext, RuleVisitors } from './rule.js';
import { dropQuotes, parseImageRef } from './rule-util.js';

/** The `AS name` of a FROM as written (case kept), or null. */
export function stageAlias(from: Instruction): string | null {
  const w = from.words;
  return w.length >= 3 && w[1]?.toUpperCase() === 'AS' ? w[2]! : null;
}

/** The stage an instruction belongs to, or undefined before the first FROM. */
export function stageOf(model: DockerfileModel, instr: Instruction): Stage | undefined {
  return instr.stage >= 0 ? model.stages[instr.stage] : undefined;
}

/** Whether `name` is the name of a stage before stage `before` (stage names are case-insensitive). */
export function isEarlierStageName(model: DockerfileModel, name: string, before: number): boolean {
  const lowered = name.toLowerCase();
  return model.stages.some((s) => s.index < before && s.name === lowered);
}

/** Leading decimal digits of a `--from` value as a number (`0` -> 0), or null. */
export function stageIndexOf(value: string): number | null {
  const m = /^\d+/.exec(value);
  return m ? Number(m[0]) : null;
}

/** Values of `from=` in every `--mount` flag of a RUN. */
export function mountFroms(instr: Instruction): string[] {
  const out: string[] = [];
  for (const f of instr.flags) {
    if (f.name !== 'mount' || f.value === null) continue;
    for (const part of dropQuotes(f.value).split(',')) {
      const eq = part.indexOf('=');
      if (eq !== -1 && part.slice(0, eq).trim().toLowerCase() === 'from')
        out.push(dropQuotes(part.slice(eq + 1).trim()));
    }
  }
  return out;
}

/**
 * Whether a registry matches one trusted-registry pattern: `*` matches all, `*.x.com` any registry ending in
 * `.x.com`, `x.*` any registry starting with `x.`, anything else must be equal.
 */
export function registryMatches(pattern: string, registry: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return registry.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return registry.startsWith(pattern.slice(0, -1));
  return registry === pattern;
}

/** Whether an image reference comes from a trusted registry (Docker Hub when it names none; scratch always). */
export function imageTrusted(image: string, trusted: readonly string[]): boolean {
  const ref = parseImageRef(dropQuotes(image));
  const allowed = (registry: string) => trusted.some((p) => registryMatches(p, registry));
  if (ref.registry !== null) return allowed(ref.registry);
  return ref.name === 'scratch' || allowed('docker.io') || allowed('hub.docker.com');
}

/** A port or port range of EXPOSE that goes beyond 65535; variables and unparsable words are skipped. */
export function portOutOfRange(word: string): boolean {
  const spec = dropQuotes(word).replace(/\/[A-Za-z]+$/, '');
  const single = /^(\d+)$/.exec(spec);
  if (single) return Number(single[1]) > 65535;
  const range = /^(\d+)-(\d+)$/.exec(spec);
  if (range) return Number(range[1]) > 65535 || Number(range[2]) > 65535;
  return false;
}

/** The USER argument as one string (`root:root`). */
export function userOf(instr: Instruction): string {
  return instr.args.trim();
}

/** hadolint's notion of root: `root`, `0`, or either with a group. */
export function isRootUser(user: string): boolean {
  return user === 'root' || user === '0' || user.startsWith('root:') || user.startsWith('0:');
}

/** Whether a COPY destination is absolute on Linux (`/x`) or Windows (`c:\x`, `c:/x`), quotes removed. */
export function isAbsoluteDest(path: string): boolean {
  const p = dropQuotes(path);
  return p.startsWith('/') || /^.:[\\/]/.test(p);
}

// Words that are safe to pass as exec-form arguments: nothing the shell would expand, split, quote or redirect.
const PLAIN_WORD = /^[A-Za-z0-9_./:@%+,=-]+$/;

// Shell builtins and reserved words: in exec form there is no shell to run them.
const SHELL_ONLY = new Set([
  '.',
  ':',
  'alias',
  'bg',
  'break',
  'case',
  'cd',
  'command',
  'continue',
  'do',
  'done',
  'elif',
  'else',
  'esac',
  'eval',
  'exec',
  'exit',
  'export',
  'fg',
  'fi',
  'for',
  'function',
  'getopts',
  'hash',
  'if',
  'jobs',
  'local',
  'read',
  'readonly',
  'return',
  'select',
  'set',
  'shift',
  'source',
  'then',
  'times',
  'trap',
  'type',
  'ulimit',
  'umask',
  'unalias',
  'unset',
  'until',
  'wait',
  'while',
]);

/**
 * The words of a shell-form command line when every word is a plain literal (so exec form runs exactly the same
 * program with the same arguments); null when the shell would do anything with it.
 */
export function plainWords(command: string): string[] | null {
  const words = command.trim().split(/[ \t]+/);
  if (words.length === 0 || words[0] === '') return null;
  if (!words.every((w) => PLAIN_WORD.test(w))) return null;
  const first = words[0]!;
  // `A=b cmd` is an assignment; builtins need a shell.
  if (first.includes('=') || SHELL_ONLY.has(first)) return null;
  return words;
}

/** Exec-form JSON text: `["npm", "start"]`. */
export function execForm(words: readonly string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

/** Names of an ARG instruction (`ARG A B=2` declares A and B). */
export function argNames(instr: Instruction): string[] {
  return instr.words.map((w) => {
    const eq = w.indexOf('=');
    return eq === -1 ? w : w.slice(0, eq);
  });
}

/** Names of an ENV instruction (both `ENV A=1 B=2` and `ENV A 1`). */
export function envNames(instr: Instruction): string[] {
  return instr.properties.map((p) => p.name);
}

/** Visitors reporting every `keyword` after the first in a stage (only the last one takes effect). */
export function secondInStage(
  context: RuleContext,
  keyword: 'HEALTHCHECK' | 'CMD' | 'ENTRYPOINT',
  message: string,
): RuleVisitors {
  const seen = new Set<number>();
  const visit = (instr: Instruction) => {
    if (seen.has(instr.stage)) context.report({ instr, message });
    else seen.add(instr.stage);
  };
  // One literal per keyword. Neither `{ [keyword]: visit }` nor `visitors[keyword] = visit` on a fresh object:
  // V8 stores a computed key through the runtime, and with that store every file's model outlived its lint by
  // a young-generation GC and was promoted (2.4 MB per scavenge on the bench corpus, --trace-gc-nvp).
  if (keyword === 'HEALTHCHECK') return { HEALTHCHECK: visit };
  if (keyword === 'CMD') return { CMD: visit };
  return { ENTRYPOINT: visit };
}
