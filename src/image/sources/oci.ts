// OCI image layouts (a directory, or inside a tar): index.json, nested indexes, tags and platform selection.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileError, inputError } from '../../core/errors.js';
import { DEFAULT_LIMITS, type Limits, limitError } from '../../core/limits.js';
import { checkDigest, isRecord, parseImageJson, str } from './json.js';
import type { TarIndex } from './tar-index.js';
import type { ImageSource, LayerBlob, OpenImageOptions, Transport } from './types.js';

/** Files of a layout, wherever they are stored. Paths are relative to the layout root. */
export interface BlobStore {
  where: string;
  readFile(rel: string, maxBytes: number, what: string): Promise<Buffer>;
  open(rel: string): Readable;
  has(rel: string): Promise<boolean>;
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

function isIndex(mediaType: string | undefined, json: Record<string, unknown>): boolean {
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

/** Picks the image manifest: by tag in the top index, then by platform through nested indexes. */
export async function openOciLayout(
  store: BlobStore,
  tag: string | undefined,
  transport: Transport,
  ref: string,
  options: OpenImageOptions = {},
): Promise<ImageSource> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const want = parsePlatform(options.platform);
  const top = await readJson(store, 'index.json', 'index.json', limits);
  const topList = (Array.isArray(top.manifests) ? top.manifests : []).map((d) =>
    descriptor(d, `${store.where}: index.json`),
  );
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
  const explicitPlatform = options.platform !== undefined;
  let chosen: Descriptor | undefined;
  let json: Record<string, unknown> | undefined;
  for (let depth = 0; ; depth++) {
    if (depth > MAX_INDEX_NESTING) {
      throw inputError(
        'malformed',
        `${store.where}: indexes nested more than ${MAX_INDEX_NESTING} deep`,
        'the image is corrupt',
      );
    }
    if (candidates.length === 0)
      throw inputError('malformed', `${store.where}: an index lists no images`, 'the image is empty');
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
          `${store.where}: the layout holds ${candidates.length} images${tag === undefined ? '' : ` tagged '${tag}'`}`,
          tag === undefined
            ? `choose one with a tag: ${transport}:${store.where}:TAG`
            : 'the layout is ambiguous',
        );
      }
      if (!pick) {
        const have = candidates.map((d) => platformString(d.platform)).join(', ');
        throw inputError(
          'not-found',
          `${store.where}: no image for platform ${platformString(want)}`,
          `platforms here: ${have}; choose one with --platform`,
        );
      }
    }
    const j = await readJson(store, blobPath(pick.digest), `manifest ${pick.digest}`, limits, pick.digest);
    if (isIndex(pick.mediaType ?? str(j.mediaType), j)) {
      candidates = (Array.isArray(j.manifests) ? j.manifests : []).map((d) =>
        descriptor(d, `${store.where}: index ${pick?.digest}`),
      );
      continue;
    }
    chosen = pick;
    json = j;
    break;
  }
  const configDesc = descriptor(json.config, `${store.where}: manifest ${chosen.digest} config`);
  const config = await readJson(
    store,
    blobPath(configDesc.digest),
    `config ${configDesc.digest}`,
    limits,
    configDesc.digest,
  );
  const diffIds =
    isRecord(config.rootfs) && Array.isArray(config.rootfs.diff_ids) ? config.rootfs.diff_ids : [];
  const layerDescs = (Array.isArray(json.layers) ? json.layers : []).map((d) =>
    descriptor(d, `${store.where}: manifest ${chosen?.digest} layers`),
  );
  const layers: LayerBlob[] = layerDescs.map((d, i) => ({
    digest: d.digest,
    diffId: str(diffIds[i]),
    size: d.size,
    mediaType: d.mediaType,
    open: () => store.open(blobPath(d.digest)),
  }));
  const platform =
    typeof config.os === 'string' && typeof config.architecture === 'string'
      ? [config.os, config.architecture, str(config.variant)].filter(Boolean).join('/')
      : chosen.platform
        ? platformString(chosen.platform)
        : undefined;
  return {
    transport,
    ref,
    manifestDigest: chosen.digest,
    manifest: json,
    config,
    configDigest: configDesc.digest,
    platform,
    layers,
  };
}
