// An image's package inventory: open, stream the layers once for the catalogers' files, catalog, and describe the target.
import { join } from 'node:path';
import { CATALOGERS, catalogAll, catalogExtractors, catalogGlobs } from '../catalog/index.js';
import type { Distro, FileSource, Package, Unknown } from '../catalog/types.js';
import { cacheMaxBytes, pruneCache } from '../core/cache-prune.js';
import { globMatcher, globToRegExp } from '../core/glob.js';
import { DEFAULT_LIMITS, type Limits } from '../core/limits.js';
import type { ImageFilesystem } from './filesystem.js';
import { loadImage } from './image.js';
import { imageCacheKey, readImageCache, writeImageCache } from './image-cache.js';
import { diskLayerCache } from './layer-cache.js';
import { openImage, type RegistryOptions } from './sources/index.js';

/** SPEC's `target` block for an image. */
export interface ImageTarget {
  type: 'image';
  ref: string;
  digest?: string;
  os?: { id: string; version?: string };
  platform?: string;
  layers: { index: number; digest: string; size: number; createdBy?: string }[];
}

export interface ImageInventory {
  target: ImageTarget;
  packages: Package[];
  unknowns: Unknown[];
  distro?: Distro;
  /** The config's whole history, empty_layer entries included (scan tells base layers apart with it). */
  history: { createdBy?: string; emptyLayer: boolean }[];
}

export interface InventoryOptions extends RegistryOptions {
  platform?: string;
  limits?: Limits;
  /** Called as each layer is done (for a progress bar). */
  onLayer?: (done: number, total: number) => void;
  /**
   * shipshape's cache directory: layer results are kept under `layers/` and reused by layer digest, registry
   * blobs under `blobs/`.
   */
  cacheDir?: string;
}

/**
 * The catalogers' view of the squashed filesystem. Files the catalogers asked for but that were over the read cap
 * become unknowns instead of silently looking absent.
 */
export function fileSourceOf(
  fs: ImageFilesystem,
  unknowns: Unknown[],
  wanted?: (path: string) => boolean,
): FileSource {
  const reported = new Set<string>();
  // Catalogers glob dozens of patterns: the tree is walked once, keeping the regular files any of them may ask for.
  let files: string[] | undefined;
  const candidates = () => {
    if (!files) {
      files = [];
      for (const info of fs.walk({ sorted: false }))
        if (info.type === 'file' && (!wanted || wanted(info.path))) files.push(info.path);
      files.sort();
    }
    return files;
  };
  return {
    read(path) {
      const content = fs.read(path);
      if (content !== undefined) return content;
      const skipped = fs.readSkipped(path);
      if (skipped && !reported.has(path)) {
        reported.add(path);
        unknowns.push({
          path,
          reason: `not read: larger than the per-file read cap (imageReadBytes; raise it with SHIPSHAPE_MAX_IMAGE_READ_BYTES)`,
        });
      }
      return null;
    },
    glob(pattern) {
      const re = globToRegExp(pattern);
      return candidates().filter((p) => re.test(p));
    },
    layerOf: (path) => fs.layerOf(path),
    extracted: (id) => fs.extracted(id),
    realpath: (path) => fs.realpath(path) ?? path,
  };
}

/** Names the catalogers' versions: a cataloger whose output changes bumps its version and so misses old entries. */
function catalogSalt(): string {
  return CATALOGERS.map((c) => `${c.name}@${c.version}`).join(',');
}

function cmp(a: string | undefined, b: string | undefined): number {
  return a === b ? 0 : (a ?? '') < (b ?? '') ? -1 : 1;
}

