// OCI image layouts (a directory, or inside a tar): index.json, nested indexes, tags and platform selection.
import { createReadStream, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileError, inputError } from '../../core/errors.js';
import { DEFAULT_LIMITS, type Limits, limitError } from '../../core/limits.js';
import type { FileRange } from '../tar-walk.js';
import { checkDigest, isRecord, parseImageJson, str } from './json.js';
import type { TarIndex } from './tar-index.js';
import type { ImageSource, LayerBlob, OpenImageOptions, Transport } from './types.js';

/** Files of a layout, wherever they are stored. Paths are relative to the layout root. */
export interface BlobStore {
  where: string;
  readFile(rel: string, maxBytes: number, what: string): Promise<Buffer>;
  open(rel: string): Readable;
  has(rel: string): Promise<boolean>;
  /** Where a blob's bytes sit in a local file (for reading uncompressed layers by seeking), when known. */
  fileOf?(rel: string): FileRange | undefined;
}

export function dirStore(dir: string): BlobStore {
  return {
    where: dir,
    async readFile(rel, maxBytes, what) {
      const p = join(dir, rel);
      try {
        const s = await stat(p);
        if (s.size > maxBytes) throw limitError(`${p}: ${what} size`, 'imageJsonBytes', s.size, maxBytes);
        return await readFile(p);
      } catch (e) {
        if (e instanceof Error && e.name === 'ShipshapeError') throw e;
        throw fileError(p, e);
      }
    },
    open: (rel) => createReadStream(join(dir, rel)),
    fileOf(rel) {
      try {
        const s = statSync(join(dir, rel));
        return s.isFile() ? { path: join(dir, rel), offset: 0, size: s.size } : undefined;
      } catch {
        return undefined;
      }
    },
    has: (rel) =>
      stat(join(dir, rel)).then(
        () => true,
        () => false,
      ),
  };
}

export function tarStore(index: TarIndex): BlobStore {
  return {
    where: index.path,
    readFile: (rel, maxBytes, what) => index.readFile(rel, maxBytes, what),
    open: (rel) => index.open(rel),
    fileOf(rel) {
      const m = index.members.get(rel);
      return m?.type === 'file' ? { path: index.path, offset: m.offset, size: m.size } : undefined;
    },
    has: async (rel) => index.members.has(rel),
  };
}

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

export interface Descriptor {
  mediaType: string | undefined;
  digest: string;
  size: number | undefined;
  platform: { os?: string; architecture?: string; variant?: string } | undefined;
  annotations: Record<string, string>;
}

const REF_NAME = 'org.opencontainers.image.ref.name';
const MAX_INDEX_NESTING = 8;

function descriptor(v: unknown, what: string): Descriptor {
  if (!isRecord(v))
    throw inputError('malformed', `${what}: a descriptor is not an object`, 'the image is corrupt');
  const annotations: Record<string, string> = {};
  if (isRecord(v.annotations))
    for (const [k, a] of Object.entries(v.annotations)) if (typeof a === 'string') annotations[k] = a;
  const p = isRecord(v.platform) ? v.platform : undefined;
  return {
    mediaType: str(v.mediaType),
    digest: checkDigest(v.digest, what),
    size: typeof v.size === 'number' ? v.size : undefined,
    platform: p ? { os: str(p.os), architecture: str(p.architecture), variant: str(p.variant) } : undefined,
    annotations,
  };
}

export function blobPath(digest: string): string {
  const [alg, hex] = digest.split(':');
  return `blobs/${alg}/${hex}`;
}

export function parsePlatform(p: string | undefined): { os: string; architecture: string; variant?: string } {
  const [os, architecture, variant] = (p ?? 'linux/amd64').split('/');
  if (!os || !architecture) {
    throw inputError('usage', `--platform ${p}: expected os/arch[/variant], e.g. linux/arm64`);
  }
  return variant ? { os, architecture, variant } : { os, architecture };
}

