// `shipshape scan IMAGE`: the image's known vulnerabilities, prioritized and attributed to layers and Dockerfile lines.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { tuneHeapForBatch } from '../../core/batch-heap.js';
import { shipshapeCacheDir } from '../../core/code-cache.js';
import { fileError, inputError } from '../../core/errors.js';
import { readTextWithin } from '../../core/files.js';
import { limitError, limitsFromEnv } from '../../core/limits.js';
import { SEVERITIES, type Severity } from '../../core/severity.js';
import { findShipshapeConfig } from '../../dockerfile/config.js';
import { parseDockerfile } from '../../dockerfile/parse.js';
import { inventory } from '../../image/inventory.js';
import {
  type FindingsFormat,
  type FindingsReport,
  formatFindings,
  isFindingsFormat,
} from '../../report/findings/index.js';
import { attributeLayers } from '../../vuln/attribution.js';
import { DB_HINT, defaultDbPath, getMeta, openDatabase, sqliteError } from '../../vuln/db/schema.js';
import { demoDatabase } from '../../vuln/demo.js';
import { applyIgnores, loadScanConfig } from '../../vuln/ignore.js';
import { attributedLayers, findingOf, suppressedFindingOf } from '../../vuln/report.js';
import { matchPackages, prioritize, type VulnMatch } from '../../vuln/scan.js';
import { checkImageFlags, imageArg, readPasswordStdin } from '../image-args.js';
import type { CliIO } from '../io.js';
import { packageVersion } from '../version.js';
import { parseCommandArgs } from './lint.js';

export const SCAN_HELP = `Usage: shipshape scan [options] IMAGE

Finds the known vulnerabilities of every package in an image (OS and language packages), from the
vulnerability database (see shipshape db), with the fix, the distribution's own triage, CISA KEV and
EPSS, and the layer (or Dockerfile line) that brought each package in.
IMAGE: docker-archive:PATH, oci-archive:PATH, oci:DIR[:TAG], dir:PATH, a path detected by its content,
or a registry reference: docker://REF or bare (alpine:3.19, ghcr.io/o/r@sha256:..., host:5000/r:tag).

Output:
  -f, --format FORMAT          table (default), json, sarif
  -o, --output FILE            write the report to FILE
      --severity LIST          show only these severities (critical,high,medium,low,info)
      --ignore-unfixed         leave out vulnerabilities that have no fixed version (alias: --only-fixed)
      --ignore-status LIST     leave out what the distribution triaged as LIST (e.g. unimportant,negligible)
      --no-color               no colours (also NO_COLOR=1)
  -q, --quiet                  no summary line and no notices (database warnings still print)
  -V, --verbose                list the packages no database covers, the config files read, and stack traces

Attribution:
      --dockerfile FILE        map layers to FILE's instructions: findings name the line that added the package
      --only-base              only findings from packages the base image brought
      --ignore-base            leave out findings from packages the base image brought

Exit status:
      --fail-on SEVERITY       fail when a finding is at or above SEVERITY: critical, high (default), medium,
                               low, info, or none (never)
      --exit-code N            the exit status for that failure (default 1; Trivy's flag)

Database:
      --db PATH                the database file (default: <cache>/db/vulnerabilities.db, filled by
                               shipshape db update; without one, scan stops with exit 2)
      --demo-db                use the bundled demo database (43 real OSV records) to try shipshape out; it
                               knows too little for real images
      --offline                never use the network (registry references are refused)

Image:
      --platform OS/ARCH[/V]   the image to pick from a multi-platform index (default linux/amd64)
      --no-cache               read every layer again (layer results are cached by digest in the cache dir)
      --username USER          log in as USER (with --password-stdin); else ~/.docker/config.json is used
      --password-stdin         read the password (or token) for --username from standard input
      --insecure               allow plain HTTP and skip TLS verification (localhost may use HTTP without it)

Config:
  -c, --config FILE            use FILE instead of searching for .shipshape.yaml. Its ignore: entries with a
                               vulnerability id (CVE-..., GHSA-...) or a package need a reason: and may expire:;
                               .trivyignore and .grype.yaml in the working directory are read too.
`;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  quiet: { type: 'boolean', short: 'q' },
  'no-color': { type: 'boolean' },
  severity: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  'exit-code': { type: 'string' },
  'ignore-unfixed': { type: 'boolean' },
  'only-fixed': { type: 'boolean' },
  'ignore-status': { type: 'string', multiple: true },
  db: { type: 'string' },
  'demo-db': { type: 'boolean' },
  offline: { type: 'boolean' },
  platform: { type: 'string' },
  username: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  insecure: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  dockerfile: { type: 'string' },
  'only-base': { type: 'boolean' },
  'ignore-base': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'V' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A database older than this gets a warning (Grype refuses one older than 5 days; we only warn). */
