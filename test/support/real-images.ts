// Real container images built with Debian's tools (mmdebstrap, buildah, skopeo, umoci), cached by recipe hash, for acceptance tests and benchmarks.
//
// Plain Node APIs only (no vitest), so benchmarks can load it too. Every artifact is a directory
// `<cache root>/<sha256 of the recipe JSON>/`, built in a temporary sibling and renamed into place: a rename onto
// an existing, non-empty directory fails, so two processes building the same recipe never see a half-written
// artifact. A lock file beside it only saves the second process the work of building it again.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  cpSync,
  createReadStream,
  createWriteStream,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** Bump to rebuild every cached artifact (the recipe of each one includes it). */
const CACHE_VERSION = 1;

/** `$SHIPSHAPE_TEST_CACHE`, else `$XDG_CACHE_HOME/shipshape-test-images`, else `~/.cache/shipshape-test-images`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHIPSHAPE_TEST_CACHE) return env.SHIPSHAPE_TEST_CACHE;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'shipshape-test-images');
}

/** Canonical JSON (object keys sorted) so the same recipe always hashes the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function recipeKey(recipe: unknown): string {
  return createHash('sha256')
    .update(canonical({ cache: CACHE_VERSION, recipe }))
    .digest('hex');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<key>.lock`; waits while a live process holds it; a lock left by a dead process is broken. */
async function lock(
  path: string,
  ready: () => boolean,
  timeoutMs: number,
): Promise<(() => void) | undefined> {
  const started = Date.now();
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (ready()) return undefined;
    let holder = 0;
    try {
      holder = Number.parseInt(readFileSync(path, 'utf8').trim() || '0', 10);
    } catch {
      continue; // released just now: try to take it
    }
    if (holder > 0 && !alive(holder)) {
      rmSync(path, { force: true });
      continue;
    }
    // Waited long enough: build anyway; the final rename still keeps the artifact whole.
    if (Date.now() - started > timeoutMs) return () => {};
    await sleep(500);
  }
}

const BUILD_DIR = /^\.build-[0-9a-f]{16}-(\d+)-[0-9a-f]{8}$/;
const TRASH_DIR = /^\.trash-\d+-[0-9a-f]{8}$/;

function olderThan(path: string, ms: number): boolean {
  try {
    return Date.now() - lstatSync(path).mtimeMs > ms;
  } catch {
    return false;
  }
}

/**
 * Deletes, without waiting, what interrupted runs left in the cache root: build directories of processes that are
 * gone, and trash older than an hour (a detached `rm` may still be at work on newer trash).
 */
function sweep(root: string, also: string[] = []): void {
  const stale = [...also];
  for (const name of readdirSync(root)) {
    const build = BUILD_DIR.exec(name);
    if (build && !alive(Number(build[1]))) stale.push(join(root, name));
    else if (TRASH_DIR.test(name) && olderThan(join(root, name), 3_600_000)) stale.push(join(root, name));
  }
  if (stale.length > 0) spawn('rm', ['-rf', '--', ...stale], { detached: true, stdio: 'ignore' }).unref();
}

/**
 * Removes a large directory without waiting: it is renamed out of the way at once and deleted by a detached
 * `rm -rf`, which outlives the test run if it must.
 */
