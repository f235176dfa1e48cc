// Vulnerability database benchmark: import speed and size on generated OSV records shaped like real ones.
// Builds src/vuln/db with esbuild (no full build needed), generates N records from the real OSV samples
// (/work/shared/osv-samples when present, else the test fixtures), zips them like osv.dev's all.zip, then times
// importFiles into a new database, a re-import into the existing one, and package look-ups.
// Run: node bench/db/run.mjs   (env: BENCH_RECORDS=50000 BENCH_SEED=7 BENCH_MAX_AFFECTED=50)
// BENCH_MAX_AFFECTED leaves out templates with more affected[] entries than that: the samples include four
// AlmaLinux glibc advisories with over 200 entries each, which are 3% of the templates but 46% of their bytes.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const N = Number(process.env.BENCH_RECORDS ?? 50_000);
const MAX_AFFECTED = Number(process.env.BENCH_MAX_AFFECTED ?? Number.POSITIVE_INFINITY);
const SEED = Number(process.env.BENCH_SEED ?? 7);
let seed = SEED;
const random = () => {
  // mulberry32: a small seeded generator, so runs are comparable.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const work = mkdtempSync(join(tmpdir(), 'shipshape-bench-db-'));
const lib = join(work, 'db.mjs');
await build({
  entryPoints: [join(root, 'src', 'vuln', 'db', 'index.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: lib,
  external: ['better-sqlite3', 'yauzl'],
  banner: {
    js: `import { createRequire as benchRequire } from 'node:module'; const require = benchRequire(${JSON.stringify(join(root, 'package.json'))});`,
  },
  logLevel: 'warning',
});
// The bundle resolves its externals from the repository's node_modules.
const nodeModules = join(work, 'node_modules');
mkdirSync(nodeModules);
for (const m of ['better-sqlite3', 'yauzl']) {
  execFileSync('ln', ['-s', join(root, 'node_modules', m), join(nodeModules, m)]);
}
const { importFiles, openDatabase, candidates, status } = await import(pathToFileURL(lib).href);

// Templates: every real sample record.
const samplesDir = existsSync('/work/shared/osv-samples')
  ? '/work/shared/osv-samples'
  : join(root, 'src', 'vuln', 'db', 'fixtures', 'osv');
const templates = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.isDirectory()) walk(join(d, e.name));
    else if (e.name.endsWith('.json')) {
      const r = JSON.parse(readFileSync(join(d, e.name), 'utf8'));
      if ((r.affected?.length ?? 0) <= MAX_AFFECTED) templates.push(r);
    }
  }
};
walk(samplesDir);

const corpus = join(here, 'corpus');
mkdirSync(corpus, { recursive: true });
const zip = join(corpus, `all-${N}-${SEED}${Number.isFinite(MAX_AFFECTED) ? `-max${MAX_AFFECTED}` : ''}.zip`);
const packagesFile = `${zip}.packages.json`;
const packages = [];
let jsonBytes = 0;
if (existsSync(zip) && existsSync(packagesFile)) {
  packages.push(...JSON.parse(readFileSync(packagesFile, 'utf8')));
} else {
  // N records: a template with a new id, aliases and timestamps, and package names spread over a few thousand
  // packages per ecosystem (so look-ups find several records per package, as in real data).
  const records = join(work, 'records');
  mkdirSync(records);
  for (let i = 0; i < N; i++) {
    const r = structuredClone(templates[Math.floor(random() * templates.length)]);
    const prefix = r.id.split(/[-:]/)[0];
    r.id = `${prefix}-BENCH-${i}`;
    const year = 2015 + (i % 11);
    r.aliases = r.aliases?.length ? [`CVE-${year}-${10000 + i}`] : r.aliases;
    if (r.upstream) r.upstream = [`CVE-${year}-${10000 + i}`];
    r.modified = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
    const bucket = Math.floor(random() * 3000);
    for (const a of r.affected ?? []) {
      if (!a.package) continue;
      a.package.name = `${a.package.name}-${bucket}`;
      if (packages.length < 20_000) packages.push([a.package.ecosystem, a.package.name]);
    }
    const text = JSON.stringify(r, null, 2);
    jsonBytes += text.length;
    writeFileSync(join(records, `${r.id}.json`), text);
  }
  execFileSync('zip', ['-q', '-r', '-j', zip, records]);
  rmSync(records, { recursive: true });
  writeFileSync(packagesFile, JSON.stringify(packages));
}

const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const rate = (n, ms) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')} records/s`;
const rows = (r) => (r.affected ?? []).filter((a) => a.package).length;
const avgRows = templates.reduce((a, r) => a + rows(r), 0) / templates.length;
console.log(
  `records: ${N} from ${templates.length} real templates (${avgRows.toFixed(1)} affected rows each on average); ` +
    `${jsonBytes ? `JSON ${mb(jsonBytes)}, ` : ''}all.zip ${mb(statSync(zip).size)}`,
);
// The machine may be shared: CPU time says what the import costs, wall time what it took.
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const dbPath = join(work, 'v.db');
let t = performance.now();
let c = cpu();
const first = await importFiles(dbPath, [zip]);
let ms = performance.now() - t;
let cms = cpu() - c;
console.log(
  `import into a new database: wall ${(ms / 1000).toFixed(2)} s (${rate(first.osv.records, ms)}), CPU ${(cms / 1000).toFixed(2)} s (${rate(first.osv.records, cms)}); file ${mb(statSync(dbPath).size)}`,
);

t = performance.now();
c = cpu();
const again = await importFiles(dbPath, [zip]);
ms = performance.now() - t;
cms = cpu() - c;
console.log(
  `re-import, all unchanged: wall ${(ms / 1000).toFixed(2)} s (${rate(again.osv.unchanged, ms)}), CPU ${(cms / 1000).toFixed(2)} s (${rate(again.osv.unchanged, cms)})`,
);
if (process.env.BENCH_IMPORT_ONLY) {
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

const db = await openDatabase(dbPath);
const sizes = db.sqlite.prepare('SELECT sum(length(raw)) AS deflated, count(*) AS n FROM vulns').get();
let plain = 0;
for (const raw of db.sqlite.prepare('SELECT raw FROM vulns').pluck().iterate())
  plain += inflateRawSync(raw).length;
console.log(
  `raw records: ${mb(sizes.deflated)} deflated vs ${mb(plain)} as JSON text (${(plain / sizes.deflated).toFixed(1)}x)`,
);
const tables = db.sqlite
  .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC')
  .all();
console.log(`by table/index: ${tables.map((r) => `${r.name} ${mb(r.bytes)}`).join(', ')}`);
const sample = templates.slice(0, 200).map((r) => JSON.stringify(r));
t = performance.now();
for (let k = 0; k < 25; k++) for (const s of sample) deflateRawSync(s, { level: 1 });
console.log(
  `deflate (level 1) cost for a record that did not come from a zip: ${(((performance.now() - t) / (25 * sample.length)) * 1000).toFixed(0)} µs per record`,
);

t = performance.now();
let found = 0;
const lookups = 10_000;
for (let k = 0; k < lookups; k++) {
  const [eco, name] = packages[Math.floor(random() * packages.length)];
  found += candidates(db, eco, name).length;
}
ms = performance.now() - t;
console.log(
  `candidates(): ${((ms / lookups) * 1000).toFixed(0)} µs per package (${(found / lookups).toFixed(1)} records each)`,
);
t = performance.now();
status(db);
console.log(`status(): ${(performance.now() - t).toFixed(1)} ms`);
db.close();
rmSync(work, { recursive: true, force: true });