const MAX_AGE_DAYS = 7;
const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

const commaList = (values: readonly string[] | undefined) =>
  (values ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);

function parseSeverities(values: readonly string[] | undefined): Set<Severity> | null {
  const list = commaList(values).map((s) => s.toLowerCase());
  if (list.length === 0) return null;
  for (const s of list) {
    if (!(SEVERITIES as readonly string[]).includes(s)) {
      throw inputError('usage', `scan: unknown severity '${s}'`, `use ${SEVERITIES.join(', ')}`);
    }
  }
  return new Set(list as Severity[]);
}

function parseFailOn(raw: string | undefined): Severity | 'none' {
  if (raw === undefined) return 'high';
  const v = raw.toLowerCase();
  if (v === 'none' || (SEVERITIES as readonly string[]).includes(v)) return v as Severity | 'none';
  throw inputError(
    'usage',
    `scan: --fail-on ${raw} is not a severity`,
    `use ${SEVERITIES.join(', ')} or none`,
  );
}

function parseExitCode(raw: string | undefined): number {
  if (raw === undefined) return 1;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) > 255) {
    throw inputError(
      'usage',
      `scan: --exit-code ${raw} is not an exit status`,
      'use a whole number from 0 to 255',
    );
  }
  return Number(raw);
}

/** Whether `ref` would be read from a registry (and so needs the network). */
function isRegistryRef(ref: string): boolean {
  if (/^(docker-archive|oci-archive|oci|dir):/.test(ref)) return false;
  if (ref.startsWith('docker://')) return true;
  if (existsSync(ref)) return false;
  return !/^(\.{0,2}\/|~)|\.(tar|tgz|tar\.gz|tar\.zst)$/i.test(ref);
}

