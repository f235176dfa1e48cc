// `shipshape lint`: hadolint's flags and exit semantics, our config, formats, and safe autofix.
import { randomBytes } from 'node:crypto';
import { lstat, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { fileError, inputError } from '../../core/errors.js';
import { type Limits, limitsFromEnv } from '../../core/limits.js';
import {
  type FailureThreshold,
  failsAt,
  type LintLevel,
  lintLevelToSeverity,
  SEVERITIES,
  type Severity,
} from '../../core/severity.js';
import { ignoreApplies, type LintConfig, type LintFormat, loadLintConfig } from '../../dockerfile/config.js';
import { fixText, type LintFinding } from '../../dockerfile/lint.js';
import { discoverDockerfiles, gatherFacts, lintFiles, readDockerfile } from '../../dockerfile/lint-files.js';
import { RULES } from '../../dockerfile/rules/index.js';
import { formatLintReport, type LintReport } from '../../report/lint/index.js';
import { LINT_HELP } from '../help.js';
import { type CliIO, readStdin, type Writer } from '../io.js';
import { packageVersion } from '../version.js';

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  format: { type: 'string', short: 'f', multiple: true },
  output: { type: 'string', short: 'o', multiple: true },
  'no-fail': { type: 'boolean' },
  'no-color': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'V' },
  error: { type: 'string', multiple: true },
  warning: { type: 'string', multiple: true },
  info: { type: 'string', multiple: true },
  style: { type: 'string', multiple: true },
  ignore: { type: 'string', multiple: true },
  enable: { type: 'string', multiple: true },
  'trusted-registry': { type: 'string', multiple: true },
  'require-label': { type: 'string', multiple: true },
  'strict-labels': { type: 'boolean' },
  'disable-ignore-pragma': { type: 'boolean' },
  'failure-threshold': { type: 'string', short: 't' },
  severity: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  'file-path-in-report': { type: 'string' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  'no-shellcheck': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Parses argv with node:util parseArgs, turning its errors into one-line usage errors. */
type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
>;

export function parseCommandArgs<T extends Options>(command: string, args: string[], options: T): Parsed<T> {
  try {
    return parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>({
      args,
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const hint = `run \`shipshape ${command} --help\` for the options`;
    const name = /'([^']+)'/.exec(err.message ?? '')?.[1];
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw inputError('usage', `${command}: unknown option '${name ?? '?'}'`, hint);
    }
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = name?.split(/[ ,]+/).find((s) => s.startsWith('--')) ?? name ?? 'option';
      const needs = /does not take an argument/.test(err.message ?? '') ? 'takes no value' : 'needs a value';
      throw inputError('usage', `${command}: ${flag} ${needs}`, hint);
    }
    throw inputError('usage', `${command}: ${err.message ?? String(e)}`, hint);
  }
}

interface Destination {
  format: LintFormat;
  /** null = the report stream (stdout, or stderr when stdout carries fixed text). */
  file: string | null;
}

