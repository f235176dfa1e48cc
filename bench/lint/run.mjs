// Lint benchmark: shipshape (with and without ShellCheck) against dockerfilelint and dockerfile-utils on a
// generated corpus, plus CLI cold-start times. Prints a table and writes bench/lint/results/latest.json.
// Run: npm run bench:lint   (env: BENCH_FILES=1200 BENCH_RUNS=10 BENCH_SEED=20240611 BENCH_PASSES=7 BENCH_WARMUP_MS=3000)
import { execFileSync, fork, spawnSync } from 'node:child_process';
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
// Timed passes over the corpus for the in-process numbers; the best pass counts.
const PASSES = Number(process.env.BENCH_PASSES ?? 7);
// Before them, each tool lints the corpus again and again for this long (at least one pass), the same for every
// tool, so the timed passes measure code V8 has finished optimising (a long-running process: an editor, a
// language server, a CI job over a monorepo). The first pass, JIT compiles included, is reported too.
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 3000);
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

/** One tool's passes over every text: `pass(record)` times one; the first recorded pass counts findings and crashes. */
function inProcess(lintOne) {
  const stats = { findings: 0, crashes: 0, crashSamples: [] };
  const pass = (record) => {
    let n = 0;
    const start = process.hrtime.bigint();
    for (let i = 0; i < texts.length; i++) {
      try {
        n += lintOne(texts[i], names[i]);
      } catch (e) {
        if (record) {
          stats.crashes++;
          if (stats.crashSamples.length < 3)
            stats.crashSamples.push(`${names[i]}: ${String(e?.message ?? e).split('\n')[0]}`);
        }
      }
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (record) stats.findings = n;
    return ms;
  };
  return { pass, stats };
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

// shipshape through its library API.
const lint = await importDist('dockerfile/lint.js');
const rulesMod = await importDist('dockerfile/rules/index.js');

/** One in-process row: shipshape with hadolint's rules or all of them, or a peer through its library API. */
function inProcessRow(key) {
  switch (key) {
    case 'shipshape, hadolint rules': {
      // Issue 2's target names hadolint's 71 rules; the row with every rule adds shipshape's own 13.
      const rules = rulesMod.RULES.filter((r) => r.meta.origin === 'hadolint');
      const r = inProcess((text, name) => lint.lintText(text, { path: name, rules }).findings.length);
      return { api: 'lintText', rules: rules.length, r };
    }
    case 'shipshape, all rules': {
      const r = inProcess((text, name) => lint.lintText(text, { path: name }).findings.length);
      return { api: 'lintText', rules: rulesMod.RULES.length, r };
    }
    case 'dockerfilelint': {
      const dockerfilelint = require('dockerfilelint');
      const reference = require('dockerfilelint/lib/reference.js');
      const version = require('dockerfilelint/package.json').version;
      // The config path is a folder searched for .dockerfilelintrc; the corpus has none.
      const r = inProcess((text) => dockerfilelint.run(corpusDir, text).length);
      return { api: `run() ${version}`, rules: Object.keys(reference).length, r };
    }
    case 'dockerfile-utils': {
      const utils = require('dockerfile-utils');
      const version = require('dockerfile-utils/package.json').version;
      const rules = Object.values(utils.ValidationCode).filter((v) => typeof v === 'number').length;
      const r = inProcess((text) => utils.validate(text).length);
      return { api: `validate() ${version}`, rules, r };
    }
  }
  throw new Error(`unknown row ${key}`);
}

// Each in-process row runs in a node process of its own (this script with BENCH_LINT_ROW set), so no tool inherits
// another's heap or compiled code and every first pass is a cold one. The processes take turns, one pass at a
// time: this box's speed drifts by up to 2x over tens of seconds, and turns put every tool in the same stretches.
if (process.env.BENCH_LINT_ROW) {
  const { r, ...meta } = inProcessRow(process.env.BENCH_LINT_ROW);
  let first = true;
  process.on('message', (m) => {
    if (m === 'pass') {
      process.send({ ms: r.pass(first) });
      first = false;
    } else {
      process.send({ ...meta, ...r.stats, notes }, () => process.exit(0));
    }
  });
  process.send({ ready: true });
  await new Promise(() => {}); // the rest of this script is the parent's
} else {
  await runInProcessRows();
}
// The ShellCheck row's modules, for the parent only (the rows' processes stop above).
const lintFilesMod = await importDist('dockerfile/lint-files.js');
const shellcheckMod = await importDist('dockerfile/shellcheck.js');

/** Forks one process per row, times their passes in turns, and fills `tools`. */
async function runInProcessRows() {
  const keys = [];
  if (lint && rulesMod) keys.push('shipshape, hadolint rules', 'shipshape, all rules');
  else note('dist/dockerfile/lint.js is missing or broken (run npm run build): shipshape rows skipped');
  keys.push('dockerfilelint', 'dockerfile-utils');
  const rows = [];
  for (const key of keys) {
    const child = fork(fileURLToPath(import.meta.url), [], {
      cwd: root,
      env: { ...process.env, BENCH_LINT_ROW: key },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const replies = [];
    let waiting = null;
    child.on('message', (m) => {
      if (!waiting) return replies.push(m);
      const w = waiting;
      waiting = null;
      w(m);
    });
    const failed = new Promise((resolve) =>
      child.on('exit', (code) => resolve({ failed: `exit ${code}: ${stderr.trim().split('\n').pop()}` })),
    );
    const next = () =>
      Promise.race([
        replies.length > 0 ? replies.shift() : new Promise((resolve) => (waiting = resolve)),
        failed,
      ]);
    const ask = (m) => {
      child.send(m);
      return next();
    };
    const ready = await next();
    if (ready.failed) {
      note(`${key} failed: ${ready.failed}`);
      continue;
    }
    rows.push({ key, ask, times: [], spent: 0, first: 0, warmupPasses: 0, dead: null });
  }
  const turn = async (row) => {
    if (row.dead) return 0;
    const m = await row.ask('pass');
    if (m.failed) {
      row.dead = m.failed;
      return 0;
    }
    return m.ms;
  };
  // The first pass of each, JIT compiles included; then turns until each has warmed up for WARMUP_MS.
  for (const row of rows) row.spent = row.first = await turn(row);
  while (rows.some((row) => !row.dead && row.spent < WARMUP_MS)) {
    for (const row of rows) {
      if (row.spent >= WARMUP_MS) continue;
      row.spent += await turn(row);
      row.warmupPasses++;
    }
  }
  for (let p = 0; p < PASSES; p++) for (const row of rows) row.times.push(await turn(row));
  for (const row of rows) {
    if (row.dead) {
      note(`${row.key} failed: ${row.dead}`);
      continue;
    }
    const { notes: rowNotes, ...stats } = await row.ask('stats');
    for (const n of rowNotes) note(n);
    const best = Math.min(...row.times);
    tools[row.key] = {
      api: stats.api,
      rules: stats.rules,
      ms: round(best),
      medianMs: round(median(row.times)),
      filesPerSecond: Math.round((texts.length / best) * 1000),
      firstPassMs: round(row.first),
      warmupPasses: row.warmupPasses + 1,
      findings: stats.findings,
      crashes: stats.crashes,
      crashSamples: stats.crashSamples,
    };
  }
}

/** How many RUN scripts ShellCheck sees, and how many distinct ones (each distinct script is checked once). */
function scriptCounts() {
  if (!shellcheckMod || !lint) return {};
  const all = texts.flatMap((t) =>
    shellcheckMod.shellcheckScripts(lint.lintText(t).model).map((s) => s.text),
  );
  return { scripts: all.length, distinctScripts: new Set(all).size };
}

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
if (lint && lintFilesMod && shellcheckVersion) {
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
    const rules = rulesMod?.RULES?.length ?? null;
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
} else if (lint && !shellcheckVersion) {
  note('shellcheck is not installed: the "shipshape + ShellCheck" row is skipped');
} else if (lint) {
  note('dist/dockerfile/lint-files.js is missing: the "shipshape + ShellCheck" row is skipped');
}

// (3) cold start: one file, a fresh node process each time.
const sample = join(corpusDir, names.find((n) => n.includes('-node.')) ?? names[0]);
const coldRows = [];
// Commands to time; they run in turns (one run of each, RUNS + 1 times), for the same reason as the rows above.
const coldCommands = [{ label: 'node -e 0 (baseline)', args: ['-e', '0'] }];
const cli = join(root, 'dist', 'shipshape.mjs');
if (existsSync(cli)) {
  coldCommands.push({
    label: 'shipshape lint --no-shellcheck',
    args: [cli, 'lint', '--no-shellcheck', sample],
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
    coldCommands.push({ label, args: [require.resolve(bin), ...pre, sample] });
  } catch (e) {
    note(`${label}: ${String(e?.message ?? e).split('\n')[0]}`);
  }
}
for (const c of coldCommands) c.times = [];
for (let i = 0; i < RUNS + 1; i++) {
  for (const c of coldCommands) {
    const start = process.hrtime.bigint();
    c.last = spawnSync(process.execPath, c.args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (i > 0) c.times.push(ms); // the first round warms the OS file cache
  }
}
for (const { label, args, check, times, last } of coldCommands) {
  const row = {
    label,
    command: `node ${args.map((a) => relative(root, a) || a).join(' ')}`,
    medianMs: round(median(times)),
    minMs: round(Math.min(...times)),
    runs: times.length,
    exitCode: last.status,
  };
  const problem = check?.(last);
  if (problem) row.note = problem;
  coldRows.push(row);
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
console.log(
  `\nIn-process lint of ${texts.length} files: ${WARMUP_MS / 1000} s of warm-up per tool, then ${PASSES} passes each, tools in turns (ms: best, median)`,
);
console.log(
  `${pad('tool', 28)}${lpad('rules', 9)}${lpad('ms', 9)}${lpad('median', 9)}${lpad('files/s', 9)}${lpad('1st pass', 10)}${lpad('findings', 10)}${lpad('crashes', 9)}`,
);
for (const [name, t] of Object.entries(tools)) {
  console.log(
    `${pad(name, 28)}${lpad(t.rules ?? '?', 9)}${lpad(t.ms, 9)}${lpad(t.medianMs ?? '-', 9)}${lpad(t.filesPerSecond, 9)}${lpad(t.firstPassMs ?? '-', 10)}${lpad(t.findings, 10)}${lpad(t.crashes, 9)}`,
  );
}
// Issue 2's target: more files/s than dockerfilelint without ShellCheck, running hadolint's 71 rules.
const dfl = tools.dockerfilelint;
const ratios = {};
for (const name of ['shipshape, hadolint rules', 'shipshape, all rules']) {
  const t = tools[name];
  if (!t || !dfl) continue;
  ratios[name] = {
    warm: round(t.filesPerSecond / dfl.filesPerSecond),
    firstPass: round(dfl.firstPassMs / t.firstPassMs),
  };
  console.log(
    `${name}: ${ratios[name].warm}x dockerfilelint's files/s warm, ${ratios[name].firstPass}x on the first pass`,
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
  settings: { passes: PASSES, warmupMs: WARMUP_MS, coldRuns: RUNS },
  inProcess: tools,
  vsDockerfilelint: ratios,
  coldStart: coldRows,
  notes,
};
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwrote ${relative(root, join(resultsDir, 'latest.json'))}`);
