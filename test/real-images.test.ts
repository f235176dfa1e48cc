// Acceptance tests on real images built with mmdebstrap and buildah, checked against dpkg-query, npm ls, umoci and tar.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { PackageURL } from 'packageurl-js';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Package } from '../src/catalog/types.js';
import { loadImage } from '../src/image/image.js';
import { type ImageInventory, inventory } from '../src/image/inventory.js';
import { openImage } from '../src/image/sources/index.js';
import {
  APP_LAYERS,
  type AppImage,
  appImage,
  cachedArtifact,
  capture,
  exportAll,
  flattenNpmLs,
  multiStageImage,
  readLayout,
  recipeKey,
  scanTree,
  type TreeEntry,
  unpackBundle,
} from './support/real-images.js';
import { startRegistry, stopRegistry } from './support/registry.js';
import { requireTool } from './support/tools.js';

// Each tool is asked for (not short-circuited), so every missing one is named.
const tools = ['mmdebstrap', 'buildah', 'skopeo', 'umoci', 'dpkg-query', 'npm', 'tar'].map((t) =>
  requireTool(t),
);
const d = tools.every(Boolean) ? describe : describe.skip;

const root = join(fileURLToPath(import.meta.url), '..', '..');
// A cold cache builds the base (~30 s), two images (1-2 min each) and the exports (~30 s); a warm one only reads
// them (~20 s for the file). Shared, busy machines are several times slower, hence the generous limits.
const BUILD = 10 * 60_000;
const READ = 3 * 60_000;

const DPKG_FORMAT = '${Package} ${Version} ${source:Package} ${source:Version} ${db:Status-Status}\\n';

/** `name version srcname srcversion` of every installed package in a dpkg database, as dpkg-query prints it. */
async function dpkgQuery(admindir: string): Promise<string[]> {
  const out = await capture('dpkg-query', [`--admindir=${admindir}`, '-W', '-f', DPKG_FORMAT]);
  return out
    .split('\n')
    .filter((l) => l.endsWith(' installed'))
    .map((l) => l.slice(0, -' installed'.length))
    .sort();
}

const debLine = (p: Package) => `${p.name} ${p.version} ${p.source?.name} ${p.source?.version}`;

/** The non-empty history entries of an image config, in layer order. */
function layerHistory(config: unknown): string[] {
  const history = (config as { history?: { created_by?: string; empty_layer?: boolean }[] }).history ?? [];
  return history.filter((h) => !h.empty_layer).map((h) => h.created_by ?? '');
}

let image: AppImage | undefined;
let appInventory: ImageInventory | undefined;
async function app() {
  image ??= await appImage();
  return image;
}
async function appInv() {
  appInventory ??= await inventory((await app()).ref);
  return appInventory;
}

