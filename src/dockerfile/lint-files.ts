// Lints files and directories: finds Dockerfiles, reads them within limits, gathers facts, adds ShellCheck.
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileError, inputError } from '../core/errors.js';
import { findFiles, readTextWithin } from '../core/files.js';
import { DEFAULT_LIMITS, type Limits, limitError } from '../core/limits.js';
import { type LintFinding, type LintSettings, lintModel } from './lint.js';
import { type DockerfileModel, parseDockerfile } from './parse.js';
import type { FileFacts, Rule } from './rule.js';
import { runShellcheck } from './shellcheck.js';

export interface LintFilesOptions {
  settings?: Partial<LintSettings>;
  /** Run ShellCheck on RUN scripts: `auto` uses it when it is on PATH. */
  shellcheck?: boolean | 'auto';
  limits?: Limits;
  rules?: readonly Rule[];
  /** Read for `-`. */
  stdin?: () => Promise<string>;
  /** Resolves relative paths; defaults to process.cwd(). */
  cwd?: string;
  env?: Record<string, string | undefined>;
}

export interface FileResult {
  /** The path as given (or `-`). */
  path: string;
  text: string;
  model: DockerfileModel;
  findings: LintFinding[];
}

export interface LintFilesResult {
  files: FileResult[];
  /** One-line notices for people (e.g. ShellCheck is not installed). */
  notices: string[];
}

const DOCKERFILE_NAME =
  /^(?:Dockerfile|Containerfile|.+\.Dockerfile|.+\.dockerfile|Dockerfile\..+|Containerfile\..+)$/;

export function isDockerfileName(name: string): boolean {
  return DOCKERFILE_NAME.test(name);
}

/** Expands directories into the Dockerfiles below them (sorted); files and `-` pass through. */
export async function discoverDockerfiles(paths: string[], cwd = process.cwd()): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push(p);
      continue;
    }
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(join(cwd, p).startsWith('/') && p.startsWith('/') ? p : join(cwd, p));
    } catch (e) {
      throw fileError(p, e);
    }
    if (!st.isDirectory()) {
      out.push(p);
      continue;
    }
    // Normalised (`./a` → `a`) and sorted as whole paths, as lint has always listed them.
    const found = (await findFiles(resolve(cwd, p), p, isDockerfileName)).map((f) => join(f)).sort();
    if (found.length === 0) {
      throw inputError(
        'not-found',
        `${p}: no Dockerfile found in this directory`,
        'name files Dockerfile, Containerfile, *.Dockerfile or Dockerfile.*',
      );
    }
    out.push(...found);
  }
  return out;
}

function resolve(cwd: string, p: string): string {
  return p.startsWith('/') ? p : join(cwd, p);
}

export function readDockerfile(path: string, options: LintFilesOptions): Promise<string> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  return readTextWithin(path, {
    cwd: options.cwd ?? process.cwd(),
    maxBytes: limits.dockerfileBytes,
    tooLarge: (where, size) =>
      limitError(`${where}: Dockerfile too large`, 'dockerfileBytes', size, limits.dockerfileBytes),
    stdin: options.stdin,
  });
}

/** Facts rules need from beside the Dockerfile: the `.dockerignore` of the build context. */
export async function gatherFacts(path: string, cwd: string): Promise<FileFacts> {
  if (path === '-') return {};
  const dir = dirname(resolve(cwd, path));
  // BuildKit prefers <Dockerfile>.dockerignore beside the file, then .dockerignore in the context.
  for (const name of [`${basename(path)}.dockerignore`, '.dockerignore']) {
    try {
      const text = await readFile(join(dir, name), 'utf8');
      return { dockerignore: text.slice(0, 1024 * 1024) };
    } catch {
      // not there: try the next name
    }
  }
  return { dockerignore: null };
}

export async function lintFiles(paths: string[], options: LintFilesOptions = {}): Promise<LintFilesResult> {
  const cwd = options.cwd ?? process.cwd();
  const files = await discoverDockerfiles(paths, cwd);
  const results: FileResult[] = [];
  for (const path of files) {
    const text = await readDockerfile(path, options);
    const model = parseDockerfile(text, { path, limits: options.limits ?? DEFAULT_LIMITS });
    const facts = await gatherFacts(path, cwd);
    const findings = lintModel(model, { settings: options.settings, facts, rules: options.rules });
    results.push({ path, text, model, findings });
  }
  const notices: string[] = [];
  if (options.shellcheck !== false) {
    const sc = await runShellcheck(
      results.map((r) => r.model),
      { settings: options.settings ?? {}, required: options.shellcheck === true, env: options.env },
    );
    notices.push(...sc.notices);
    results.forEach((r, i) => {
      const extra = sc.findings[i] ?? [];
      // ShellCheck findings first within a line, as hadolint prints them (the sort is stable).
      if (extra.length > 0) r.findings = [...extra, ...r.findings].sort((a, b) => a.line - b.line);
    });
  }
  return { files: results, notices };
}