function platformString(p: Descriptor['platform']): string {
  if (!p) return 'unknown';
  return [p.os ?? '?', p.architecture ?? '?', p.variant].filter(Boolean).join('/');
}

function platformMatches(d: Descriptor, want: ReturnType<typeof parsePlatform>): boolean {
  const p = d.platform;
  if (!p) return false;
  if (p.os !== want.os || p.architecture !== want.architecture) return false;
  if (!want.variant) return true;
  // arm64 images usually leave out their only variant, v8
  return (p.variant ?? (p.architecture === 'arm64' ? 'v8' : undefined)) === want.variant;
}

export function isIndex(mediaType: string | undefined, json: Record<string, unknown>): boolean {
  if (mediaType === MEDIA.ociIndex || mediaType === MEDIA.dockerList) return true;
  if (mediaType === MEDIA.ociManifest || mediaType === MEDIA.dockerManifest) return false;
  return Array.isArray(json.manifests) && !('layers' in json);
}

async function readJson(store: BlobStore, rel: string, what: string, limits: Limits, digest?: string) {
  const bytes = await store.readFile(rel, limits.imageJsonBytes, what);
  const v = parseImageJson(bytes, `${store.where}: ${what}`, limits, digest);
  if (!isRecord(v))
    throw inputError('malformed', `${store.where}: ${what} is not a JSON object`, 'the image is corrupt');
  return v;
}

/** Reads the manifest (or index) or config JSON object a descriptor points to, its digest verified. */
export type ReadJson = (d: Descriptor, kind: 'manifest' | 'config') => Promise<Record<string, unknown>>;

export interface SelectOptions {
  /** Names the image in errors (a layout's path, a registry reference). */
  where: string;
  transport: Transport;
  /** The --platform the user gave, if any (default linux/amd64). */
  platform: string | undefined;
  /** The tag the candidates were filtered by, for errors. */
  tag?: string | undefined;
  /** 0 when `candidates` are a layout's index.json entries; 1 for the entries of an image index. */
  depth: number;
}

/** Walks from `candidates` down through nested indexes to one image manifest, choosing by platform. */
export async function selectManifest(
  candidates: Descriptor[],
  read: ReadJson,
  opts: SelectOptions,
): Promise<{ chosen: Descriptor; json: Record<string, unknown> }> {
  const { where, tag, transport } = opts;
  const want = parsePlatform(opts.platform);
  const explicitPlatform = opts.platform !== undefined;
  for (let depth = opts.depth; ; depth++) {
    if (depth > MAX_INDEX_NESTING) {
      throw inputError(
        'malformed',
        `${where}: indexes nested more than ${MAX_INDEX_NESTING} deep`,
        'the image is corrupt',
      );
    }
    if (candidates.length === 0)
      throw inputError('malformed', `${where}: an index lists no images`, 'the image is empty');
    let pick: Descriptor | undefined;
    const only = candidates.length === 1 ? candidates[0] : undefined;
    // At the top a single entry is the image unless --platform says otherwise; inside an index the platform decides.
    if (only && depth === 0 && (!explicitPlatform || !only.platform || platformMatches(only, want)))
      pick = only;
    else {
      pick = candidates.find((d) => platformMatches(d, want));
      if (!pick && depth === 0 && candidates.every((d) => !d.platform)) {
        throw inputError(
          'usage',
          `${where}: the layout holds ${candidates.length} images${tag === undefined ? '' : ` tagged '${tag}'`}`,
          tag === undefined ? `choose one with a tag: ${transport}:${where}:TAG` : 'the layout is ambiguous',
        );
      }
      if (!pick) {
        const have = candidates.map((d) => platformString(d.platform)).join(', ');
        throw inputError(
          'not-found',
          `${where}: no image for platform ${platformString(want)}`,
          `platforms here: ${have}; choose one with --platform`,
        );
      }
    }
    const j = await read(pick, 'manifest');
    if (isIndex(pick.mediaType ?? str(j.mediaType), j)) {
      candidates = indexEntries(j, `${where}: index ${pick.digest}`);
      continue;
    }
    return { chosen: pick, json: j };
  }
}

