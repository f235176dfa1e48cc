// Lint benchmark: shipshape (with and without ShellCheck) against dockerfilelint and dockerfile-utils on a
// generated corpus, plus CLI cold-start times. Prints a table and writes bench/lint/results/latest.json.
// Run: npm run bench:lint   (env: BENCH_FILES=1200 BENCH_RUNS=10 BENCH_SEED=20240611)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_COUNT, DEFAULT_SEED, ensureCorpus } from './gen-corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const corpusDir = join(here, 'corpus');
const resultsDir = join(here, 'results');
const require = createRequire(join(root, 'package.json'));

const FILES = Number(process.env.BENCH_FILES ?? DEFAULT_COUNT);
const SEED = Number(process.env.BENCH_SEED ?? DEFAULT_SEED);
const RUNS = Math.max(10, Number(process.env.BENCH_RUNS ?? 10));
// Timed passes over the corpus for the in-process numbers (after one warm-up pass); the best pass counts.
const PASSES = Number(process.env.BENCH_PASSES ?? 3);
// The ShellCheck row is dominated by the shellcheck process (seconds): one timed run, no warm-up, by default.
const SC_PASSES = Number(process.env.BENCH_SC_PASSES ?? 1);

const notes = [];
const note = (s) => {
  notes.push(s);
  console.warn(`note: ${s}`);
};

const count = ensureCorpus(corpusDir, FILES, SEED);
const names = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.Dockerfile'))
  .sort();
const texts = names.map((n) => readFileSync(join(corpusDir, n), 'utf8'));
const totalLines = texts.reduce((s, t) => s + t.split('\n').length - 1, 0);
console.log(`corpus: ${count} files, ${totalLines} lines in ${relative(root, corpusDir)} (seed ${SEED})`);