export async function lintCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('lint', args, OPTIONS);
  if (values.help) {
    io.stdout.write(LINT_HELP);
    return 0;
  }
  if (values.version) {
    io.stdout.write(`shipshape ${packageVersion()}\n`);
    return 0;
  }
  const cwd = io.cwd ?? process.cwd();
  if (positionals.length === 0) {
    throw inputError(
      'usage',
      'lint: no Dockerfile given',
      'pass one or more Dockerfiles or directories, or - to read stdin',
    );
  }
  if (values.fix && values['fix-dry-run']) {
    throw inputError('usage', 'lint: --fix and --fix-dry-run cannot be used together', 'pick one');
  }
  const limits = limitsFromEnv(io.env);
  const config = await loadLintConfig({
    cwd,
    env: io.env,
    limits,
    flags: {
      config: values.config,
      formats: values.format,
      noFail: values['no-fail'],
      noColor: values['no-color'],
      verbose: values.verbose,
      error: values.error,
      warning: values.warning,
      info: values.info,
      style: values.style,
      ignore: values.ignore,
      enable: values.enable,
      trustedRegistry: values['trusted-registry'],
      requireLabel: values['require-label'],
      strictLabels: values['strict-labels'],
      disableIgnorePragma: values['disable-ignore-pragma'],
      failureThreshold: values['failure-threshold'],
    },
  });
  const gate = specGate(values.severity, values['fail-on'], values['failure-threshold']);
  if (gate.failureThreshold) config.failureThreshold = gate.failureThreshold;
  if (gate.noFail) config.noFail = true;
  const quiet = values.quiet === true;
  if (config.verbose) {
    for (const f of config.files) io.stderr.write(`shipshape: using config ${f}\n`);
  }
  const destinations = pairOutputs(config, values.output ?? []);
  const stdinText = memo(() => readStdin(io.stdin, limits.dockerfileBytes));

  if (values['fix-dry-run']) return dryRun(positionals, config, limits, cwd, stdinText, io);

  let reportStream: Writer = io.stdout;
  let stdinForLint = stdinText;
  if (values.fix) {
    const fixed = await applyFixes(positionals, config, limits, cwd, stdinText, io, quiet);
    if (fixed.stdin !== null) {
      const text = fixed.stdin;
      io.stdout.write(text);
      // stdout now carries the Dockerfile, so the report goes to stderr.
      reportStream = io.stderr;
      stdinForLint = async () => text;
    }
  }

  const result = await lintFiles(positionals, {
    settings: config.settings,
    shellcheck: values['no-shellcheck'] ? false : 'auto',
    limits,
    stdin: stdinForLint,
    cwd,
    env: io.env,
  });
  const pathInReport = values['file-path-in-report'];
  const report: LintReport = {
    files: result.files.map((f) => ({
      path: f.path,
      text: f.text,
      findings: applyIgnores(f.findings, config, pathInReport ?? f.path).filter(gate.show),
    })),
  };

  const formats = destinations.map((d) => d.format);
  const notices = [...config.notices, ...result.notices];
  if (!quiet && formats.includes('tty')) {
    for (const n of notices) io.stderr.write(`shipshape: ${n.replace(/\s*\n\s*/g, ' ')}\n`);
  }
  const colorAllowed = !config.noColor && io.isTTY === true && reportStream === io.stdout;
  for (const d of destinations) {
    const text = formatLintReport(d.format, report, {
      color: d.file === null && d.format === 'tty' && colorAllowed,
      verbose: config.verbose,
      filePathInReport: pathInReport,
      toolVersion: packageVersion(),
      rules: RULES.map((r) => r.meta),
      summary: !quiet,
    });
    if (d.file === null) reportStream.write(text);
    else await writeReport(d.file, text, cwd);
  }
  return exitCode(report, config, formats);
}

/**
 * SPEC's common flags on top of hadolint's: `--severity LIST` shows only findings whose severity (error → high,
 * warning → medium, info → low, style → info) is listed; `--fail-on SEVERITY` is --failure-threshold in SPEC's
 * words (critical and high → error, medium → warning, low → info, info → style, none → never fail).
 */
export function specGate(
  severities: string[] | undefined,
  failOn: string | undefined,
  failureThreshold: string | undefined,
): {
  show: (f: { code: string; level: LintLevel }) => boolean;
  failureThreshold?: FailureThreshold;
  noFail?: boolean;
} {
  const wanted = new Set<Severity>();
  for (const s of (severities ?? [])
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (!(SEVERITIES as readonly string[]).includes(s)) {
      throw inputError('usage', `lint: --severity ${s}: expected ${SEVERITIES.join(', ')}`);
    }
    wanted.add(s as Severity);
  }
  const show = (f: { code: string; level: LintLevel }) =>
    wanted.size === 0 || f.code === 'DL1000' || wanted.has(lintLevelToSeverity(f.level));
  if (failOn === undefined) return { show };
  if (failureThreshold !== undefined) {
    throw inputError('usage', 'lint: --fail-on and --failure-threshold say the same thing', 'pick one');
  }
  const map: Record<string, FailureThreshold> = {
    critical: 'error',
    high: 'error',
    medium: 'warning',
    low: 'info',
    info: 'style',
  };
  if (failOn === 'none') return { show, noFail: true };
  const threshold = map[failOn];
  if (!threshold) {
    throw inputError('usage', `lint: --fail-on ${failOn}: expected ${[...SEVERITIES, 'none'].join(', ')}`);
  }
  return { show, failureThreshold: threshold };
}

/** hadolint's exit rule: parse errors and findings at or above the threshold fail, unless --no-fail or codeclimate. */
export function exitCode(
  report: LintReport,
  config: Pick<LintConfig, 'noFail' | 'failureThreshold'>,
  formats: LintFormat[],
) {
  if (config.noFail || formats.includes('codeclimate')) return 0;
  const findings = report.files.flatMap((f) => f.findings);
  if (findings.some((f) => f.code === 'DL1000')) return 1;
  return findings.some((f) => failsAt(f.level, config.failureThreshold)) ? 1 : 0;
}