export async function scanCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('scan', args, OPTIONS);
  if (values.help) {
    io.stdout.write(SCAN_HELP);
    return 0;
  }
  const ref = imageArg('scan', positionals);
  const format = values.format ?? 'table';
  if (!isFindingsFormat(format)) {
    throw inputError('usage', `scan: unknown format '${format}'`, 'use table, json or sarif');
  }
  const shown = parseSeverities(values.severity);
  const failOn = parseFailOn(values['fail-on']);
  const failCode = parseExitCode(values['exit-code']);
  if (values['only-base'] && values['ignore-base']) {
    throw inputError('usage', 'scan: --only-base and --ignore-base cannot be used together', 'pick one');
  }
  checkImageFlags('scan', values);
  if (values.offline && isRegistryRef(ref)) {
    throw inputError(
      'usage',
      `scan: ${ref} would be read from a registry, and --offline never uses the network`,
      'save the image first (skopeo copy docker://REF docker-archive:image.tar) and scan the archive',
    );
  }
  const cwd = io.cwd ?? process.cwd();
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  const limits = limitsFromEnv(io.env);
  const quiet = values.quiet === true;
  const verbose = values.verbose === true;
  const today = new Date().toISOString().slice(0, 10);
  const warn = (line: string) => io.stderr.write(`shipshape: ${line}\n`);
  const notices: string[] = [];

  // Everything that can be wrong with the invocation is found before the image is read.
  const config = await loadScanConfig({
    configFile: values.config !== undefined ? abs(values.config) : null,
    found: values.config === undefined ? await findShipshapeConfig(cwd) : null,
    cwd,
    limits,
    today,
  });
  if (verbose) for (const f of config.files) warn(`using ${f}`);
  notices.push(...config.notices);

  let dockerfile: { model: ReturnType<typeof parseDockerfile>; file: string } | undefined;
  if (values.dockerfile !== undefined) {
    const file = values.dockerfile;
    const text = await readTextWithin(file, {
      cwd,
      maxBytes: limits.dockerfileBytes,
      tooLarge: (p, size) =>
        limitError(`${p}: Dockerfile too large`, 'dockerfileBytes', size, limits.dockerfileBytes),
    });
    const model = parseDockerfile(text, { path: file, limits });
    if (model.stages.length === 0) {
      throw inputError(
        'malformed',
        `${file}: no FROM instruction: not a Dockerfile`,
        'pass the Dockerfile the image was built from',
      );
    }
    dockerfile = { model, file };
  }

  const password = values['password-stdin'] ? await readPasswordStdin('scan', io) : undefined;
  const cache = shipshapeCacheDir(io.env);
  if (values['demo-db'] && values.db !== undefined) {
    throw inputError('usage', 'scan: --db and --demo-db name two databases', 'pass one of them');
  }
  const db = values['demo-db']
    ? await openDemoDatabase(cache, warn)
    : await openScanDatabase(values.db !== undefined ? abs(values.db) : undefined, cache, warn);

  let matches: VulnMatch[];
  let inv: Awaited<ReturnType<typeof inventory>>;
  let skipped: { package: { name: string; version: string; type: string }; reason: string }[];
  try {
    const progress = !quiet && io.stderrIsTTY === true;
    const layerCache = values['no-cache'] ? null : cache;
    tuneHeapForBatch();
    inv = await inventory(ref, {
      limits,
      ...(layerCache ? { cacheDir: layerCache } : {}),
      ...(values.username !== undefined ? { username: values.username, password: password ?? '' } : {}),
      ...(values.insecure ? { insecure: true } : {}),
      env: io.env,
      ...(values.platform ? { platform: values.platform } : {}),
      ...(progress
        ? {
            onLayer: (done: number, total: number) =>
              io.stderr.write(`\r\x1b[Kreading layer ${done}/${total}`),
          }
        : {}),
    });
    if (progress) io.stderr.write('\r\x1b[K');
    const result = await matchPackages(db, inv.packages, inv.distro).catch((e: unknown) => {
      throw sqliteError(db.path, e);
    });
    matches = result.matches;
    skipped = result.skipped;
  } finally {
    db.close();
  }

  const attribution = attributeLayers(inv.target.layers, inv.history, dockerfile);
  notices.push(...attribution.notes);
  const originOf = (m: VulnMatch) =>
    m.package.layer !== undefined ? attribution.layers[m.package.layer] : undefined;
  prioritize(matches, (m) => originOf(m)?.base);

  const outcome = applyIgnores(matches, config.rules);
  for (const r of outcome.unused) {
    notices.push(`${r.origin}: the ignore of ${r.id ?? 'its rule'} matched no vulnerability in this image`);
  }

  const ignoreUnfixed =
    values['ignore-unfixed'] === true || values['only-fixed'] === true || config.ignoreUnfixed === true;
  const ignoreStatus = new Set(
    [...commaList(values['ignore-status']), ...config.ignoreStatus].map((s) => s.toLowerCase()),
  );
  const baseFilter = values['only-base'] ? 'only' : values['ignore-base'] ? 'ignore' : null;
  if (baseFilter && attribution.method === 'none') {
    notices.push(
      `cannot tell which layers came from the base image (no history to go by); --${baseFilter}-base treats every layer as the image's own: pass --dockerfile`,
    );
  }
  const keep = (m: VulnMatch) => {
    if (shown && !shown.has(m.severity)) return false;
    if (ignoreUnfixed && m.fixedVersions.length === 0) return false;
    if (m.status !== undefined && ignoreStatus.has(m.status.toLowerCase())) return false;
    const base = originOf(m)?.base === true;
    if (baseFilter === 'only' && !base) return false;
    if (baseFilter === 'ignore' && base) return false;
    return true;
  };

  const report: FindingsReport = {
    target: { ...inv.target, layers: attributedLayers(inv.target.layers, attribution) },
    packages: inv.packages,
    ...(inv.unknowns.length > 0 ? { unknowns: inv.unknowns } : {}),
    findings: outcome.kept.filter(keep).map((m) => findingOf(m, originOf(m))),
    suppressed: outcome.suppressed
      .filter((s) => keep(s.match))
      .map((s) => suppressedFindingOf(s.match, s.rule, originOf(s.match))),
  };

  if (!quiet) {
    for (const u of inv.unknowns) warn(`${u.path}: ${u.reason}`);
    for (const n of notices) warn(n);
  }
  if (verbose) {
    for (const s of skipped)
      warn(`not matched: ${s.package.type} ${s.package.name} ${s.package.version}: ${s.reason}`);
    warn(
      `${inv.packages.length} packages, ${matches.length} vulnerabilities matched, layers attributed by ${attribution.method}`,
    );
  }

  const noColor = values['no-color'] === true || (io.env.NO_COLOR ?? '') !== '';
  const text = formatFindings(format as FindingsFormat, report, {
    color: format === 'table' && !values.output && !noColor && io.isTTY === true,
    toolVersion: packageVersion(),
    summary: !quiet,
  });
  if (values.output) {
    const { writeFile } = await import('node:fs/promises');
    try {
      await writeFile(abs(values.output), text);
    } catch (e) {
      throw fileError(values.output, e);
    }
  } else {
    io.stdout.write(text);
  }
  if (failOn === 'none') return 0;
  const threshold = SEVERITY_RANK[failOn];
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? failCode : 0;
}

