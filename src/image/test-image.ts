// Test helper: writes small images (docker-archive both layouts, OCI layout, OCI archive) from a recipe of layers.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';

export interface TestEntry {
  /** Written as the tar name as is (so tests can write '../x' or '/abs'). */
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
}

export interface TestLayer {
  entries: TestEntry[];
  compression?: 'gzip' | 'zstd' | 'none';
  createdBy?: string;
}

export interface TestImage {
  layers: TestLayer[];
  /** Extra history entries with empty_layer, placed after the layer at the index given (-1: before all). */
  emptyHistory?: { after: number; createdBy: string }[];
  config?: Record<string, unknown>;
  os?: string;
  architecture?: string;
  variant?: string;
}

export function sha256(b: Buffer | string): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

export async function tarOf(entries: readonly TestEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of pack as AsyncIterable<Buffer>) chunks.push(c);
  })();
  for (const e of entries) {
    const type = e.type ?? 'file';
    const body = e.content === undefined ? undefined : Buffer.from(e.content);
    await new Promise<void>((resolve, reject) => {
      const header = {
        name: e.name,
        type,
        mode: e.mode ?? (type === 'directory' ? 0o755 : 0o644),
        linkname: e.linkname,
        // Fixed, not tar-stream's default of now: the same entries must make the same blob (and digest) on every
        // call, or a test that builds an image twice sees different layers when a second boundary falls between.
        mtime: new Date(1_700_000_000_000),
      };
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if (type === 'file') pack.entry({ ...header, size: body?.length ?? 0 }, body ?? Buffer.alloc(0), cb);
      else pack.entry(header, cb);
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export function compress(raw: Buffer, how: 'gzip' | 'zstd' | 'none'): Buffer {
  if (how === 'gzip') return gzipSync(raw);
  if (how === 'zstd') return execFileSync('zstd', ['-q', '-c', '-'], { input: raw, maxBuffer: 1 << 30 });
  return raw;
}

export interface BuiltImage {
  config: Buffer;
  configDigest: string;
  manifest: Buffer;
  manifestDigest: string;
  /** Blobs as stored, with the uncompressed tars. */
  layers: { blob: Buffer; digest: string; diffId: string; raw: Buffer; mediaType: string }[];
}

export async function buildImage(image: TestImage): Promise<BuiltImage> {
  const layers = [];
  for (const l of image.layers) {
    const raw = await tarOf(l.entries);
    const c = l.compression ?? 'gzip';
    const blob = compress(raw, c);
    const mediaType = `application/vnd.oci.image.layer.v1.tar${c === 'gzip' ? '+gzip' : c === 'zstd' ? '+zstd' : ''}`;
    layers.push({ blob, digest: sha256(blob), diffId: sha256(raw), raw, mediaType });
  }
  const history: Record<string, unknown>[] = [];
  const empties = image.emptyHistory ?? [];
  for (const e of empties.filter((x) => x.after === -1))
    history.push({ created_by: e.createdBy, empty_layer: true });
  image.layers.forEach((l, i) => {
    history.push({ created_by: l.createdBy ?? `layer ${i}` });
    for (const e of empties.filter((x) => x.after === i))
      history.push({ created_by: e.createdBy, empty_layer: true });
  });
  const config = Buffer.from(
    JSON.stringify({
      architecture: image.architecture ?? 'amd64',
      os: image.os ?? 'linux',
      ...(image.variant ? { variant: image.variant } : {}),
      config: image.config ?? {},
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
      history,
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256(config),
        size: config.length,
      },
      layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.blob.length })),
    }),
  );
  return { config, configDigest: sha256(config), manifest, manifestDigest: sha256(manifest), layers };
}

/** Files of an archive or layout, by relative path. */
export type FileSet = Map<string, Buffer>;

function blobName(digest: string) {
  return `blobs/sha256/${digest.slice('sha256:'.length)}`;
}

export interface LayoutImage {
  image: BuiltImage;
  tag?: string;
  platform?: { os: string; architecture: string; variant?: string };
}

/**
 * An OCI layout. Each entry of `index` is an image or a nested index of images (a multi-platform image);
 * `tag` goes on the top-level descriptor.
 */
export function ociLayoutFiles(index: (LayoutImage | { tag?: string; images: LayoutImage[] })[]): FileSet {
  const files: FileSet = new Map();
  files.set('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
  const addImage = (li: LayoutImage) => {
    files.set(blobName(li.image.configDigest), li.image.config);
    files.set(blobName(li.image.manifestDigest), li.image.manifest);
    for (const l of li.image.layers) files.set(blobName(l.digest), l.blob);
    return {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: li.image.manifestDigest,
      size: li.image.manifest.length,
      ...(li.platform ? { platform: li.platform } : {}),
    };
  };
  const ann = (tag?: string) => (tag ? { annotations: { 'org.opencontainers.image.ref.name': tag } } : {});
  const top = index.map((e) => {
    if ('images' in e) {
      const nested = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: e.images.map(addImage),
        }),
      );
      files.set(blobName(sha256(nested)), nested);
      return {
        mediaType: 'application/vnd.oci.image.index.v1+json',
        digest: sha256(nested),
        size: nested.length,
        ...ann(e.tag),
      };
    }
    return { ...addImage(e), ...ann(e.tag) };
  });
  files.set('index.json', Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: top })));
  return files;
}

/** `docker save`: 'legacy' (<id>/layer.tar, uncompressed) or 'oci' (Docker 25+: an OCI layout plus manifest.json). */
export function dockerArchiveFiles(
  image: BuiltImage,
  layout: 'legacy' | 'oci',
  repoTag = 'test:latest',
): FileSet {
  if (layout === 'oci') {
    const files = ociLayoutFiles([{ image, tag: repoTag }]);
    files.set(
      'manifest.json',
      Buffer.from(
        JSON.stringify([
          {
            Config: blobName(image.configDigest),
            RepoTags: [repoTag],
            Layers: image.layers.map((l) => blobName(l.digest)),
          },
        ]),
      ),
    );
    return files;
  }
  const files: FileSet = new Map();
  const hex = image.configDigest.slice('sha256:'.length);
  files.set(`${hex}.json`, image.config);
  const names = image.layers.map((l, i) => {
    const id = createHash('sha256').update(`${i}${l.diffId}`).digest('hex');
    files.set(`${id}/layer.tar`, l.raw);
    files.set(`${id}/VERSION`, Buffer.from('1.0'));
    return `${id}/layer.tar`;
  });
  files.set(
    'manifest.json',
    Buffer.from(JSON.stringify([{ Config: `${hex}.json`, RepoTags: [repoTag], Layers: names }])),
  );
  return files;
}

export function writeDir(dir: string, files: FileSet): string {
  for (const [rel, body] of files) {
    const p = join(dir, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, body);
  }
  return dir;
}

export async function writeTar(path: string, files: FileSet): Promise<string> {
  writeFileSync(path, await tarOf([...files].map(([name, content]) => ({ name, content }))));
  return path;
}