/**
 * Pairs -o files with the formats given as flags, in order. When formats come from flags they replace those of
 * the environment and config files: two formats on one stdout would make both unreadable.
 */
function pairOutputs(config: LintConfig, outputs: string[]): Destination[] {
  const formats: LintFormat[] =
    config.flagFormats.length > 0 ? config.flagFormats : config.formats.length > 0 ? config.formats : ['tty'];
  if (outputs.length > formats.length) {
    throw inputError(
      'usage',
      `lint: ${outputs.length} --output files but ${formats.length} format${formats.length === 1 ? '' : 's'}`,
      'give one --format for each --output, in the same order',
    );
  }
  return formats.map((format, i) => ({ format, file: outputs[i] ?? null }));
}

function applyIgnores(findings: LintFinding[], config: LintConfig, path: string): LintFinding[] {
  if (config.ignores.length === 0) return findings;
  return findings.filter((f) => !config.ignores.some((e) => ignoreApplies(e, f.code, path)));
}

function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= fn();
    return p;
  };
}

async function writeReport(file: string, text: string, cwd: string) {
  const full = isAbsolute(file) ? file : resolve(cwd, file);
  try {
    await writeFile(full, text);
  } catch (e) {
    throw fileError(file, e);
  }
}

/** The fixed text of each file (null when nothing changes), in discovery order. */
async function computeFixes(
  paths: string[],
  config: LintConfig,
  limits: Limits,
  cwd: string,
  stdinText: () => Promise<string>,
): Promise<{ path: string; before: string; after: string; fixed: number }[]> {
  const files = await discoverDockerfiles(paths, cwd);
  const out: { path: string; before: string; after: string; fixed: number }[] = [];
  for (const path of files) {
    const before = await readDockerfile(path, { limits, cwd, stdin: stdinText });
    const facts = await gatherFacts(path, cwd);
    const result = fixText(before, { path, limits, settings: config.settings, facts });
    out.push({ path, before, after: result.text, fixed: result.fixed.length });
  }
  return out;
}

async function dryRun(
  paths: string[],
  config: LintConfig,
  limits: Limits,
  cwd: string,
  stdinText: () => Promise<string>,
  io: CliIO,
): Promise<number> {
  let changed = 0;
  // diff is only needed here: loading it on demand keeps it off the start-up path of every other run.
  const { createTwoFilesPatch } = await import('diff');
  for (const f of await computeFixes(paths, config, limits, cwd, stdinText)) {
    if (f.after === f.before) continue;
    changed++;
    const name = f.path.replace(/^\.\//, '');
    const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, f.before, f.after, undefined, undefined, {
      context: 3,
    });
    // Drop the `====` banner line: `git apply` and `patch` read the rest as is.
    io.stdout.write(patch.replace(/^=+\n/, ''));
  }
  return changed > 0 ? 1 : 0;
}

async function applyFixes(
  paths: string[],
  config: LintConfig,
  limits: Limits,
  cwd: string,
  stdinText: () => Promise<string>,
  io: CliIO,
  quiet: boolean,
): Promise<{ stdin: string | null }> {
  let stdin: string | null = null;
  for (const f of await computeFixes(paths, config, limits, cwd, stdinText)) {
    if (f.path === '-') {
      stdin = f.after;
      continue;
    }
    if (f.after === f.before) continue;
    const full = isAbsolute(f.path) ? f.path : resolve(cwd, f.path);
    const written = await writeAtomic(f.path, full, f.after);
    if (!quiet) {
      const msg = written
        ? `fixed ${f.fixed} problem${f.fixed === 1 ? '' : 's'} in ${f.path}`
        : `${f.path} is a symbolic link; left unchanged (run --fix on the file it points to)`;
      io.stderr.write(`shipshape: ${msg}\n`);
    }
  }
  return { stdin };
}

/** Replaces the file by writing a temporary file beside it and renaming it over; never follows a symlink. */
export async function writeAtomic(shown: string, full: string, text: string): Promise<boolean> {
  let mode: number;
  try {
    const st = await lstat(full);
    if (st.isSymbolicLink()) return false;
    mode = st.mode & 0o7777;
  } catch (e) {
    throw fileError(shown, e);
  }
  const tmp = join(
    dirname(full),
    `.${basename(full)}.shipshape-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(tmp, text, { flag: 'wx', mode });
    await rename(tmp, full);
  } catch (e) {
    await rm(tmp, { force: true });
    throw fileError(shown, e);
  }
  return true;
}
