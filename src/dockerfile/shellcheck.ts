// ShellCheck findings for shell-form RUN scripts, from the real `shellcheck` program (one process per run).
// We follow hadolint's ShellCheck bridge: a shebang from the SHELL in effect, `export NAME=1` for every ARG/ENV
// in scope plus the proxy variables, codes SC1090/SC1091/SC2187 excluded, reported at the RUN's first line.
// Where we differ on purpose: findings on the prelude we write (e.g. SC2239 for `#!bash`) are dropped, and
// shells ShellCheck cannot check (zsh, mksh, fish...) are skipped instead of giving SC1008/SC1071.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { inputError } from '../core/errors.js';
import type { LintLevel } from '../core/severity.js';
import { type LintFinding, type LintSettings, suppressed } from './lint.js';
import { argsOffset, type DockerfileModel, type Instruction, runScript, shellName } from './parse.js';

export interface ShellcheckOptions {
  settings: Partial<LintSettings>;
  /** Fail (input error) when shellcheck is missing instead of a notice. */
  required: boolean;
  env?: Record<string, string | undefined>;
  /** Starts the shellcheck process; tests inject one that counts. */
  spawn?: SpawnFn;
  /** Kill shellcheck after this long (default 120 s). */
  timeoutMs?: number;
  /** Largest JSON output accepted from shellcheck (default 256 MiB). */
  maxBuffer?: number;
}

export interface SpawnOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  timeout: number;
  maxBuffer: number;
}

export interface SpawnResult {
  stdout: string;
  stderr: string;
  /** Exit status; null when the process could not start or was killed. */
  exitCode: number | null;
  error?: NodeJS.ErrnoException & { killed?: boolean; signal?: string | null };
}

export type SpawnFn = (file: string, args: string[], options: SpawnOptions) => Promise<SpawnResult>;

/** A ShellCheck finding, with where ShellCheck saw it for `--verbose` output. */
export interface ShellcheckFinding extends LintFinding {
  script: {
    /** 1-based line and column in the RUN script (without the prelude we add). */
    line: number;
    column: number;
    /** The Dockerfile line that script position comes from (best effort). */
    fileLine: number;
  };
}

export const SHELLCHECK_MISSING_NOTICE =
  'ShellCheck is not installed: SC checks skipped (apt-get install shellcheck)';

/** Codes hadolint excludes: they need `source` directives or concern ash being checked as dash. */
export const EXCLUDED_CODES: readonly number[] = [1090, 1091, 2187];

/** Variables every build has (docker build passes the proxy settings through), as hadolint predeclares. */
export const PROXY_VARIABLES: readonly string[] = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
];

// Shells ShellCheck 0.9 checks; ash is checked as dash (SC2187, excluded). Others get SC1008/SC1071: skipped.
const SUPPORTED_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'ksh88', 'ksh93', 'bats']);
// Launchers whose next word names the shell: `/usr/bin/env bash`, `busybox sh`.
const LAUNCHERS = new Set(['env', 'busybox']);
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// File names are short and relative to the temp dir, so this many fit well inside ARG_MAX.
const FILES_PER_PROCESS = 20_000;

/** One shell-form RUN turned into the script ShellCheck reads. */
export interface ShellcheckScript {
  /** The RUN (an ONBUILD trigger for `ONBUILD RUN`). */
  instr: Instruction;
  /** The dialect from SHELL (or from the heredoc's own shebang). */
  shell: string;
  /** The whole file handed to ShellCheck: shebang, exports, script. */
  text: string;
  /** Lines before the script proper (shebang and exports). */
  preludeLines: number;
  /** 1 when the script's own shebang line was replaced by ours, so script line = shellcheck line - prelude + 1. */
  shebangLines: number;
}

/** The ShellCheck dialect of a SHELL (or shebang) command line, or null when ShellCheck cannot check it. */
export function shellcheckDialect(shell: readonly string[]): string | null {
  let name = shellName(shell);
  if (LAUNCHERS.has(name)) {
    const next = shell.slice(1).find((w) => !w.startsWith('-'));
    name = next ? shellName([next]) : '';
  }
  return SUPPORTED_SHELLS.has(name) ? name : null;
}