export async function inventory(ref: string, options: InventoryOptions = {}): Promise<ImageInventory> {
  // Files this run uses are touched from now on (minus the coarsest file-system clock), and pruning spares them.
  const started = Date.now() - 2000;
  const maxCacheBytes = options.cacheDir ? cacheMaxBytes(options.env ?? {}) : 0;
  const opened = await openImage(ref, {
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    ...(options.username !== undefined
      ? { username: options.username, password: options.password ?? '' }
      : {}),
    ...(options.insecure ? { insecure: true } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const imageCache = options.cacheDir ? join(options.cacheDir, 'images') : undefined;
  const imageKey = imageCache ? imageCacheKey(opened, imageSalt(options.limits)) : undefined;
  if (imageCache && imageKey) {
    const hit = readImageCache(imageCache, imageKey, isInventory);
    if (hit) {
      options.onLayer?.(opened.layers.length, opened.layers.length);
      return { ...hit, target: { ...hit.target, ref } };
    }
  }
  const image = await loadImage(opened, {
    globs: catalogGlobs(),
    extractors: catalogExtractors(),
    ...(options.cacheDir
      ? { cache: diskLayerCache(join(options.cacheDir, 'layers')), cacheSalt: catalogSalt() }
      : {}),
    ...(options.onLayer ? { onLayer: options.onLayer } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  if (options.cacheDir) pruneCache(options.cacheDir, maxCacheBytes, started);
  const skipped: Unknown[] = [];
  const result = catalogAll(fileSourceOf(image.fs, skipped, globMatcher(catalogGlobs())));
  const packages = result.packages
    .map((p) => {
      if (p.layer !== undefined) return p;
      const layer = p.locations.map((l) => image.fs.layerOf(l)).find((l) => l !== undefined);
      return layer === undefined ? p : { ...p, layer };
    })
    .sort(
      (a, b) =>
        cmp(a.type, b.type) ||
        cmp(a.name, b.name) ||
        cmp(a.version, b.version) ||
        cmp(a.locations[0], b.locations[0]),
    );
  const unknowns = [...result.unknowns, ...skipped].sort(
    (a, b) => cmp(a.path, b.path) || cmp(a.reason, b.reason),
  );
  const distro = result.distro;
  const platform =
    opened.platform ??
    (image.config.os && image.config.architecture
      ? [image.config.os, image.config.architecture, image.config.variant].filter(Boolean).join('/')
      : undefined);
  // A legacy `docker save` archive has no manifest: its image id (the config digest) names it, as Docker does.
  const digest = opened.manifestDigest ?? opened.configDigest;
  const target: ImageTarget = {
    type: 'image',
    ref,
    ...(digest ? { digest } : {}),
    ...(distro ? { os: { id: distro.id, ...(distro.versionId ? { version: distro.versionId } : {}) } } : {}),
    ...(platform ? { platform } : {}),
    layers: image.layers.map((l, index) => ({
      index,
      digest: l.digest,
      size: l.compressedBytes,
      ...(l.createdBy !== undefined ? { createdBy: l.createdBy } : {}),
    })),
  };
  const history = image.config.history.map((h) => ({
    ...(h.createdBy !== undefined ? { createdBy: h.createdBy } : {}),
    emptyLayer: h.emptyLayer,
  }));
  const inv: ImageInventory = { target, packages, unknowns, ...(distro ? { distro } : {}), history };
  if (imageCache && imageKey) writeImageCache(imageCache, imageKey, inv);
  return inv;
}

/** What else shapes an image's inventory: the catalogers (versions, globs, extractors) and the limits. */
function imageSalt(limits: Limits | undefined): string {
  const extractors = catalogExtractors().map((x) => x.id);
  return JSON.stringify([catalogSalt(), catalogGlobs(), extractors, limits ?? DEFAULT_LIMITS]);
}

/** The shape a cached inventory must have to be used (a damaged or foreign file is a miss, not an error). */
function isInventory(v: unknown): v is ImageInventory {
  if (typeof v !== 'object' || v === null) return false;
  const x = v as Partial<Record<keyof ImageInventory, unknown>>;
  const target = x.target as Partial<ImageTarget> | undefined;
  return (
    typeof target === 'object' &&
    target !== null &&
    target.type === 'image' &&
    Array.isArray(target.layers) &&
    Array.isArray(x.packages) &&
    x.packages.every(isPackage) &&
    Array.isArray(x.unknowns) &&
    Array.isArray(x.history)
  );
}

function isPackage(v: unknown): v is Package {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Partial<Record<keyof Package, unknown>>;
  return (
    typeof p.name === 'string' &&
    typeof p.version === 'string' &&
    typeof p.type === 'string' &&
    typeof p.purl === 'string' &&
    Array.isArray(p.locations)
  );
}
