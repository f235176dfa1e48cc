// Scan benchmark (issue 4): shipshape's inventory of a real Debian image with an npm app, next to the physical
// floors (inflating every gzip layer one after another; walking the uncompressed layers' tar headers) and the npm
// peers that run offline. Each measurement runs in its own process (wall time and peak RSS); best of BENCH_PASSES.
// Prints a table and writes bench/scan/results/latest.json.
// Run: npm run bench:scan   (env: BENCH_PASSES=3, BENCH_SCAN_CACHE=dir for the built images, BENCH_NO_PEERS=1,
//   BENCH_NO_CDXGEN=1)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const PASSES = Number(process.env.BENCH_PASSES ?? 3);

const images = execFileSync(join(here, 'build-image.sh'), {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
})
  .trim()
  .split('\n')
  .pop();

function sizes(dir) {
  const oci = join(dir, 'oci');
  const index = JSON.parse(readFileSync(join(oci, 'index.json'), 'utf8'));
  const blob = (d) => join(oci, 'blobs', ...d.split(':'));
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8'));
  const gz = manifest.layers.reduce((s, l) => s + l.size, 0);
  return {
    layers: manifest.layers.length,
    gzipMB: gz / 1e6,
    tarMB: statSync(join(dir, 'docker.tar')).size / 1e6,
  };
}

function measure(args, passes = PASSES) {
  let best;
  for (let p = 0; p < passes; p++) {
    const r = spawnSync(process.execPath, [join(here, 'one.mjs'), ...args], { encoding: 'utf8' });
    if (r.status !== 0) return { error: (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ') };
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    if (!best || out.ms < best.ms) best = { ...out, rssMB: Math.max(out.rssMB, best?.rssMB ?? 0) };
  }
  return best;
}

function ensurePeers() {
  if (process.env.BENCH_NO_PEERS) return false;
  const peers = join(here, 'peers');
  if (!existsSync(join(peers, 'node_modules', '@cyclonedx', 'cdxgen'))) {
    const r = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: peers,
      stdio: 'inherit',
    });
    if (r.status !== 0) return false;
  }
  return true;
}

const rows = [];
const add = (image, name, m, note = '') => rows.push({ image, name, ...m, note });
const peers = ensurePeers();

for (const name of ['base', 'large']) {
  const dir = join(images, name);
  const s = sizes(dir);
  console.log(
    `${name}: ${s.layers} layers, ${s.tarMB.toFixed(0)} MB uncompressed, ${s.gzipMB.toFixed(0)} MB gzip`,
  );
  const ociRef = `oci:${join(dir, 'oci')}:latest`;
  add(
    name,
    'floor: gzip layers, one after another (zlib + tar-stream)',
    measure(['gzip-floor', join(dir, 'oci')]),
  );
  add(name, 'floor: docker save, tar header walk', measure(['walk-floor', join(dir, 'docker.tar')]));
  add(
    name,
    'shipshape docker-archive (uncompressed)',
    measure(['shipshape', `docker-archive:${join(dir, 'docker.tar')}`]),
  );
  add(name, 'shipshape oci (gzip)', measure(['shipshape', ociRef]));
  add(name, 'shipshape oci (zstd)', measure(['shipshape', `oci:${join(dir, 'oci-zstd')}:latest`]));
  const cache = mkdtempSync(join(tmpdir(), 'shipshape-bench-cache-'));
  measure(['shipshape', ociRef, cache], 1);
  add(name, 'shipshape oci (gzip), second scan, warm cache', measure(['shipshape', ociRef, cache]));
  if (name === 'large') {
    const shared = mkdtempSync(join(tmpdir(), 'shipshape-bench-cache-'));
    measure(['shipshape', `oci:${join(images, 'base', 'oci')}:latest`, shared], 1);
    add(name, 'shipshape oci (gzip), base image layers cached', measure(['shipshape', ociRef, shared], 1));
    rmSync(shared, { recursive: true, force: true });
  }
  rmSync(cache, { recursive: true, force: true });
  if (peers) {
    add(name, 'snyk-docker-plugin 9.8.0 (docker save)', measure(['snyk', join(dir, 'docker.tar')], 1));
    // cdxgen runs as a child process of one.mjs: its peak RSS is not in this row (only the wall time compares).
    // It takes minutes per image: BENCH_NO_CDXGEN=1 leaves it out.
    if (!process.env.BENCH_NO_CDXGEN) {
      add(
        name,
        '@cyclonedx/cdxgen -t docker (docker save; wall only)',
        measure(['cdxgen', join(dir, 'docker.tar')], 1),
      );
    }
  }
}

const w = Math.max(...rows.map((r) => r.name.length));
console.log(
  `\n${'image'.padEnd(6)} ${'measurement'.padEnd(w)} ${'ms'.padStart(7)} ${'RSS MB'.padStart(7)} ${'count'.padStart(7)}`,
);
for (const r of rows) {
  const line = r.error
    ? `failed: ${r.error}`
    : `${String(r.ms).padStart(7)} ${String(r.rssMB).padStart(7)} ${String(r.count).padStart(7)}`;
  console.log(`${r.image.padEnd(6)} ${r.name.padEnd(w)} ${line}`);
}
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', 'latest.json'),
  `${JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, node: process.version, rows }, null, 2)}\n`,
);