/** The ShellCheck inputs for every shell-form RUN of a Dockerfile (pure; no process is started). */
export function shellcheckScripts(model: DockerfileModel): ShellcheckScript[] {
  if (model.problem) return [];
  const out: ShellcheckScript[] = [];
  const stageVars: Set<string>[] = [];
  let vars = new Set<string>();
  for (const instr of model.instructions) {
    if (instr.keyword === 'FROM') {
      // Variables reset per stage, and carry over into a stage built FROM an earlier stage.
      const parent = model.stages[instr.stage]?.parent;
      vars = parent !== null && parent !== undefined ? new Set(stageVars[parent]) : new Set();
      stageVars[instr.stage] = vars;
      continue;
    }
    if (instr.keyword === 'ARG' || instr.keyword === 'ENV') {
      for (const p of instr.properties) if (VARIABLE_NAME.test(p.name)) vars.add(p.name);
      continue;
    }
    const run = instr.keyword === 'RUN' ? instr : instr.trigger?.keyword === 'RUN' ? instr.trigger : null;
    if (!run?.posixShell) continue;
    const script = scriptFor(run, vars);
    if (script) out.push(script);
  }
  return out;
}

function scriptFor(instr: Instruction, vars: ReadonlySet<string>): ShellcheckScript | null {
  const raw = runScript(instr);
  if (raw === null) return null;
  let body = raw.replace(/\r(?=\n)/g, '');
  let shell = shellcheckDialect(instr.shell);
  let shebangLines = 0;
  if (body.startsWith('#!')) {
    // A heredoc with its own shebang runs as a script with that interpreter (BuildKit).
    const nl = body.indexOf('\n');
    const line = body.slice(2, nl === -1 ? body.length : nl).trim();
    shell = shellcheckDialect(line.split(/\s+/));
    body = nl === -1 ? '' : body.slice(nl + 1);
    shebangLines = 1;
  }
  if (!shell) return null;
  const names = [...new Set([...PROXY_VARIABLES, ...vars])].sort();
  const exports = names.map((n) => `export ${n}=1\n`).join('');
  return {
    instr,
    shell,
    text: `#!/bin/${shell}\n${exports}${body.endsWith('\n') ? body : `${body}\n`}`,
    preludeLines: 1 + names.length,
    shebangLines,
  };
}

interface Json1Comment {
  file: string;
  line: number;
  column: number;
  level: string;
  code: number;
  message: string;
}