/**
 * `--db PATH`, else the database in the cache directory; either must exist. Scanning with no database, or with
 * the demo one unasked, would pass a CI gate on an image nobody checked. A database older than a week gets a
 * warning.
 */
async function openScanDatabase(
  explicit: string | undefined,
  cache: string | null,
  warn: (line: string) => void,
) {
  let path = explicit;
  if (path === undefined) {
    const standard = defaultDbPath(cache === null ? {} : { SHIPSHAPE_CACHE_DIR: cache });
    if (standard === null || cache === null) {
      throw inputError(
        'usage',
        'scan: no cache directory to find the vulnerability database in',
        `pass --db PATH (${DB_HINT})`,
      );
    }
    if (!existsSync(standard)) {
      throw inputError(
        'not-found',
        `scan: no vulnerability database at ${standard}`,
        `run shipshape db update (or shipshape db import PATH); to try shipshape out, --demo-db uses the bundled records`,
      );
    }
    path = standard;
  }
  const db = await openDatabase(path, { readonly: true });
  let updated: string | undefined;
  try {
    updated = getMeta(db, 'updated');
  } catch (e) {
    db.close();
    throw sqliteError(path, e);
  }
  const age = updated ? (Date.now() - Date.parse(updated)) / 86_400_000 : Number.NaN;
  if (!updated || Number.isNaN(age)) {
    warn(`the vulnerability database at ${path} has no record of an update; run shipshape db update`);
  } else if (age > MAX_AGE_DAYS) {
    warn(
      `the vulnerability database is ${Math.floor(age)} days old (last updated ${updated.slice(0, 10)}); run shipshape db update`,
    );
  }
  return db;
}

/** `--demo-db`: the database built (once, in the cache directory) from the bundled records, said in one line. */
async function openDemoDatabase(cache: string | null, warn: (line: string) => void) {
  if (cache === null) {
    throw inputError(
      'usage',
      'scan: no cache directory to build the demo database in',
      'set SHIPSHAPE_CACHE_DIR',
    );
  }
  const demo = await demoDatabase(cache);
  warn(`using the bundled demo database (${demo.records} records); run shipshape db update for the full one`);
  return openDatabase(demo.path, { readonly: true });
}