/** The descriptors an image index lists. */
export function indexEntries(index: Record<string, unknown>, what: string): Descriptor[] {
  return (Array.isArray(index.manifests) ? index.manifests : []).map((d) => descriptor(d, what));
}

/** The 'os/arch[/variant]' an image config declares, if it declares one. */
export function configPlatform(config: Record<string, unknown>): string | undefined {
  return typeof config.os === 'string' && typeof config.architecture === 'string'
    ? [config.os, config.architecture, str(config.variant)].filter(Boolean).join('/')
    : undefined;
}

/** An ImageSource from a chosen image manifest: reads its config, lists its layers. */
export async function imageFromManifest(
  chosen: Descriptor,
  json: Record<string, unknown>,
  read: ReadJson,
  openBlob: (d: Descriptor) => Readable,
  source: { where: string; transport: Transport; ref: string },
  fileOf?: (d: Descriptor) => FileRange | undefined,
): Promise<ImageSource> {
  const { where } = source;
  const configDesc = descriptor(json.config, `${where}: manifest ${chosen.digest} config`);
  const config = await read(configDesc, 'config');
  const diffIds =
    isRecord(config.rootfs) && Array.isArray(config.rootfs.diff_ids) ? config.rootfs.diff_ids : [];
  const layerDescs = (Array.isArray(json.layers) ? json.layers : []).map((d) =>
    descriptor(d, `${where}: manifest ${chosen.digest} layers`),
  );
  const layers: LayerBlob[] = layerDescs.map((d, i) => {
    const file = fileOf?.(d);
    return {
      digest: d.digest,
      diffId: str(diffIds[i]),
      size: d.size,
      mediaType: d.mediaType,
      open: () => openBlob(d),
      ...(file ? { file } : {}),
    };
  });
  const platform = configPlatform(config) ?? (chosen.platform ? platformString(chosen.platform) : undefined);
  return {
    transport: source.transport,
    ref: source.ref,
    manifestDigest: chosen.digest,
    manifest: json,
    config,
    configDigest: configDesc.digest,
    platform,
    layers,
  };
}

/** Picks the image manifest: by tag in the top index, then by platform through nested indexes. */
export async function openOciLayout(
  store: BlobStore,
  tag: string | undefined,
  transport: Transport,
  ref: string,
  options: OpenImageOptions = {},
): Promise<ImageSource> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  parsePlatform(options.platform);
  const top = await readJson(store, 'index.json', 'index.json', limits);
  const topList = indexEntries(top, `${store.where}: index.json`);
  let candidates = topList;
  if (tag !== undefined) {
    candidates = topList.filter((d) => d.annotations[REF_NAME] === tag);
    if (candidates.length === 0) {
      const tags = topList.map((d) => d.annotations[REF_NAME]).filter(Boolean);
      throw inputError(
        'not-found',
        `${store.where}: no image tagged '${tag}'`,
        tags.length ? `tags here: ${tags.join(', ')}` : 'the layout has no tagged images: leave out the tag',
      );
    }
  }
  const read: ReadJson = (d, kind) =>
    readJson(store, blobPath(d.digest), `${kind} ${d.digest}`, limits, d.digest);
  const { chosen, json } = await selectManifest(candidates, read, {
    where: store.where,
    transport,
    platform: options.platform,
    tag,
    depth: 0,
  });
  return imageFromManifest(
    chosen,
    json,
    read,
    (d) => store.open(blobPath(d.digest)),
    { where: store.where, transport, ref },
    store.fileOf ? (d) => store.fileOf?.(blobPath(d.digest)) : undefined,
  );
}