export async function runShellcheck(
  models: DockerfileModel[],
  options: ShellcheckOptions,
): Promise<{ findings: LintFinding[][]; notices: string[] }> {
  const findings: ShellcheckFinding[][] = models.map(() => []);
  const jobs = models.flatMap((model, fileIndex) =>
    shellcheckScripts(model).map((s) => ({ fileIndex, model, ...s })),
  );
  const env = options.env ?? process.env;
  const named = env.SHIPSHAPE_SHELLCHECK?.trim();
  const bin = named ? (isAbsolute(named) || !named.includes('/') ? named : resolve(named)) : 'shellcheck';
  const spawn = options.spawn ?? defaultSpawn;
  const childEnv: Record<string, string | undefined> = { ...env };
  // SHELLCHECK_OPTS would change what is checked behind our back (as a .shellcheckrc would; hence --norc).
  delete childEnv.SHELLCHECK_OPTS;
  const base = {
    env: childEnv,
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: options.maxBuffer ?? 256 * 1024 * 1024,
  };

  if (jobs.length === 0) {
    if (!options.required) return { findings, notices: [] };
    // Asked for ShellCheck explicitly: say so when it is missing even if there is nothing to check.
    const r = await spawn(bin, ['--version'], { ...base, cwd: tmpdir() });
    const problem = processProblem(r, bin, named, base);
    if (problem) throw problem.error;
    return { findings, notices: [] };
  }

  const dir = await mkdtemp(join(tmpdir(), 'shipshape-sc-'));
  try {
    // Identical scripts (same RUN and variables in many Dockerfiles of a repo) are checked once.
    const unique = new Map<string, number>();
    const fileOf = jobs.map((j) => {
      let k = unique.get(j.text);
      if (k === undefined) {
        k = unique.size;
        unique.set(j.text, k);
      }
      return k;
    });
    const names = [...unique.keys()].map((_, k) => `${k}.sh`);
    await writeAll(dir, names, [...unique.keys()]);
    const comments: Json1Comment[] = [];
    for (let from = 0; from < names.length; from += FILES_PER_PROCESS) {
      const batch = names.slice(from, from + FILES_PER_PROCESS);
      const args = ['--norc', '-f', 'json1', '-S', 'style', '-e', EXCLUDED_CODES.join(','), '--', ...batch];
      const r = await spawn(bin, args, { ...base, cwd: dir });
      const problem = processProblem(r, bin, named, base);
      if (problem) {
        if (options.required) throw problem.error;
        return { findings: models.map(() => []), notices: [problem.notice] };
      }
      const parsed = parseJson1(r.stdout);
      if (!parsed) {
        const message = `ShellCheck gave output that is not its json1 format (is it older than 0.7?)`;
        if (options.required) throw inputError('malformed', message, 'install ShellCheck 0.7 or newer');
        return { findings: models.map(() => []), notices: [`${message}: SC checks skipped`] };
      }
      comments.push(...parsed);
    }
    const byFile = new Map<number, Json1Comment[]>();
    for (const c of comments) {
      const k = Number.parseInt(c.file, 10);
      if (!Number.isInteger(k)) continue;
      const list = byFile.get(k) ?? [];
      list.push(c);
      byFile.set(k, list);
    }
    const ignored = new Set(options.settings.ignored ?? []);
    const overrides = options.settings.overrides ?? {};
    jobs.forEach((job, index) => {
      const seen = new Set<string>();
      const local: ShellcheckFinding[] = [];
      for (const c of byFile.get(fileOf[index]!) ?? []) {
        if (c.line <= job.preludeLines || EXCLUDED_CODES.includes(c.code)) continue;
        const code = `SC${c.code}`;
        const level: LintLevel = overrides[code] ?? toLevel(c.level);
        if (level === 'ignore' || ignored.has(code)) continue;
        // hadolint keeps a set per RUN: the same code and message twice in one RUN is one finding.
        const key = `${code}\u0000${c.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const outer = job.instr.onbuild ?? job.instr;
        const scriptLine = c.line - job.preludeLines + job.shebangLines;
        const finding: ShellcheckFinding = {
          code,
          level,
          message: c.message,
          file: job.model.path,
          line: outer.line,
          column: 1,
          endLine: outer.endLine,
          script: { line: scriptLine, column: c.column, fileLine: fileLineOf(job, scriptLine, c.column) },
        };
        if (!options.settings.disableIgnorePragma && suppressed(finding, job.model)) continue;
        local.push(finding);
      }
      local.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.message < b.message ? -1 : 1));
      findings[job.fileIndex]!.push(...local);
    });
    for (const list of findings) list.sort((a, b) => a.line - b.line);
    return { findings, notices: [] };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeAll(dir: string, names: string[], texts: string[]) {
  // A bounded number of writes in flight: thousands at once would run into the open-file limit.
  const width = 64;
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      await writeFile(join(dir, names[i]!), texts[i]!, { mode: 0o600 });
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, names.length) }, worker));
}

function toLevel(level: string): LintLevel {
  switch (level) {
    case 'warning':
    case 'info':
    case 'style':
      return level;
    default:
      return 'error';
  }
}

/** The problem with a shellcheck run (not installed, killed, bad exit), or null when its output is usable. */
function processProblem(
  r: SpawnResult,
  bin: string,
  named: string | undefined,
  base: { timeout: number; maxBuffer: number },
): { notice: string; error: Error } | null {
  const e = r.error;
  if (e?.code === 'ENOENT' || e?.code === 'EACCES') {
    if (!named) {
      return {
        notice: SHELLCHECK_MISSING_NOTICE,
        error: inputError(
          'not-found',
          'ShellCheck is not installed, and --shellcheck asks for it',
          'install it (apt-get install shellcheck), set SHIPSHAPE_SHELLCHECK to its path, or drop --shellcheck',
        ),
      };
    }
    const what = `ShellCheck not found at SHIPSHAPE_SHELLCHECK=${named}`;
    return {
      notice: `${what}: SC checks skipped`,
      error: inputError(
        'not-found',
        what,
        'point SHIPSHAPE_SHELLCHECK at the shellcheck program, or unset it',
      ),
    };
  }
  if (e?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    const what = `ShellCheck printed more than ${Math.round(base.maxBuffer / 1048576)} MiB`;
    return {
      notice: `${what}: SC checks skipped`,
      error: inputError('limit', what, 'lint fewer files at once'),
    };
  }
  if (e?.killed || (r.exitCode === null && e?.signal)) {
    const what = `ShellCheck did not finish within ${Math.round(base.timeout / 1000)} s`;
    return {
      notice: `${what}: SC checks skipped`,
      error: inputError('limit', what, 'lint fewer files at once'),
    };
  }
  // 0: clean, 1: findings, 2: some file could not be read; 3 and 4 are bad invocations.
  if (r.exitCode === 0 || r.exitCode === 1 || r.exitCode === 2) return null;
  const detail = r.stderr.trim().split('\n')[0] ?? '';
  const what = `ShellCheck (${bin}) failed with exit code ${r.exitCode ?? e?.code ?? '?'}${detail ? `: ${detail}` : ''}`;
  return {
    notice: `${what}: SC checks skipped`,
    error: inputError('malformed', what, 'check that SHIPSHAPE_SHELLCHECK names ShellCheck 0.7 or newer'),
  };
}

function parseJson1(stdout: string): Json1Comment[] | null {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    return null;
  }
  const comments = (data as { comments?: unknown } | null)?.comments;
  if (!Array.isArray(comments)) return null;
  return comments.filter(
    (c): c is Json1Comment =>
      typeof c === 'object' &&
      c !== null &&
      typeof c.file === 'string' &&
      typeof c.line === 'number' &&
      typeof c.column === 'number' &&
      typeof c.code === 'number' &&
      typeof c.message === 'string' &&
      typeof c.level === 'string',
  );
}

/** The Dockerfile line of a script position: continuation lines are joined into script line 1; heredoc lines follow. */
function fileLineOf(
  job: ShellcheckScript & { model: DockerfileModel },
  scriptLine: number,
  column: number,
): number {
  const { instr, model } = job;
  const clamp = (n: number) => Math.max(instr.line, Math.min(n, instr.endLine));
  const heredocs = instr.heredocs;
  const first = heredocs[0];
  if (first && runScript(instr) === first.content) {
    return clamp(model.lineAt(first.contentStart) + scriptLine - 1);
  }
  if (scriptLine <= 1) return clamp(model.lineAt(argsOffset(instr, column - 1)));
  let rest = scriptLine - 1;
  for (const h of heredocs) {
    const lines = h.content.split('\n').length - 1;
    if (rest <= lines) return clamp(model.lineAt(h.contentStart) + rest - 1);
    rest -= lines;
    if (rest === 1) return clamp(model.lineAt(h.contentStart) + lines);
    rest -= 1;
  }
  return instr.line;
}

/** Runs a program with execFile and always resolves: errors (not found, killed, too much output) are data. */
export const defaultSpawn: SpawnFn = (file, args, options) =>
  new Promise((done) => {
    // Loaded here, not at the top: child_process (and net under it) is a few ms of every cold start.
    const { execFile } = createRequire(import.meta.url)(
      'node:child_process',
    ) as typeof import('node:child_process');
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env as NodeJS.ProcessEnv,
        timeout: options.timeout,
        maxBuffer: options.maxBuffer,
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) {
          done({ stdout, stderr, exitCode: 0 });
          return;
        }
        const e = error as NodeJS.ErrnoException & {
          killed?: boolean;
          signal?: string | null;
          code?: unknown;
        };
        const exitCode = typeof e.code === 'number' ? e.code : null;
        done({ stdout, stderr, exitCode, error: exitCode === null ? e : undefined });
      },
    );
  });
