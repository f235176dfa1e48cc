// Runs one measurement in its own process so its peak RSS is its own. Prints one JSON line.
//   node one.mjs shipshape REF [cacheDir]     inventory as `shipshape sbom` builds it (its GC setting too)
//   node one.mjs gzip-floor OCI_DIR           every gzip layer through zlib and a tar parser, one after another
//   node one.mjs walk-floor DOCKER_TAR        every layer of a docker save archive, header to header, seeking
//   node one.mjs snyk DOCKER_TAR              snyk-docker-plugin's scan of the archive
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGunzip } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const [what, target, extra] = process.argv.slice(2);
const start = process.hrtime.bigint();
let count = 0;

if (what === 'shipshape') {
  const { inventory } = await import(pathToFileURL(join(root, 'dist', 'image', 'inventory.js')).href);
  // The garbage-collector setting `shipshape sbom` and `scan` make before they read the image.
  const { tuneHeapForBatch } = await import(pathToFileURL(join(root, 'dist', 'core', 'batch-heap.js')).href);
  tuneHeapForBatch();
  const inv = await inventory(target, extra ? { cacheDir: extra } : {});
  count = inv.packages.length;
} else if (what === 'gzip-floor') {
  const require = createRequire(join(root, 'package.json'));
  const tar = require('tar-stream');
  const index = JSON.parse(readFileSync(join(target, 'index.json'), 'utf8'));
  const blob = (d) => join(target, 'blobs', ...d.split(':'));
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8'));
  for (const layer of manifest.layers) {
    const extract = tar.extract();
    extract.on('entry', (_h, stream, next) => {
      count++;
      stream.on('end', next);
      stream.resume();
    });
    await pipeline(createReadStream(blob(layer.digest)), createGunzip(), extract);
  }
} else if (what === 'walk-floor') {
  // The outer archive's members, then each layer's headers: read 512 bytes, skip the body.
  const fd = openSync(target, 'r');
  const h = Buffer.alloc(512);
  const walk = (from, to, visit) => {
    let off = from;
    while (off + 512 <= to) {
      readSync(fd, h, 0, 512, off);
      if (h[0] === 0) break;
      const size = Number.parseInt(h.toString('latin1', 124, 136).replace(/\0.*$/, '').trim() || '0', 8);
      const name = h.toString('utf8', 0, 100).replace(/\0.*$/, '');
      visit(name, off + 512, size);
      off += 512 + Math.ceil(size / 512) * 512;
    }
  };
  const members = [];
  walk(0, Number.POSITIVE_INFINITY, (name, off, size) => members.push({ name, off, size }));
  for (const m of members.filter((x) => x.name.endsWith('.tar'))) walk(m.off, m.off + m.size, () => count++);
  closeSync(fd);
} else if (what === 'snyk') {
  const require = createRequire(join(here, 'peers', 'package.json'));
  const plugin = require('snyk-docker-plugin');
  const result = await plugin.scan({ path: `docker-archive:${target}`, 'exclude-app-vulns': false });
  for (const r of result.scanResults ?? []) {
    for (const f of r.facts ?? []) if (f.type === 'depGraph') count += f.data.getPkgs().length;
  }
} else if (what === 'cdxgen') {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const out = mkdtempSync(join(tmpdir(), 'cdxgen-'));
  const bin = join(here, 'peers', 'node_modules', '@cyclonedx', 'cdxgen', 'bin', 'cdxgen.js');
  execFileSync(process.execPath, [bin, '-t', 'docker', target, '-o', join(out, 'bom.json')], {
    stdio: 'ignore',
    env: { ...process.env, CDXGEN_DEBUG_MODE: '', FETCH_LICENSE: 'false' },
  });
  count = JSON.parse(readFileSync(join(out, 'bom.json'), 'utf8')).components?.length ?? 0;
  rmSync(out, { recursive: true, force: true });
} else {
  throw new Error(`unknown measurement ${what}`);
}
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(
  `${JSON.stringify({ what, ms: Math.round(ms), rssMB: Math.round(process.resourceUsage().maxRSS / 1024), count })}\n`,
);
