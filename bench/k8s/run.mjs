// Kubernetes benchmark: workload documents per second for parse + check (the engine with the default policies,
// as `shipshape k8s` runs them), parse alone, `--fix` on 1,000 documents, and the floor (yaml parseAllDocuments
// alone), each with its ratio to the floor measured in the same run (the machine's load moves them all alike).
// Prints a table and writes bench/k8s/results/latest.json.
// Run: npm run bench:k8s   (env: BENCH_K8S_FILES=400 BENCH_SEED=20240611 BENCH_PASSES=5 BENCH_FIX_DOCS=1000)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { corpusFiles, DEFAULT_FILES, DEFAULT_SEED, ensureCorpus } from './gen-corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const dist = join(root, 'dist', 'k8s');
const corpusDir = join(here, 'corpus');
const resultsDir = join(here, 'results');

const FILES = Number(process.env.BENCH_K8S_FILES ?? DEFAULT_FILES);
const SEED = Number(process.env.BENCH_SEED ?? DEFAULT_SEED);
const PASSES = Number(process.env.BENCH_PASSES ?? 5);
const FIX_DOCS = Number(process.env.BENCH_FIX_DOCS ?? 1000);

const notes = [];
const note = (s) => {
  notes.push(s);
  console.warn(`note: ${s}`);
};
const load = async (rel) => {
  const p = join(dist, rel);
  return existsSync(p) ? import(pathToFileURL(p).href) : null;
};

const meta = ensureCorpus(corpusDir, FILES, SEED);
const names = corpusFiles(corpusDir);
const texts = names.map((n) => readFileSync(join(corpusDir, n), 'utf8'));
const bytes = texts.reduce((s, t) => s + Buffer.byteLength(t), 0);
console.log(
  `corpus: ${names.length} files, ${meta.documents} documents, ${meta.workloads} workloads, ${(bytes / 1024).toFixed(0)} KiB in ${relative(root, corpusDir)} (seed ${SEED})`,
);

/** Best of PASSES timed passes after one warm-up; fn runs over the whole corpus and returns a count. */
function best(fn) {
  let out = fn();
  let ms = Number.POSITIVE_INFINITY;
  for (let p = 0; p < PASSES; p++) {
    const start = process.hrtime.bigint();
    out = fn();
    ms = Math.min(ms, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: Math.round(ms * 10) / 10, out };
}
const perSecond = (n, ms) => Math.round((n / ms) * 1000);

const rows = [];
const row = (name, what, ms, extra = {}) => {
  rows.push({ name, what, ms, workloadsPerSecond: perSecond(meta.workloads, ms), ...extra });
};
/** How many times faster than the floor (yaml's parser alone) a row is. */
const vsFloor = (ms) => Math.round((rows[0].ms / ms) * 100) / 100;

// Floor: the YAML parser alone over the same text.
const floor = best(() => {
  let n = 0;
  for (const t of texts) n += parseAllDocuments(t, { version: '1.1' }).length;
  return n;
});
row('floor: yaml parseAllDocuments', 'parse only', floor.ms);

// Parse + check, the way the CLI does it.
const parse = await load('parse.js');
const engine = await load('engine.js');
const policies = await load('policies.js');
const blockYaml = await load('block-yaml.js');
let blockReader = null;
if (blockYaml) {
  // Files the fast block reader takes; the others go through yaml's Documents (same findings, slower).
  blockReader = { files: texts.filter((t) => blockYaml.readBlockYaml(t) !== null).length, of: texts.length };
  if (blockReader.files < blockReader.of)
    note(`${blockReader.of - blockReader.files} corpus files left to yaml by the block reader`);
}
if (parse && engine && policies) {
  const parsed = best(() => {
    let n = 0;
    for (let i = 0; i < texts.length; i++) n += parse.parseManifestText(texts[i], names[i]).length;
    return n;
  });
  row('shipshape parseManifestText', 'parse only', parsed.ms, { objects: parsed.out });
  const policyList = policies.buildPolicies(policies.DEFAULT_POLICIES, 'latest');
  const run = best(() => {
    const files = texts.map((text, i) => ({
      path: names[i],
      text,
      objects: parse.parseManifestText(text, names[i]),
    }));
    return engine.runPolicies(files, { policies: policyList }).findings.length;
  });
  row(`shipshape k8s engine (${policies.DEFAULT_POLICIES.join(' + ')})`, 'parse + check', run.ms, {
    findings: run.out,
  });
  const pssOnly = policies.buildPolicies(['pss-restricted'], 'latest');
  const run2 = best(() => {
    const files = texts.map((text, i) => ({
      path: names[i],
      text,
      objects: parse.parseManifestText(text, names[i]),
    }));
    return engine.runPolicies(files, { policies: pssOnly }).findings.length;
  });
  row('shipshape k8s engine (pss-restricted)', 'parse + check', run2.ms, { findings: run2.out });
} else {
  note('dist/k8s/{parse,engine,policies}.js not built: no engine row (run `npm run build`)');
}

// --fix on the first files that hold FIX_DOCS documents.
const fix = await load('fix.js');
let fixResult = null;
if (fix) {
  const subset = [];
  let docs = 0;
  for (const t of texts) {
    if (docs >= FIX_DOCS) break;
    subset.push(t);
    docs += parseAllDocuments(t).length;
  }
  const r = best(() => {
    let changed = 0;
    for (const t of subset) if (fix.fixManifestText(t).changed) changed++;
    return changed;
  });
  // A fixed file must not change again.
  const again = subset.filter((t) => {
    const once = fix.fixManifestText(t).text;
    return fix.fixManifestText(once).changed;
  }).length;
  if (again > 0) note(`${again} fixed files changed on a second --fix run`);
  fixResult = {
    documents: docs,
    files: subset.length,
    changedFiles: r.out,
    ms: r.ms,
    idempotentFailures: again,
  };
} else {
  note('dist/k8s/fix.js not built: no --fix row');
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
for (const r of rows) r.vsFloor = vsFloor(r.ms);
console.log(
  `\n${pad('in one process (best of ' + PASSES + ')', 52)} ${lpad('ms', 9)} ${lpad('workloads/s', 12)} ${lpad('x floor', 8)}`,
);
for (const r of rows)
  console.log(`${pad(r.name, 52)} ${lpad(r.ms, 9)} ${lpad(r.workloadsPerSecond, 12)} ${lpad(r.vsFloor, 8)}`);
if (blockReader) console.log(`block reader took ${blockReader.files} of ${blockReader.of} files`);
if (fixResult) {
  console.log(
    `\n--fix (fixManifestText) on ${fixResult.documents} documents in ${fixResult.files} files: ${fixResult.ms} ms ` +
      `(${fixResult.changedFiles} files changed; second run idempotent: ${fixResult.idempotentFailures === 0 ? 'yes' : 'NO'})`,
  );
}

let commit = null;
try {
  commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
} catch {}
mkdirSync(resultsDir, { recursive: true });
const result = {
  date: new Date().toISOString(),
  commit,
  environment: {
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpu: cpus()[0]?.model,
    cpus: cpus().length,
    loadAverage: loadavg(),
  },
  corpus: { ...meta, bytes },
  passes: PASSES,
  rows,
  blockReader,
  fix: fixResult,
  notes,
};
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwrote ${relative(root, join(resultsDir, 'latest.json'))}`);
