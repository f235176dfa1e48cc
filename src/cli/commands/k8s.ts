// `shipshape k8s`: Pod Security Standards and best-practice checks on manifests, with reports and autofix.
import { isAbsolute, resolve } from 'node:path';
import { fileError, inputError } from '../../core/errors.js';
import { type Limits, limitsFromEnv } from '../../core/limits.js';
import { SEVERITIES, type Severity } from '../../core/severity.js';
import {
  findShipshapeConfig,
  type IgnoreEntry,
  readYamlConfig,
  shipshapeConfigFrom,
} from '../../dockerfile/config.js';
import { type K8sFinding, runPolicies, severityRank } from '../../k8s/engine.js';
import { fixManifestText } from '../../k8s/fix.js';
import {
  discoverManifests,
  looksLikeManifest,
  type ManifestFile,
  parseManifestText,
  readManifest,
  readManifestStdin,
} from '../../k8s/parse.js';
import {
  buildPolicies,
  DEFAULT_POLICIES,
  isPolicyName,
  normalizeK8sVersion,
  POLICY_NAMES,
  type PolicyName,
} from '../../k8s/policies.js';
import {
  type FindingsFormat,
  type FindingsReport,
  formatFindings,
  isFindingsFormat,
  type ReportFinding,
} from '../../report/findings/index.js';
import type { CliIO, Writer } from '../io.js';
import { packageVersion } from '../version.js';
import { parseCommandArgs, writeAtomic } from './lint.js';

export const K8S_HELP = `Usage: shipshape k8s [options] [PATH...]

Checks Kubernetes manifests: YAML (multi-document, helm template and kustomize build output) and JSON,
List kinds included. A directory means every *.yaml, *.yml and *.json below it that looks like a manifest;
- reads standard input.

Policies:
      --policy P               pss-baseline, pss-restricted, recommended (repeat or comma list;
                               default: pss-restricted,recommended)
      --k8s-version V          the Pod Security Standards version: latest (default) or v1.<minor>

Output:
  -f, --format FORMAT          table (default), json, sarif
  -o, --output FILE            write the report to FILE
      --severity LIST          show only these severities (critical,high,medium,low,info)
      --file-path-in-report P  print P as the file path (e.g. the real name of a file read from stdin)
      --no-color               no colours (also NO_COLOR=1)
  -q, --quiet                  no summary line and no notices

Exit status:
      --fail-on SEVERITY       exit 1 when a finding is at or above SEVERITY: critical, high (default), medium,
                               low, info, or none (never)

Fixes:
      --fix                    add what Pod Security restricted needs, in place (with -, print the fixed text)
      --fix-dry-run            print the fixes as a unified diff and change nothing (exit 1 if there are any)

Config:
  -c, --config FILE            use FILE instead of searching for .shipshape.yaml (its ignore: entries apply)

Suppress a check on one object with an annotation that says why:
  ignore-check.shipshape.dev/<rule id with / replaced by .>: "<reason>"   (e.g. pss.runAsNonRoot)
  shipshape.dev/ignore-all: "<reason>"
`;