const scratch = mkdtempSync(join(tmpdir(), 'shipshape-real-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

d('real images built with mmdebstrap and buildah', () => {
  it(
    'dpkg: every installed package, version and source equal dpkg-query on the umoci-unpacked root filesystem',
    async () => {
      const img = await app();
      const bundle = await unpackBundle(img.ociDir);
      const inv = await appInv();
      const debs = inv.packages.filter((p) => p.type === 'deb');
      const bundleDb = join(bundle.rootfs, 'var/lib/dpkg');
      const oracle = await dpkgQuery(bundleDb);
      expect(oracle.length).toBeGreaterThan(90);
      expect(debs.map(debLine).sort()).toEqual(oracle);
      expect(inv.distro).toMatchObject({ id: 'debian', versionId: '12' });
      expect(inv.target.os).toEqual({ id: 'debian', version: '12' });
      expect(inv.unknowns).toEqual([]);

      // Layers: what the base tarball's own database lists came with layer 0; the rest came with apt-get in RUN.
      const baseDb = join(scratch, 'base-dpkg');
      mkdirSync(baseDb, { recursive: true });
      const status = spawnSync('tar', ['-xOf', img.rootfs.tar, './var/lib/dpkg/status'], {
        maxBuffer: 64 << 20,
      });
      expect(status.status).toBe(0);
      writeFileSync(join(baseDb, 'status'), status.stdout);
      const base = new Set(await dpkgQuery(baseDb));
      const added = debs.filter((p) => !base.has(debLine(p)));
      expect(added.map((p) => p.name)).toContain('jq');
      expect(added.length).toBeLessThan(10);
      const arch = new Map(
        (await capture('dpkg-query', [`--admindir=${bundleDb}`, '-W', '-f', '${Package} ${Architecture}\\n']))
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(' ') as [string, string]),
      );
      for (const p of debs) {
        expect(p.layer, p.name).toBe(base.has(debLine(p)) ? APP_LAYERS.rootfs : APP_LAYERS.apt);
        expect(p.locations).toEqual(['/var/lib/dpkg/status']);
        // parsed back with the purl library, so the check is about content, not one encoding of '+' or '~'
        const purl = PackageURL.fromString(p.purl);
        expect({ ...purl }, p.purl).toMatchObject({
          type: 'deb',
          namespace: 'debian',
          name: p.name,
          version: p.version,
          qualifiers: { arch: arch.get(p.name), distro: 'debian-12' },
        });
      }
    },
    BUILD,
  );

  it(
    "npm: the installed packages equal npm ls's tree, at npm's paths, in the COPY layer",
    async () => {
      const img = await app();
      const inv = await appInv();
      const npm = inv.packages.filter((p) => p.type === 'npm');
      const oracle = flattenNpmLs(img.app.ls);
      // the recipe's nesting and scope are really there, so the comparison below means something
      expect(oracle).toEqual(expect.arrayContaining(['ms@2.0.0', 'ms@2.1.2', '@sindresorhus/is@4.6.0']));
      expect(npm.map((p) => `${p.name}@${p.version}`).sort()).toEqual(oracle);

      const installedAt = npm.flatMap((p) => p.locations.filter((l) => l.includes('/node_modules/'))).sort();
      const npmPaths = img.app.paths.filter(Boolean).map((p) => `/app/${p}/package.json`);
      expect(installedAt).toEqual(npmPaths.sort());

      // The COPY instruction's layer, found in the config's history rather than assumed.
      const copyLayer = layerHistory(readLayout(img.ociDir).config).findIndex((h) =>
        / COPY .* in \/app\s*$/.test(h),
      );
      expect(copyLayer).toBe(APP_LAYERS.app);
      for (const p of npm) {
        expect(p.layer, p.purl).toBe(copyLayer);
        expect(p.locations, p.purl).toContain('/app/package-lock.json');
      }
      expect(npm.find((p) => p.name === '@sindresorhus/is')?.purl).toBe('pkg:npm/%40sindresorhus/is@4.6.0');
    },
    BUILD,
  );

  it(
    'transports: docker-archive (legacy and Docker 25), oci-archive, oci with gzip, zstd and plain layers read the same',
    async () => {
      const img = await app();
      const exports = await exportAll(img.ociDir, { name: 'shipshape-test/app:latest' });
      const { manifest, manifestDigest, config } = readLayout(img.ociDir);
      const diffIds = (config as { rootfs: { diff_ids: string[] } }).rootfs.diff_ids;
      const history = layerHistory(config);
      const plain = readLayout(exports['oci-uncompressed'].path);
      const zstd = readLayout(exports['oci-zstd'].path);
      const configDigest = manifest.config.digest;
      // What each transport's target must say: its own layer blobs, and its own manifest's digest; a docker save
      // archive (either layout) is named by its image id, the config digest, as Docker names it.
      const expected = [
        { ref: img.ref, digest: manifestDigest, layers: manifest.layers },
        { ref: exports['oci-archive'].ref, digest: manifestDigest, layers: manifest.layers },
        { ref: exports['oci-zstd'].ref, digest: zstd.manifestDigest, layers: zstd.manifest.layers },
        { ref: exports['oci-uncompressed'].ref, digest: plain.manifestDigest, layers: plain.manifest.layers },
        {
          ref: exports['docker-archive-oci'].ref,
          digest: configDigest,
          layers: plain.manifest.layers,
        },
        {
          ref: exports['docker-archive'].ref,
          digest: configDigest,
          layers: plain.manifest.layers,
        },
      ];
      expect(zstd.manifest.layers.every((l) => l.mediaType.endsWith('+zstd'))).toBe(true);
      expect(plain.manifest.layers.map((l) => l.digest)).toEqual(diffIds);

      const reference = await appInv();
      for (const e of expected) {
        const inv = e.ref === img.ref ? reference : await inventory(e.ref);
        expect(inv.packages, e.ref).toEqual(reference.packages);
        expect(inv.unknowns, e.ref).toEqual(reference.unknowns);
        expect(inv.distro, e.ref).toEqual(reference.distro);
        expect({ ...inv.target, ref: '', digest: '', layers: [] }).toEqual({
          ...reference.target,
          ref: '',
          digest: '',
          layers: [],
        });
        expect(inv.target.digest, e.ref).toBe(e.digest);
        expect(inv.target.layers, e.ref).toEqual(
          e.layers.map((l, index) => ({ index, digest: l.digest, size: l.size, createdBy: history[index] })),
        );
      }
      // Every transport states the config's diff ids. The reads above checked each blob against its digest (a
      // legacy archive's layers against these diff ids), and the plain layouts' digests are the diff ids.
      for (const e of expected) {
        const source = await openImage(e.ref);
        expect(
          source.layers.map((l) => l.diffId),
          e.ref,
        ).toEqual(diffIds);
      }
    },
    BUILD,
  );

  it(
    'transports: the same image pushed to a local docker-registry and read from it gives the same inventory',
    async () => {
      if (!requireTool('docker-registry')) return;
      const img = await app();
      const reference = await appInv();
      const dir = mkdtempSync(join(scratch, 'registry-'));
      const registry = await startRegistry(dir, join(dir, 'storage'));
      try {
        const ref = `docker://${registry.host}/shipshape-test/app:1`;
        await capture('skopeo', [
          '--insecure-policy',
          'copy',
          '--quiet',
          '--preserve-digests',
          '--dest-tls-verify=false',
          `oci:${img.ociDir}:latest`,
          ref,
        ]);
        const pulled = await inventory(ref, { cacheDir: join(dir, 'cache') });
        expect(pulled.packages).toEqual(reference.packages);
        expect(pulled.unknowns).toEqual(reference.unknowns);
        expect(pulled.distro).toEqual(reference.distro);
        expect({ ...pulled.target, ref: '' }).toEqual({ ...reference.target, ref: '' });
      } finally {
        await stopRegistry(registry);
      }
    },
    BUILD,
  );

  it(
    "squash: the filesystem view equals umoci's unpacked root filesystem; whiteouts and replaced directories are deleted",
    async () => {
      const img = await app();
      const bundle = await unpackBundle(img.ociDir);
      const { fs } = await loadImage(await openImage(img.ref));
      // Every file, directory and symlink with its size, permissions, owner and target, as umoci laid it out.
      // Symlink permissions are left out: Linux has none (lstat says 0777 whatever the tar said).
      const line = (path: string, e: TreeEntry) =>
        `${path} ${e.type} ${e.size} ${e.type === 'symlink' ? '-' : e.mode.toString(8)} ${e.uid}:${e.gid} ${e.linkname ?? ''}`;
      const truth = [...scanTree(bundle.rootfs)]
        .filter(([, e]) => e.type !== 'other')
        .map(([p, e]) => line(p, e));
      const ours = [...fs.walk()]
        .filter((f) => f.path !== '/' && f.type !== 'other')
        .map((f) => line(f.path, { ...f, type: f.type as TreeEntry['type'] }));
      expect(truth.filter((l) => / file /.test(l)).length).toBeGreaterThan(4000);
      expect(ours.sort()).toEqual(truth.sort());

      expect(fs.stat('/opt/squash/to-file')).toMatchObject({
        type: 'file',
        size: 11,
        layer: APP_LAYERS.prune,
      });
      expect(fs.stat('/opt/squash/keep/a.txt')).toMatchObject({
        type: 'file',
        size: 5,
        layer: APP_LAYERS.files,
      });
      expect(fs.stat('/opt/squash/renewed/new.txt')).toMatchObject({ size: 4, layer: APP_LAYERS.prune });
      for (const gone of ['/opt/squash/gone/doomed.txt', '/opt/squash/renewed/old.txt', '/etc/issue.net'])
        expect(fs.stat(gone), gone).toBeUndefined();

      const deleted = (path: string) => fs.deleted().filter((x) => x.path === path);
      expect(deleted('/opt/squash/gone/doomed.txt')).toEqual([
        {
          path: '/opt/squash/gone/doomed.txt',
          type: 'file',
          size: 7,
          layer: APP_LAYERS.files,
          by: APP_LAYERS.prune,
          how: 'whiteout',
        },
      ]);
      expect(deleted('/etc/issue.net')).toMatchObject([
        { type: 'file', layer: APP_LAYERS.rootfs, by: APP_LAYERS.prune, how: 'whiteout' },
      ]);
      expect(deleted('/usr/share/doc/jq/copyright')).toMatchObject([
        { layer: APP_LAYERS.apt, by: APP_LAYERS.prune },
      ]);
      // A directory replaced by a file needs no whiteout (the file entry overwrites it); an emptied directory's old
      // entries get one each from buildah's vfs driver (an opaque whiteout would do as well).
      expect(deleted('/opt/squash/to-file/inner.txt')).toMatchObject([
        { type: 'file', layer: APP_LAYERS.files, by: APP_LAYERS.prune, how: 'overwritten' },
      ]);
      for (const p of ['/opt/squash/renewed/old.txt', '/opt/squash/renewed/old-sub/deep.txt']) {
        expect(deleted(p), p).toMatchObject([
          {
            type: 'file',
            layer: APP_LAYERS.files,
            by: APP_LAYERS.prune,
            how: expect.stringMatching(/^(whiteout|opaque)$/),
          },
        ]);
      }
      // The layers as tar lists them: the deleting layer really holds a whiteout, the earlier one the file.
      const { manifest } = readLayout(img.ociDir);
      const list = async (i: number) => {
        const layer = manifest.layers[i];
        if (!layer) throw new Error(`no layer ${i}`);
        const blob = join(img.ociDir, 'blobs', ...layer.digest.split(':'));
        return (await capture('tar', ['-tzf', blob])).split('\n').map((l) => l.replace(/^\.?\//, ''));
      };
      expect(await list(APP_LAYERS.prune)).toEqual(
        expect.arrayContaining(['opt/squash/gone/.wh.doomed.txt', 'etc/.wh.issue.net']),
      );
      expect(await list(APP_LAYERS.files)).toContain('opt/squash/gone/doomed.txt');
    },
    BUILD,
  );

  it(
    "multi-stage: each layer's createdBy is buildah's history for it; config-only steps are skipped; the config is read",
    async () => {
      const ms = await multiStageImage();
      const inv = await inventory(ms.ref);
      const loaded = await loadImage(await openImage(ms.ref));
      const inspect = JSON.parse(readFileSync(ms.buildahInspect, 'utf8')) as {
        OCIv1: { history: { created_by?: string; empty_layer?: boolean }[] };
      };
      const buildah = inspect.OCIv1.history;
      const made = buildah.filter((h) => !h.empty_layer).map((h) => h.created_by);
      expect(buildah.length).toBeGreaterThan(made.length);
      expect(inv.target.layers.map((l) => l.createdBy)).toEqual(made);
      expect(loaded.layers.map((l) => l.createdBy)).toEqual(made);
      // ... and those are the final stage's instructions that change files, in Dockerfile order.
      expect(made).toEqual([
        expect.stringMatching(/^\/bin\/sh -c #\(nop\) ADD file:[0-9a-f]{64} in \/ ?$/),
        expect.stringMatching(/^\/bin\/sh -c useradd --uid 10001 --user-group --create-home app$/),
        expect.stringMatching(/^\/bin\/sh -c #\(nop\) COPY dir:[0-9a-f]{64} in \/opt\/hello ?$/),
      ]);
      expect(loaded.config).toMatchObject({
        user: 'app',
        entrypoint: ['/opt/hello/bin/hello'],
        workingDir: '/opt/hello',
        exposedPorts: ['8080/tcp', '9090/udp'],
        env: { GREETING: 'world' },
      });
      expect(loaded.config.history.filter((h) => h.emptyLayer).map((h) => h.createdBy)).toEqual([
        '/bin/sh -c #(nop) WORKDIR /opt/hello',
        '/bin/sh -c #(nop) USER app',
        '/bin/sh -c #(nop) EXPOSE 8080/tcp 9090/udp',
        '/bin/sh -c #(nop) ENV GREETING=world',
        '/bin/sh -c #(nop) ENTRYPOINT ["/opt/hello/bin/hello"]',
      ]);
      // The files copied from the build stage are in the COPY layer; the build stage's own layers are not shipped.
      expect(loaded.layers).toHaveLength(3);
      expect(loaded.fs.stat('/opt/hello/bin/hello')).toMatchObject({ type: 'file', layer: 2, mode: 0o755 });
      expect(loaded.fs.stat('/opt/hello/share/greeting.txt')).toMatchObject({ size: 6, layer: 2 });
      expect(loaded.fs.stat('/home/app')).toMatchObject({ type: 'dir', uid: 10001, layer: 1 });
      expect(inv.packages.filter((p) => p.type === 'deb').every((p) => p.layer === 0)).toBe(true);
    },
    BUILD,
  );

  it(
    'the built CLI writes valid CycloneDX listing every dpkg package',
    async () => {
      const cli = join(root, 'dist', 'shipshape.mjs');
      if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first (npm test does)`);
      const img = await app();
      const bundle = await unpackBundle(img.ociDir);
      const r = spawnSync(process.execPath, [cli, 'sbom', '--format', 'cyclonedx-json', img.ref], {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
        // its layer cache goes to the scratch directory, not the user's
        env: { ...process.env, SHIPSHAPE_CACHE_DIR: join(scratch, 'cli-cache') },
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(r.stdout)).toBeNull();
      const bom = JSON.parse(r.stdout) as {
        metadata: { component: { type: string; version: string } };
        components: { name: string; version: string; purl: string }[];
      };
      expect(bom.metadata.component).toMatchObject({
        type: 'container',
        version: readLayout(img.ociDir).manifestDigest,
      });
      const debs = bom.components
        .filter((c) => c.purl.startsWith('pkg:deb/'))
        .map((c) => `${c.name} ${c.version}`)
        .sort();
      const oracle = (await dpkgQuery(join(bundle.rootfs, 'var/lib/dpkg'))).map((l) =>
        l.split(' ').slice(0, 2).join(' '),
      );
      expect(debs).toEqual(oracle);
      expect(bom.components.filter((c) => c.purl.startsWith('pkg:npm/'))).toHaveLength(
        flattenNpmLs(img.app.ls).length,
      );
    },
    READ,
  );
});

describe('the artifact cache', () => {
  const fresh = () => mkdtempSync(join(scratch, 'cache-'));
  const writeMark = (text: string) => async (dir: string) => writeFileSync(join(dir, 'mark'), text);

  it('builds a recipe once for concurrent callers and leaves no build directory behind', async () => {
    const root = fresh();
    const build = vi.fn(writeMark('one'));
    const [a, b] = await Promise.all([
      cachedArtifact({ n: 1 }, build, { root }),
      cachedArtifact({ n: 1 }, build, { root }),
    ]);
    expect(a).toBe(b);
    expect(build).toHaveBeenCalledTimes(1);
    expect(readFileSync(join(a, 'mark'), 'utf8')).toBe('one');
    expect(JSON.parse(readFileSync(join(a, 'recipe.json'), 'utf8'))).toEqual({ n: 1 });
    expect(await cachedArtifact({ n: 2 }, writeMark('two'), { root })).not.toBe(a);
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('keeps nothing of a failed build, so the next call builds again', async () => {
    const root = fresh();
    await expect(
      cachedArtifact(
        { n: 3 },
        async () => {
          throw new Error('boom');
        },
        { root },
      ),
    ).rejects.toThrow('boom');
    expect(readdirSync(root)).toEqual([]);
    const dir = await cachedArtifact({ n: 3 }, writeMark('again'), { root });
    expect(readFileSync(join(dir, 'mark'), 'utf8')).toBe('again');
  });

  it('waits for a live lock holder and uses what it renamed into place', async () => {
    const root = fresh();
    const other = join(root, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'mark'), 'theirs');
    const key = recipeKey({ n: 4 });
    writeFileSync(join(root, `${key}.lock`), String(process.pid));
    const build = vi.fn(writeMark('ours'));
    const waiting = cachedArtifact({ n: 4 }, build, { root });
    await new Promise((r) => setTimeout(r, 700));
    renameSync(other, join(root, key));
    rmSync(join(root, `${key}.lock`));
    const dir = await waiting;
    expect(build).not.toHaveBeenCalled();
    expect(readFileSync(join(dir, 'mark'), 'utf8')).toBe('theirs');
  });

  it("breaks a dead process's lock, and keeps the other artifact when it loses the final rename", async () => {
    const root = fresh();
    const key = recipeKey({ n: 5 });
    const dead = spawnSync('true').pid;
    writeFileSync(join(root, `${key}.lock`), String(dead));
    const dir = await cachedArtifact(
      { n: 5 },
      async (tmp) => {
        writeFileSync(join(tmp, 'mark'), 'ours');
        // meanwhile another process (one that ignored the lock) got there first
        mkdirSync(join(root, key));
        writeFileSync(join(root, key, 'mark'), 'theirs');
      },
      { root },
    );
    expect(readFileSync(join(dir, 'mark'), 'utf8')).toBe('theirs');
    expect(readdirSync(root)).toEqual([key]);
  });
});