function discard(dir: string, root: string): void {
  if (!existsSync(dir)) return;
  const trash = join(root, `.trash-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    renameSync(dir, trash);
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  sweep(root, [trash]);
}

const inProcess = new Map<string, Promise<string>>();

/**
 * The artifact directory for `recipe`, building it with `build(tmpDir)` when it is not cached yet. `build` writes
 * into the empty directory it is given; that directory becomes the artifact only when `build` resolves.
 */
export function cachedArtifact(
  recipe: unknown,
  build: (dir: string) => Promise<void>,
  options: { root?: string; lockTimeoutMs?: number } = {},
): Promise<string> {
  const root = options.root ?? cacheRoot();
  const key = recipeKey(recipe);
  const final = join(root, key);
  const memo = inProcess.get(final);
  if (memo) return memo;
  const job = (async () => {
    if (existsSync(final)) return final;
    mkdirSync(root, { recursive: true });
    const release = await lock(
      `${final}.lock`,
      () => existsSync(final),
      options.lockTimeoutMs ?? 20 * 60_000,
    );
    try {
      if (existsSync(final)) return final;
      sweep(root);
      const tmp = join(root, `.build-${key.slice(0, 16)}-${process.pid}-${randomBytes(4).toString('hex')}`);
      mkdirSync(tmp);
      try {
        writeFileSync(join(tmp, 'recipe.json'), `${JSON.stringify(recipe, null, 2)}\n`);
        await build(tmp);
        try {
          renameSync(tmp, final);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          // Another process finished first: its artifact is as good as ours.
          if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !existsSync(final)) throw e;
        }
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
      return final;
    } finally {
      release?.();
    }
  })();
  inProcess.set(final, job);
  job.catch(() => inProcess.delete(final));
  return job;
}

/** Runs a program; its output goes to `log` (appended). Rejects with the log's tail when it fails. */
export function run(
  cmd: string,
  args: readonly string[],
  options: { cwd?: string; log?: string; env?: NodeJS.ProcessEnv; stdout?: string } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = options.log ? openSync(options.log, 'a') : 'ignore';
    const out = options.stdout ? openSync(options.stdout, 'w') : log;
    if (typeof log === 'number') writeSync(log, `$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', out, log],
    });
    let settled = false;
    const done = (err?: Error) => {
      // 'error' and 'close' may both come
      if (settled) return;
      settled = true;
      if (typeof out === 'number' && out !== log) closeSync(out);
      if (typeof log === 'number') closeSync(log);
      if (!err) return resolve();
      const tail = options.log ? readFileSync(options.log, 'utf8').slice(-3000) : '';
      reject(new Error(`${err.message}${tail ? `\n--- ${options.log} (tail) ---\n${tail}` : ''}`));
    };
    child.on('error', (e) => done(new Error(`${cmd}: ${e.message}`)));
    child.on('close', (code, signal) =>
      done(
        code === 0 ? undefined : new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`),
      ),
    );
  });
}

/** Runs a program and returns its standard output. */
export function capture(
  cmd: string,
  args: readonly string[],
  options: { cwd?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new Error(`${cmd}: ${e.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}): ${Buffer.concat(err)}`));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

// ---------------------------------------------------------------------------------------------------------------
// Base root filesystem

export interface RootfsOptions {
  /** Debian suite; default bookworm. */
  suite?: string;
  /** Extra packages (mmdebstrap --include). */
  include?: string[];
  /**
   * Leave out documentation, manual pages and translations (copyright files stay), as Debian's `-slim` images do:
   * about a quarter smaller, so every build and read is faster. The rule stays in the image for later installs.
   */
  slim?: boolean;
}

export interface Rootfs {
  /** The root filesystem tarball. */
  tar: string;
  /** The artifact's recipe key: a build that ADDs this tarball puts it in its own recipe instead of the bytes. */
  key: string;
}

/** dpkg path filters of debuerreotype's slim variant (the official debian:*-slim images). */
const SLIM_DPKG_OPTIONS = [
  'path-exclude=/usr/share/doc/*',
  'path-include=/usr/share/doc/*/copyright',
  'path-exclude=/usr/share/man/*',
  'path-exclude=/usr/share/groff/*',
  'path-exclude=/usr/share/info/*',
  'path-exclude=/usr/share/locale/*',
  'path-include=/usr/share/locale/locale.alias',
  'path-exclude=/usr/share/lintian/*',
  'path-exclude=/usr/share/linda/*',
];

/** A minbase Debian root filesystem tarball from mmdebstrap (about 30 s; 170 MB, 125 MB slim), cached. */
export async function debianRootfs(options: RootfsOptions = {}): Promise<Rootfs> {
  const recipe = {
    kind: 'mmdebstrap',
    suite: options.suite ?? 'bookworm',
    variant: 'minbase',
    include: [...(options.include ?? [])].sort(),
    dpkgopt: options.slim ? SLIM_DPKG_OPTIONS : [],
  };
  const dir = await cachedArtifact(recipe, async (tmp) => {
    // root mode needs root; unshare mode is what mmdebstrap offers to anyone else (with subuids set up).
    const mode = isRoot() ? 'root' : 'unshare';
    await run(
      'mmdebstrap',
      [
        '--variant=minbase',
        `--mode=${mode}`,
        ...(recipe.include.length ? [`--include=${recipe.include.join(',')}`] : []),
        ...recipe.dpkgopt.map((o) => `--dpkgopt=${o}`),
        recipe.suite,
        join(tmp, 'rootfs.tar'),
      ],
      { log: join(tmp, 'build.log') },
    );
  });
  return { tar: join(dir, 'rootfs.tar'), key: recipeKey(recipe) };
}

// ---------------------------------------------------------------------------------------------------------------
// Building with buildah

/** A context entry: file content, or a host file or directory copied in. */
export type ContextEntry = string | Buffer | { file: string } | { dir: string };

export interface BuildOptions {
  /** Image name inside the throw-away buildah storage (and in archive tags). */
  name: string;
  /** Dockerfile text. */
  dockerfile: string;
  /** Build context: relative path → entry. */
  files?: Record<string, ContextEntry>;
  /** Placed in the context as `rootfs.tar` (a Dockerfile then says `ADD rootfs.tar /`). */
  rootfs?: Rootfs;
}

export interface BuiltImage {
  name: string;
  dockerfile: string;
  /** OCI image layout with gzip layers, tag `latest`. */
  ociDir: string;
  /** `oci:DIR:latest`. */
  ref: string;
  /** `buildah inspect --type image` JSON, saved before the storage is removed (buildah's own view of history). */
  buildahInspect: string;
}

function walkFiles(dir: string, rel = ''): { rel: string; abs: string }[] {
  const out: { rel: string; abs: string }[] = [];
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const abs = join(dir, r);
    const st = lstatSync(abs);
    out.push({ rel: r, abs });
    if (st.isDirectory()) out.push(...walkFiles(dir, r));
  }
  return out;
}

/** Hashes what a context entry puts into the image: names, modes, contents, link targets. */
function entryDigest(entry: ContextEntry): string {
  const h = createHash('sha256');
  if (typeof entry === 'string' || Buffer.isBuffer(entry)) return h.update(entry).digest('hex');
  if ('file' in entry) return h.update(readFileSync(entry.file)).digest('hex');
  for (const f of walkFiles(entry.dir)) {
    const st = lstatSync(f.abs);
    h.update(`${f.rel}\0${st.mode}\0`);
    if (st.isSymbolicLink()) h.update(readlinkSync(f.abs));
    else if (st.isFile()) h.update(readFileSync(f.abs));
    h.update('\0');
  }
  return h.digest('hex');
}

/** A hard link when the cache and the context share a filesystem (the tarball is large), else a copy. */
function linkOrCopy(src: string, dest: string): void {
  try {
    linkSync(src, dest);
  } catch {
    copyFileSync(src, dest);
  }
}

function buildahArgs(storage: string): string[] {
  return ['--root', join(storage, 'root'), '--runroot', join(storage, 'runroot'), '--storage-driver', 'vfs'];
}

/**
 * Builds a Dockerfile with buildah (vfs storage in a throw-away directory, chroot isolation, one layer per
 * instruction, timestamps 0) and pushes it to an OCI layout in the cache. Costs roughly 10 s per layer on top of
 * the base: vfs copies the whole tree for every layer.
 */
export async function buildahBuild(options: BuildOptions): Promise<BuiltImage> {
  const files = options.files ?? {};
  const recipe = {
    kind: 'buildah',
    name: options.name,
    dockerfile: options.dockerfile,
    files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, entryDigest(v)])),
    rootfs: options.rootfs?.key,
  };
  const dir = await cachedArtifact(recipe, async (tmp) => {
    const log = join(tmp, 'build.log');
    const ctx = join(tmp, 'context');
    const storage = join(tmp, 'storage');
    mkdirSync(ctx);
    try {
      writeFileSync(join(ctx, 'Dockerfile'), options.dockerfile);
      if (options.rootfs) linkOrCopy(options.rootfs.tar, join(ctx, 'rootfs.tar'));
      for (const [rel, entry] of Object.entries(files)) {
        const dest = join(ctx, rel);
        mkdirSync(join(dest, '..'), { recursive: true });
        if (typeof entry === 'string' || Buffer.isBuffer(entry)) writeFileSync(dest, entry);
        else if ('file' in entry) copyFileSync(entry.file, dest);
        else cpSync(entry.dir, dest, { recursive: true, verbatimSymlinks: true });
      }
      const b = buildahArgs(storage);
      await run(
        'buildah',
        [...b, 'bud', '--isolation', 'chroot', '--layers', '--timestamp', '0', '-t', options.name, ctx],
        { log },
      );
      await run('buildah', [...b, 'inspect', '--type', 'image', options.name], {
        log,
        stdout: join(tmp, 'buildah-inspect.json'),
      });
      await run('buildah', [...b, 'push', options.name, `oci:${join(tmp, 'oci')}:latest`], { log });
    } finally {
      // The storage holds a full copy of the tree per layer (vfs): gigabytes we never need again.
      discard(storage, join(tmp, '..'));
      rmSync(ctx, { recursive: true, force: true });
    }
  });
  return {
    name: options.name,
    dockerfile: options.dockerfile,
    ociDir: join(dir, 'oci'),
    ref: `oci:${join(dir, 'oci')}:latest`,
    buildahInspect: join(dir, 'buildah-inspect.json'),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Other transports

export type ExportKind =
  | 'docker-archive'
  | 'docker-archive-oci'
  | 'oci-archive'
  | 'oci-zstd'
  | 'oci-uncompressed';

export const EXPORT_KINDS: readonly ExportKind[] = [
  'docker-archive',
  'docker-archive-oci',
  'oci-archive',
  'oci-zstd',
  'oci-uncompressed',
];

export interface ExportedImage {
  kind: ExportKind;
  /** The archive file or layout directory. */
  path: string;
  /** A reference shipshape (and skopeo) reads. */
  ref: string;
}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

interface OciManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

function blobPath(layout: string, digest: string): string {
  const [alg, hex] = digest.split(':');
  return join(layout, 'blobs', alg ?? 'sha256', hex ?? '');
}

/** The manifest tagged `latest` (or the only one) in an OCI layout. */
export function readLayout(layout: string): {
  manifestDigest: string;
  manifest: OciManifest;
  config: unknown;
} {
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: Descriptor[] };
  const desc =
    index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === 'latest') ??
    index.manifests[0];
  if (!desc) throw new Error(`${layout}: index.json lists no manifest`);
  const manifest = JSON.parse(readFileSync(blobPath(layout, desc.digest), 'utf8')) as OciManifest;
  const config = JSON.parse(readFileSync(blobPath(layout, manifest.config.digest), 'utf8')) as unknown;
  return { manifestDigest: desc.digest, manifest, config };
}

function writeBlob(layout: string, body: string): Descriptor & { body: string } {
  const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
  const p = blobPath(layout, digest);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, body);
  return { mediaType: '', digest, size: Buffer.byteLength(body), body };
}

/** Gunzips `src` into `dest`, returning the digest and size of what was written. */
async function gunzipTo(src: string, dest: string): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  await pipeline(createReadStream(src), createGunzip(), tap, createWriteStream(dest));
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

/**
 * An OCI layout with uncompressed layers, written by hand because skopeo (--dest-decompress) and buildah
 * (--disable-compression) both silently reuse the gzip blobs: each layer is gunzipped, so its digest becomes its
 * diff id, and the manifest and index are rewritten to match.
 */
async function writeUncompressedLayout(src: string, dest: string, tag: string): Promise<Descriptor> {
  const { manifest } = readLayout(src);
  mkdirSync(join(dest, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(dest, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  copyFileSync(blobPath(src, manifest.config.digest), blobPath(dest, manifest.config.digest));
  const layers: Descriptor[] = [];
  for (const l of manifest.layers) {
    const tmp = join(dest, 'blobs', 'sha256', `.partial-${randomBytes(4).toString('hex')}`);
    let out = { digest: l.digest, size: l.size };
    if (/gzip/.test(l.mediaType)) out = await gunzipTo(blobPath(src, l.digest), tmp);
    else copyFileSync(blobPath(src, l.digest), tmp);
    renameSync(tmp, blobPath(dest, out.digest));
    layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: out.digest, size: out.size });
  }
  const m = writeBlob(dest, JSON.stringify({ ...manifest, layers }));
  const desc: Descriptor = {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: m.digest,
    size: m.size,
    annotations: { 'org.opencontainers.image.ref.name': tag },
  };
  writeFileSync(join(dest, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [desc] }));
  return desc;
}

/**
 * What Docker 25+ `docker save` writes: an OCI layout with uncompressed layers, plus the legacy manifest.json
 * (layer and config paths pointing into blobs/sha256/) and repositories file, as one tar.
 */
async function writeDockerOciArchive(
  src: string,
  archive: string,
  name: string,
  work: string,
): Promise<void> {
  const layout = join(work, 'layout');
  const desc = await writeUncompressedLayout(src, layout, 'latest');
  const { manifest } = readLayout(layout);
  const [repo, tag] = splitRepoTag(name);
  const withTag = `${repo}:${tag}`;
  writeFileSync(
    join(layout, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          ...desc,
          annotations: {
            'io.containerd.image.name': `docker.io/${repo.includes('/') ? repo : `library/${repo}`}:${tag}`,
            'org.opencontainers.image.ref.name': tag,
          },
        },
      ],
    }),
  );
  const rel = (d: string) => `blobs/sha256/${d.slice('sha256:'.length)}`;
  writeFileSync(
    join(layout, 'manifest.json'),
    JSON.stringify([
      {
        Config: rel(manifest.config.digest),
        RepoTags: [withTag],
        Layers: manifest.layers.map((l) => rel(l.digest)),
      },
    ]),
  );
  const top = manifest.layers[manifest.layers.length - 1];
  if (top) {
    writeFileSync(
      join(layout, 'repositories'),
      JSON.stringify({ [repo]: { [tag]: top.digest.slice('sha256:'.length) } }),
    );
  }
  await run('tar', [
    '--create',
    '--file',
    archive,
    '--directory',
    layout,
    '--sort=name',
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '--mtime=@0',
    '--format=pax',
    'blobs',
    'index.json',
    'manifest.json',
    'oci-layout',
    ...(top ? ['repositories'] : []),
  ]);
}

function splitRepoTag(name: string): [string, string] {
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? [name.slice(0, colon), name.slice(colon + 1)] : [name, 'latest'];
}

/** The image in `ociDir` (tag `latest`) in one other transport, cached by manifest digest. */
export async function exportImage(
  ociDir: string,
  kind: ExportKind,
  options: { name?: string } = {},
): Promise<ExportedImage> {
  const { manifestDigest } = readLayout(ociDir);
  const name = options.name ?? 'shipshape-test/image:latest';
  const recipe = { kind: `export:${kind}`, manifestDigest, name };
  const src = `oci:${ociDir}:latest`;
  const skopeo = ['--insecure-policy', 'copy', '--quiet'];
  const dir = await cachedArtifact(recipe, async (tmp) => {
    const log = join(tmp, 'build.log');
    switch (kind) {
      case 'docker-archive':
        await run('skopeo', [...skopeo, src, `docker-archive:${join(tmp, 'image.tar')}:${name}`], { log });
        return;
      case 'oci-archive':
        await run('skopeo', [...skopeo, src, `oci-archive:${join(tmp, 'image.tar')}:latest`], { log });
        return;
      case 'oci-zstd':
        // --dest-compress makes skopeo recompress instead of reusing the gzip blobs.
        await run(
          'skopeo',
          [
            ...skopeo,
            '--dest-compress',
            '--dest-compress-format',
            'zstd',
            src,
            `oci:${join(tmp, 'oci')}:latest`,
          ],
          { log },
        );
        return;
      case 'oci-uncompressed':
        await writeUncompressedLayout(ociDir, join(tmp, 'oci'), 'latest');
        return;
      case 'docker-archive-oci': {
        const work = join(tmp, 'work');
        await writeDockerOciArchive(ociDir, join(tmp, 'image.tar'), name, work);
        rmSync(work, { recursive: true, force: true });
        return;
      }
    }
  });
  const archive = join(dir, 'image.tar');
  const layout = join(dir, 'oci');
  switch (kind) {
    case 'docker-archive':
    case 'docker-archive-oci':
      return { kind, path: archive, ref: `docker-archive:${archive}` };
    case 'oci-archive':
      return { kind, path: archive, ref: `oci-archive:${archive}:latest` };
    case 'oci-zstd':
    case 'oci-uncompressed':
      return { kind, path: layout, ref: `oci:${layout}:latest` };
  }
}

/** The image in every other transport (built one after another: each is CPU- and disk-bound). */
export async function exportAll(
  ociDir: string,
  options: { name?: string } = {},
): Promise<Record<ExportKind, ExportedImage>> {
  const out = {} as Record<ExportKind, ExportedImage>;
  for (const kind of EXPORT_KINDS) out[kind] = await exportImage(ociDir, kind, options);
  return out;
}

export interface Bundle {
  /** The OCI runtime bundle umoci wrote (config.json, umoci.json, rootfs/). */
  dir: string;
  /** The final root filesystem, whiteouts applied. */
  rootfs: string;
}

/** `umoci unpack`: the image's squashed root filesystem as the reference implementation applies the layers. */
export async function unpackBundle(ociDir: string): Promise<Bundle> {
  const { manifestDigest } = readLayout(ociDir);
  const dir = await cachedArtifact({ kind: 'umoci-unpack', manifestDigest }, async (tmp) => {
    await run(
      'umoci',
      ['unpack', ...(isRoot() ? [] : ['--rootless']), '--image', `${ociDir}:latest`, join(tmp, 'bundle')],
      { log: join(tmp, 'build.log') },
    );
  });
  return { dir: join(dir, 'bundle'), rootfs: join(dir, 'bundle', 'rootfs') };
}

// ---------------------------------------------------------------------------------------------------------------
// An npm application

export interface NpmApp {
  /** package.json, package-lock.json and node_modules/, as `npm install` left them. */
  dir: string;
  /** `npm ls --all --json`. */
  ls: NpmLsNode;
  /** `npm ls --all --parseable`: the directory of every installed package, relative to `dir` ('' for the root). */
  paths: string[];
}

export interface NpmLsNode {
  name?: string;
  version?: string;
  dependencies?: Record<string, NpmLsNode>;
  [k: string]: unknown;
}

/** `npm install` (from the registry, scripts off) of `dependencies` on the host, cached with npm's own view of it. */
export async function npmApp(dependencies: Record<string, string>, name = 'real-app'): Promise<NpmApp> {
  const recipe = { kind: 'npm-app', name, dependencies };
  const dir = await cachedArtifact(recipe, async (tmp) => {
    const app = join(tmp, 'app');
    const log = join(tmp, 'build.log');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      `${JSON.stringify({ name, version: '1.0.0', private: true, dependencies }, null, 2)}\n`,
    );
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-update-notifier'], {
      cwd: app,
      log,
    });
    await run('npm', ['ls', '--all', '--json'], { cwd: app, log, stdout: join(tmp, 'npm-ls.json') });
    const parseable = join(tmp, 'npm-ls.parseable');
    await run('npm', ['ls', '--all', '--parseable'], { cwd: app, log, stdout: parseable });
    // npm prints absolute paths into the temporary directory: keep them relative to the app.
    const rel = readFileSync(parseable, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((p) => relative(app, p));
    writeFileSync(join(tmp, 'npm-ls.txt'), `${rel.join('\n')}\n`);
    rmSync(parseable);
  });
  const app = join(dir, 'app');
  const paths = readFileSync(join(dir, 'npm-ls.txt'), 'utf8').split('\n').slice(0, -1);
  return { dir: app, ls: JSON.parse(readFileSync(join(dir, 'npm-ls.json'), 'utf8')) as NpmLsNode, paths };
}

/** npm ls's tree as the set of installed `name@version`: a deduped entry names a package already in the tree. */
export function flattenNpmLs(root: NpmLsNode): string[] {
  const out = new Set<string>();
  const stack: [string, NpmLsNode][] = Object.entries(root.dependencies ?? {});
  while (stack.length > 0) {
    const [name, node] = stack.pop() as [string, NpmLsNode];
    // A missing dependency has no version: npm did not install it, so nothing is on disk.
    if (node.version && !node.missing) out.add(`${name}@${node.version}`);
    stack.push(...Object.entries(node.dependencies ?? {}));
  }
  return [...out].sort();
}

// ---------------------------------------------------------------------------------------------------------------
// The images the acceptance tests and benchmarks use

/** Small npm dependencies with nesting (debug → ms@2.1.2 beside a top-level ms@2.0.0), a dedupe and a scope. */
export const APP_DEPENDENCIES: Record<string, string> = {
  '@sindresorhus/is': '4.6.0',
  chalk: '4.1.2',
  debug: '4.3.4',
  'has-flag': '4.0.0',
  ms: '2.0.0',
  semver: '7.5.4',
};

/** Layer indexes of appImage(), by what the instruction does. */
export const APP_LAYERS = { rootfs: 0, apt: 1, files: 2, app: 3, prune: 4 } as const;

export const APP_DOCKERFILE = `FROM scratch
ADD rootfs.tar /
RUN apt-get update && apt-get install -y --no-install-recommends jq \\
 && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
RUN mkdir -p /opt/squash/keep /opt/squash/gone /opt/squash/to-file /opt/squash/renewed/old-sub \\
 && echo kept > /opt/squash/keep/a.txt \\
 && echo doomed > /opt/squash/gone/doomed.txt \\
 && echo inner > /opt/squash/to-file/inner.txt \\
 && echo old > /opt/squash/renewed/old.txt \\
 && echo deep > /opt/squash/renewed/old-sub/deep.txt
COPY app /app
RUN rm /opt/squash/gone/doomed.txt /etc/issue.net \\
 && rm -r /opt/squash/to-file && echo now-a-file > /opt/squash/to-file \\
 && rm -r /opt/squash/renewed && mkdir /opt/squash/renewed && echo new > /opt/squash/renewed/new.txt \\
 && rm -r /usr/share/doc/jq
`;

export interface AppImage extends BuiltImage {
  rootfs: Rootfs;
  app: NpmApp;
}

/**
 * A bookworm minbase (slim) image plus jq from apt, a layer of files that a later layer deletes (a real whiteout) or
 * replaces (a directory turned into a file, a directory emptied and refilled), and an npm application COPYed in
 * its own layer. Layers: APP_LAYERS.
 */
export async function appImage(): Promise<AppImage> {
  const [rootfs, app] = await Promise.all([debianRootfs({ slim: true }), npmApp(APP_DEPENDENCIES)]);
  const built = await buildahBuild({
    name: 'shipshape-test/app',
    dockerfile: APP_DOCKERFILE,
    rootfs,
    files: { app: { dir: app.dir } },
  });
  return { ...built, rootfs, app };
}

export const MULTI_STAGE_DOCKERFILE = `FROM scratch AS build
ADD rootfs.tar /
RUN mkdir -p /out/bin /out/share \\
 && printf '#!/bin/sh\\necho "hello from $GREETING"\\n' > /out/bin/hello && chmod 755 /out/bin/hello \\
 && dpkg-query -W -f '\${Package}\\n' > /out/share/packages.txt
COPY greeting.txt /out/share/greeting.txt

FROM scratch
ADD rootfs.tar /
RUN useradd --uid 10001 --user-group --create-home app
COPY --from=build /out /opt/hello
WORKDIR /opt/hello
USER app
EXPOSE 8080/tcp 9090/udp
ENV GREETING=world
ENTRYPOINT ["/opt/hello/bin/hello"]
`;

export interface MultiStageImage extends BuiltImage {
  rootfs: Rootfs;
}

/**
 * A two-stage build (the final stage COPYs --from the first, then sets WORKDIR, USER, EXPOSE, ENV, ENTRYPOINT):
 * for history alignment and, later, attributing layers to Dockerfile instructions.
 */
export async function multiStageImage(): Promise<MultiStageImage> {
  const rootfs = await debianRootfs({ slim: true });
  const built = await buildahBuild({
    name: 'shipshape-test/multi-stage',
    dockerfile: MULTI_STAGE_DOCKERFILE,
    rootfs,
    files: { 'greeting.txt': 'hello\n' },
  });
  return { ...built, rootfs };
}

export interface TreeEntry {
  type: 'file' | 'dir' | 'symlink' | 'other';
  /** Bytes for a regular file, else 0. */
  size: number;
  /** Permission bits (mode & 0o7777). */
  mode: number;
  uid: number;
  gid: number;
  /** A symlink's target as written. */
  linkname?: string;
}

/** Every path below `root` ('/etc/passwd' form) with its type, size, permissions and owner, not following links. */
export function scanTree(root: string): Map<string, TreeEntry> {
  const out = new Map<string, TreeEntry>();
  const stack = [''];
  while (stack.length > 0) {
    const rel = stack.pop() as string;
    for (const name of readdirSync(join(root, rel))) {
      const r = `${rel}/${name}`;
      const st = lstatSync(join(root, r));
      const type = st.isDirectory()
        ? 'dir'
        : st.isSymbolicLink()
          ? 'symlink'
          : st.isFile()
            ? 'file'
            : 'other';
      const e: TreeEntry = {
        type,
        size: type === 'file' ? st.size : 0,
        mode: st.mode & 0o7777,
        uid: st.uid,
        gid: st.gid,
      };
      if (type === 'symlink') e.linkname = readlinkSync(join(root, r));
      if (type === 'dir') stack.push(r);
      out.set(r, e);
    }
  }
  return out;
}