const OPTIONS = {
  policy: { type: 'string', multiple: true },
  'k8s-version': { type: 'string' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  severity: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'no-color': { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  'file-path-in-report': { type: 'string' },
  verbose: { type: 'boolean', short: 'V' },
  help: { type: 'boolean', short: 'h' },
} as const;

type FailOn = Severity | 'none';

const commaList = (values: readonly string[] | undefined) =>
  (values ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);

function parsePolicies(values: readonly string[] | undefined): PolicyName[] {
  const names = commaList(values);
  if (names.length === 0) return [...DEFAULT_POLICIES];
  for (const n of names) {
    if (!isPolicyName(n)) {
      throw inputError('usage', `k8s: unknown policy '${n}'`, `use ${POLICY_NAMES.join(', ')}`);
    }
  }
  return [...new Set(names as PolicyName[])];
}

function parseSeverities(values: readonly string[] | undefined): Set<Severity> | null {
  const list = commaList(values).map((s) => s.toLowerCase());
  if (list.length === 0) return null;
  for (const s of list) {
    if (!(SEVERITIES as readonly string[]).includes(s)) {
      throw inputError('usage', `k8s: unknown severity '${s}'`, `use ${SEVERITIES.join(', ')}`);
    }
  }
  return new Set(list as Severity[]);
}

function parseFailOn(raw: string | undefined): FailOn {
  if (raw === undefined) return 'high';
  const v = raw.toLowerCase();
  if (v === 'none' || (SEVERITIES as readonly string[]).includes(v)) return v as FailOn;
  throw inputError(
    'usage',
    `k8s: --fail-on ${raw} is not a severity`,
    `use ${SEVERITIES.join(', ')} or none`,
  );
}

/** `.shipshape.yaml` (found upward, or --config): its ignore entries and notices (expired ignores). */
async function loadIgnores(
  configFlag: string | undefined,
  cwd: string,
  limits: Limits,
): Promise<{ ignores: IgnoreEntry[]; notices: string[]; file: string | null }> {
  const file = configFlag
    ? isAbsolute(configFlag)
      ? configFlag
      : resolve(cwd, configFlag)
    : await findShipshapeConfig(cwd);
  if (!file) return { ignores: [], notices: [], file: null };
  const src = await readYamlConfig(file, limits);
  const { ignores, notices } = shipshapeConfigFrom(src, new Date().toISOString().slice(0, 10));
  return { ignores, notices, file };
}

function toReportFinding(f: K8sFinding): ReportFinding {
  const out: ReportFinding = {
    kind: 'misconfiguration',
    ruleId: f.ruleId,
    severity: f.severity,
    title: f.title,
    message: f.message,
    location: f.location,
    resource: f.resource,
  };
  if (f.fix !== undefined) out.fix = f.fix;
  if (f.suppressed) out.suppression = { kind: f.suppressed.by, reason: f.suppressed.reason };
  return out;
}

export async function k8sCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('k8s', args, OPTIONS);
  if (values.help) {
    io.stdout.write(K8S_HELP);
    return 0;
  }
  const cwd = io.cwd ?? process.cwd();
  if (positionals.length === 0) {
    throw inputError(
      'usage',
      'k8s: no manifest given',
      'pass one or more files or directories, or - to read stdin',
    );
  }
  if (values.fix && values['fix-dry-run']) {
    throw inputError('usage', 'k8s: --fix and --fix-dry-run cannot be used together', 'pick one');
  }
  const format = values.format ?? 'table';
  if (!isFindingsFormat(format)) {
    throw inputError('usage', `k8s: unknown format '${format}'`, 'use table, json or sarif');
  }
  const policyNames = parsePolicies(values.policy);
  const version = normalizeK8sVersion(values['k8s-version']);
  const shown = parseSeverities(values.severity);
  const failOn = parseFailOn(values['fail-on']);
  const limits = limitsFromEnv(io.env);
  const quiet = values.quiet === true;
  const config = await loadIgnores(values.config, cwd, limits);
  if (values.verbose && config.file) io.stderr.write(`shipshape: using config ${config.file}\n`);

  let stdinText: Promise<string> | undefined;
  const stdin = () => {
    stdinText ??= readManifestStdin(io.stdin, limits.manifestBytes);
    return stdinText;
  };
  const pathInReport = values['file-path-in-report'];
  const display = (p: string) => pathInReport ?? p;

  // Read and parse everything first: bad input stops the run (exit 2) before anything is written.
  const files: ManifestFile[] = [];
  for (const { path, explicit } of await discoverManifests(positionals, cwd)) {
    const text = await readManifest(path, { limits, cwd, stdin });
    if (!explicit && !looksLikeManifest(text)) continue;
    files.push({ path, text, objects: parseManifestText(text, display(path), limits) });
  }

  const notices = [...config.notices];
  let reportStream: Writer = io.stdout;
  if (values['fix-dry-run'] || values.fix) {
    const { changed, stdinFixed } = await runFixes(files, limits, cwd, io, {
      dryRun: values['fix-dry-run'] === true,
      quiet,
      display,
      notices,
    });
    if (values['fix-dry-run']) {
      for (const n of quiet ? [] : notices) io.stderr.write(`shipshape: ${n}\n`);
      return changed > 0 ? 1 : 0;
    }
    if (stdinFixed !== null) {
      io.stdout.write(stdinFixed);
      // stdout now carries the manifest, so the report goes to stderr.
      reportStream = io.stderr;
    }
    // Report on what is left, from the fixed text.
    for (const f of files) f.objects = parseManifestText(f.text, display(f.path), limits);
  }

  const result = runPolicies(files, {
    policies: buildPolicies(policyNames, version),
    ignores: config.ignores,
  });
  const keep = (f: K8sFinding) => shown === null || shown.has(f.severity);
  const report: FindingsReport = {
    target: { type: 'k8s', ref: positionals.map(display).join(' ') },
    findings: result.findings.filter(keep).map(toReportFinding),
    suppressed: result.suppressed.filter(keep).map(toReportFinding),
  };
  if (!quiet) for (const n of notices) io.stderr.write(`shipshape: ${n}\n`);
  const noColor = values['no-color'] === true || (io.env.NO_COLOR ?? '') !== '';
  const text = formatFindings(format as FindingsFormat, report, {
    color:
      format === 'table' && !values.output && !noColor && io.isTTY === true && reportStream === io.stdout,
    toolVersion: packageVersion(),
    summary: !quiet,
  });
  if (values.output) await writeReport(values.output, text, cwd);
  else reportStream.write(text);
  if (failOn === 'none') return 0;
  const threshold = severityRank(failOn);
  return report.findings.some((f) => severityRank(f.severity) >= threshold) ? 1 : 0;
}

async function writeReport(file: string, text: string, cwd: string) {
  const { writeFile } = await import('node:fs/promises');
  try {
    await writeFile(isAbsolute(file) ? file : resolve(cwd, file), text);
  } catch (e) {
    throw fileError(file, e);
  }
}

/** Applies (or, dry, diffs) fixManifestText on every file; returns how many changed and stdin's fixed text. */
async function runFixes(
  files: ManifestFile[],
  limits: Limits,
  cwd: string,
  io: CliIO,
  options: { dryRun: boolean; quiet: boolean; display: (p: string) => string; notices: string[] },
): Promise<{ changed: number; stdinFixed: string | null }> {
  let changed = 0;
  let stdinFixed: string | null = null;
  const { createTwoFilesPatch } = options.dryRun ? await import('diff') : { createTwoFilesPatch: null };
  for (const f of files) {
    const fixed = fixManifestText(f.text, { maxAliasCount: limits.manifestAliases });
    const name = options.display(f.path);
    for (const s of fixed.suggestions) options.notices.push(`${name}: suggestion: ${s.message}`);
    if (f.path === '-') stdinFixed = fixed.text;
    if (!fixed.changed || fixed.text === f.text) continue;
    changed++;
    if (createTwoFilesPatch) {
      const shown = name.replace(/^\.\//, '');
      const patch = createTwoFilesPatch(
        `a/${shown}`,
        `b/${shown}`,
        f.text,
        fixed.text,
        undefined,
        undefined,
        {
          context: 3,
        },
      );
      io.stdout.write(patch.replace(/^=+\n/, ''));
      continue;
    }
    if (f.path !== '-') {
      const full = isAbsolute(f.path) ? f.path : resolve(cwd, f.path);
      const written = await writeAtomic(f.path, full, fixed.text);
      if (!options.quiet) {
        io.stderr.write(
          written
            ? `shipshape: fixed ${f.path}\n`
            : `shipshape: ${f.path} is a symbolic link; left unchanged (run --fix on the file it points to)\n`,
        );
      }
      if (!written) continue;
    }
    f.text = fixed.text;
  }
  return { changed, stdinFixed };
}