/** Runs `lintOne` over every text PASSES times after a warm-up; returns the best pass and per-file crashes. */
function inProcess(lintOne) {
  let crashes = 0;
  let findings = 0;
  const crashSamples = [];
  const pass = (record) => {
    let n = 0;
    const start = process.hrtime.bigint();
    for (let i = 0; i < texts.length; i++) {
      try {
        n += lintOne(texts[i], names[i]);
      } catch (e) {
        if (record) {
          crashes++;
          if (crashSamples.length < 3)
            crashSamples.push(`${names[i]}: ${String(e?.message ?? e).split('\n')[0]}`);
        }
      }
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (record) findings = n;
    return ms;
  };
  pass(true);
  let best = Number.POSITIVE_INFINITY;
  for (let p = 0; p < PASSES; p++) best = Math.min(best, pass(false));
  return {
    ms: round(best),
    filesPerSecond: Math.round((texts.length / best) * 1000),
    findings,
    crashes,
    crashSamples,
  };
}

const round = (x) => Math.round(x * 10) / 10;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function importDist(path) {
  const full = join(root, 'dist', path);
  if (!existsSync(full)) return null;
  try {
    return await import(pathToFileURL(full).href);
  } catch (e) {
    note(`dist/${path} did not load: ${String(e?.message ?? e).split('\n')[0]}`);
    return null;
  }
}

const tools = {};

/** How many RUN scripts ShellCheck sees, and how many distinct ones (each distinct script is checked once). */
function scriptCounts() {
  if (!shellcheckMod || !lint) return {};
  const all = texts.flatMap((t) =>
    shellcheckMod.shellcheckScripts(lint.lintText(t).model).map((s) => s.text),
  );
  return { scripts: all.length, distinctScripts: new Set(all).size };
}

// (1) shipshape through its library API.
const lint = await importDist('dockerfile/lint.js');
const lintFilesMod = await importDist('dockerfile/lint-files.js');
const shellcheckMod = await importDist('dockerfile/shellcheck.js');
const rulesMod = await importDist('dockerfile/rules/index.js');
const shellcheckVersion = (() => {
  try {
    const out = execFileSync(process.env.SHIPSHAPE_SHELLCHECK || 'shellcheck', ['--version'], {
      encoding: 'utf8',
    });
    return /version:\s*(\S+)/.exec(out)?.[1] ?? 'unknown';
  } catch {
    return null;
  }
})();
if (lint) {
  const rules = rulesMod?.RULES?.length ?? null;
  const without = inProcess((text, name) => lint.lintText(text, { path: name }).findings.length);
  tools.shipshape = { api: 'lintText', rules, ...without };
  if (lintFilesMod && shellcheckVersion) {
    // Whole pipeline as the CLI runs it: discover, read, parse, lint, one batched shellcheck process.
    const runOnce = async () => {
      const start = process.hrtime.bigint();
      const r = await lintFilesMod.lintFiles([corpusDir], { shellcheck: true });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const all = r.files.flatMap((f) => f.findings);
      return {
        ms,
        findings: all.length,
        sc: all.filter((f) => f.code.startsWith('SC')).length,
        files: r.files.length,
      };
    };
    try {
      const timings = [];
      let last;
      for (let p = 0; p < SC_PASSES; p++) {
        last = await runOnce();
        timings.push(last.ms);
      }
      const best = Math.min(...timings);
      tools['shipshape + ShellCheck'] = {
        api: `lintFiles (shellcheck ${shellcheckVersion})`,
        rules: rules === null ? null : `${rules} + SC`,
        ms: round(best),
        filesPerSecond: Math.round((last.files / best) * 1000),
        findings: last.findings,
        scFindings: last.sc,
        ...scriptCounts(),
        crashes: 0,
        crashSamples: [],
      };
    } catch (e) {
      note(`shipshape + ShellCheck failed: ${String(e?.message ?? e).split('\n')[0]}`);
    }
  } else if (!shellcheckVersion) {
    note('shellcheck is not installed: the "shipshape + ShellCheck" row is skipped');
  } else {
    note('dist/dockerfile/lint-files.js is missing: the "shipshape + ShellCheck" row is skipped');
  }
} else {
  note('dist/dockerfile/lint.js is missing or broken (run npm run build): shipshape rows skipped');
}

// (2) the npm peers, in-process through their library APIs.
try {
  const dockerfilelint = require('dockerfilelint');
  const reference = require('dockerfilelint/lib/reference.js');
  const version = require('dockerfilelint/package.json').version;
  // The config path is a folder searched for .dockerfilelintrc; the corpus has none.
  const r = inProcess((text) => dockerfilelint.run(corpusDir, text).length);
  tools.dockerfilelint = { api: `run() ${version}`, rules: Object.keys(reference).length, ...r };
} catch (e) {
  note(`dockerfilelint not available: ${String(e?.message ?? e).split('\n')[0]}`);
}
try {
  const utils = require('dockerfile-utils');
  const version = require('dockerfile-utils/package.json').version;
  const rules = Object.values(utils.ValidationCode).filter((v) => typeof v === 'number').length;
  const r = inProcess((text) => utils.validate(text).length);
  tools['dockerfile-utils'] = { api: `validate() ${version}`, rules, ...r };
} catch (e) {
  note(`dockerfile-utils not available: ${String(e?.message ?? e).split('\n')[0]}`);
}

// (3) cold start: one file, a fresh node process each time.
const sample = join(corpusDir, names.find((n) => n.includes('-node.')) ?? names[0]);
const coldRows = [];
function cold(label, args, { check } = {}) {
  const times = [];
  let last;
  for (let i = 0; i < RUNS + 1; i++) {
    const start = process.hrtime.bigint();
    last = spawnSync(process.execPath, args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (i > 0) times.push(ms); // the first run warms the OS file cache
  }
  const row = {
    label,
    command: `node ${args.map((a) => relative(root, a) || a).join(' ')}`,
    medianMs: round(median(times)),
    minMs: round(Math.min(...times)),
    runs: times.length,
    exitCode: last.status,
  };
  if (check) {
    const problem = check(last);
    if (problem) row.note = problem;
  }
  coldRows.push(row);
}
cold('node -e 0 (baseline)', ['-e', '0']);
const cli = join(root, 'dist', 'shipshape.mjs');
if (existsSync(cli)) {
  cold('shipshape lint --no-shellcheck', [cli, 'lint', '--no-shellcheck', sample], {
    // 0 clean, 1 findings; anything else means the CLI did not lint (usage error, crash).
    check: (r) =>
      r.status === 0 || r.status === 1
        ? null
        : `exit ${r.status}: ${(r.stderr || r.stdout).trim().split('\n')[0]}`,
  });
} else {
  note('dist/shipshape.mjs is missing (CLI not built yet): its cold-start row is skipped');
}
const peerBins = [
  ['dockerfilelint', 'dockerfilelint/bin/dockerfilelint', []],
  ['dockerfile-utils lint', 'dockerfile-utils/bin/dockerfile-utils', ['lint']],
];
for (const [label, bin, pre] of peerBins) {
  try {
    cold(label, [require.resolve(bin), ...pre, sample]);
  } catch (e) {
    note(`${label}: ${String(e?.message ?? e).split('\n')[0]}`);
  }
}
for (const row of coldRows) if (row.note) note(`${row.label}: ${row.note}`);

// Report.
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(
  `\nload average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} on ${cpus().length} CPUs`,
);
console.log(`\nIn-process lint of ${texts.length} files (best of ${PASSES} passes after a warm-up)`);
console.log(
  `${pad('tool', 26)}${lpad('rules', 10)}${lpad('ms', 10)}${lpad('files/s', 10)}${lpad('findings', 10)}${lpad('crashes', 9)}`,
);
for (const [name, t] of Object.entries(tools)) {
  console.log(
    `${pad(name, 26)}${lpad(t.rules ?? '?', 10)}${lpad(t.ms, 10)}${lpad(t.filesPerSecond, 10)}${lpad(t.findings, 10)}${lpad(t.crashes, 9)}`,
  );
}
const sc = tools['shipshape + ShellCheck'];
if (sc?.scripts !== undefined) {
  console.log(
    `ShellCheck: ${sc.scripts} RUN scripts, ${sc.distinctScripts} distinct, one process, ${sc.scFindings} SC findings`,
  );
}
console.log(`\nCold start on one file (${relative(root, sample)}), median of ${RUNS} runs`);
console.log(`${pad('command', 34)}${lpad('median ms', 11)}${lpad('min ms', 9)}${lpad('exit', 6)}`);
for (const r of coldRows)
  console.log(`${pad(r.label, 34)}${lpad(r.medianMs, 11)}${lpad(r.minMs, 9)}${lpad(r.exitCode ?? '-', 6)}`);

const gitCommit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
})();
const result = {
  date: new Date().toISOString(),
  commit: gitCommit,
  environment: {
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    shellcheck: shellcheckVersion,
    // Other work on the machine skews every number: compare runs only at a similar load.
    loadAverage: loadavg().map((x) => round(x)),
  },
  corpus: { files: texts.length, lines: totalLines, seed: SEED },
  settings: { passes: PASSES, coldRuns: RUNS },
  inProcess: tools,
  coldStart: coldRows,
  notes,
};
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwrote ${relative(root, join(resultsDir, 'latest.json'))}`);
