// Reads an opened image: every layer streamed once (concurrently), squashed, with the requested files in memory.

import { type FileHandle, open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Extractor } from '../catalog/types.js';
import { fileError, inputError } from '../core/errors.js';
import { globMatcher } from '../core/glob.js';
import { DEFAULT_LIMITS, type Limits } from '../core/limits.js';
import { type ImageConfig, parseImageConfig } from './config.js';
import { buildFilesystem, type ImageFilesystem, unreadTargets } from './filesystem.js';
import { hashRange } from './hash-range.js';
import { type LayerCache, layerCacheKey } from './layer-cache.js';
import {
  chargeImageBytes,
  detectCompression,
  type ImageBudget,
  type LayerListing,
  type LayerSummary,
  listLayer,
  type ReadLayerOptions,
} from './layers.js';
import type { ImageSource } from './sources/types.js';
import { type FileRange, listLayerFile } from './tar-walk.js';

export interface LoadedImage {
  source: ImageSource;
  config: ImageConfig;
  layers: (LayerSummary & { createdBy: string | undefined })[];
  fs: ImageFilesystem;
}

async function mapLimited<T, R>(
  items: readonly T[],
  n: number,
  f: (t: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i] as T, i);
    }
  });
  await Promise.all(workers);
  return out;
}

function label(i: number, digest: string | undefined) {
  return `layer ${i}${digest ? ` (${digest.slice(0, 19)}…)` : ''}`;
}

/**
 * A layer stored in a local file, opened once: its first chunk shows the compression. A plain tar is walked with
 * seeks (listLocalLayer); a compressed one streams on from the same handle, its first chunk not read again.
 */
async function listLocalBlob(file: FileRange, opts: ReadLayerOptions, limits: Limits): Promise<LayerListing> {
  const fh = await open(file.path, 'r').catch((e) => {
    throw fileError(file.path, e);
  });
  try {
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, file.size), file.offset);
    if (detectCompression(buf.subarray(0, bytesRead)) === 'none') {
      await fh.close();
      return await listLocalLayer(file, opts, limits);
    }
    return await listLayer(readRange(fh, buf, bytesRead, file), opts);
  } finally {
    await fh.close();
  }
}

/**
 * A local blob's bytes through one reused buffer, from the `first` bytes already in it: each chunk is valid until
 * the next is asked for. Both decoders are done with a chunk before they ask for the next (see gunzip in
 * layers.ts, and unzstd). Every chunk from a fresh buffer was over a GB of short-lived allocations for a large
 * image.
 */
async function* readRange(
  fh: FileHandle,
  buf: Buffer,
  first: number,
  file: FileRange,
): AsyncGenerator<Buffer> {
  if (first === 0) return;
  yield buf.subarray(0, first);
  for (let pos = first; pos < file.size; ) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, file.size - pos), file.offset + pos);
    if (bytesRead === 0) return;
    pos += bytesRead;
    yield buf.subarray(0, bytesRead);
  }
}

const READ_CHUNK = 128 * 1024;

/**
 * An uncompressed layer in a local file: headers walked with seeks over unwanted bodies, while worker threads hash
 * the blob; the result stands only if the digest is the one the image states.
 */
async function listLocalLayer(
  file: FileRange,
  opts: ReadLayerOptions,
  limits: Limits,
): Promise<LayerListing> {
  if (opts.budget) chargeImageBytes(opts.budget, file.size, opts.label, limits);
  const hashing = hashRange(file);
  // Settled now so a walk that fails first leaves no unhandled rejection behind.
  hashing.catch(() => undefined);
  const listing = await listLayerFile(file, opts);
  let digest: string;
  try {
    digest = await hashing;
  } catch (e) {
    throw inputError(
      'unreadable',
      `${opts.label}: cannot read ${file.path} (${(e as Error).message})`,
      undefined,
      e,
    );
  }
  const expected = opts.expectedDigest ?? opts.expectedDiffId;
  if (expected !== undefined && expected !== digest) {
    throw inputError(
      'malformed',
      `${opts.label}: digest mismatch: expected ${expected}, read ${digest}`,
      'the blob was altered or damaged: pull or save the image again',
    );
  }
  listing.summary = { ...listing.summary, digest, diffId: digest };
  return listing;
}

export async function loadImage(
  source: ImageSource,
  options: {
    globs?: readonly string[];
    extractors?: readonly Extractor[];
    limits?: Limits;
    concurrency?: number;
    /** Layer results from earlier reads, by layer digest; `cacheSalt` must name everything else they depend on. */
    cache?: LayerCache;
    cacheSalt?: string;
    /** Called as each layer is done (read or found in the cache). */
    onLayer?: (done: number, total: number) => void;
  } = {},
): Promise<LoadedImage> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const want = globMatcher(options.globs ?? []);
  const budget: ImageBudget = { uncompressedBytes: 0 };
  const salt = `${options.cacheSalt ?? ''}\0${JSON.stringify(limits)}\0${[...(options.globs ?? [])].join('\0')}\0${(
    options.extractors ?? []
  )
    .map((x) => x.id)
    .join('\0')}`;
  let done = 0;
  const listings: LayerListing[] = await mapLimited(
    source.layers,
    options.concurrency ?? availableParallelism(),
    async (blob, i) => {
      // A legacy `docker save` layer names no blob digest: its diff id, checked as it is read, identifies it.
      const id = blob.digest ?? (blob.diffId ? `diff:${blob.diffId}` : undefined);
      const key = options.cache && id ? layerCacheKey(id, salt) : undefined;
      let listing = key ? options.cache?.get(key) : undefined;
      if (listing) {
        chargeImageBytes(budget, listing.summary.uncompressedBytes, label(i, blob.digest), limits);
      } else {
        const readOpts = {
          label: label(i, blob.digest),
          limits,
          want,
          expectedDigest: blob.digest,
          ...(blob.digest === undefined && blob.diffId ? { expectedDiffId: blob.diffId } : {}),
          expectedSize: blob.size,
          budget,
          ...(options.extractors ? { extractors: options.extractors } : {}),
        };
        listing = blob.file
          ? await listLocalBlob(blob.file, readOpts, limits)
          : await listLayer(blob.open(), readOpts);
        // Stored only after the whole blob was read and its digest checked.
        if (key) options.cache?.put(key, listing);
      }
      options.onLayer?.(++done, source.layers.length);
      return listing;
    },
  );
  const fs = buildFilesystem(listings, { limits });
  // Wanted names that are symlinks into other layers (Debian's /etc/os-release): read their targets now.
  const missing = unreadTargets(fs, want);
  const byLayer = new Map<number, Set<string>>();
  for (const m of missing) {
    if (!byLayer.has(m.layer)) byLayer.set(m.layer, new Set());
    byLayer.get(m.layer)?.add(m.target);
  }
  for (const [layer, targets] of byLayer) {
    const blob = source.layers[layer];
    if (!blob) continue;
    const listing = await listLayer(blob.open(), {
      label: label(layer, blob.digest),
      limits,
      want: (p) => targets.has(p),
    });
    for (const [p, content] of listing.contents) fs.provide(p, content);
  }
  const config = parseImageConfig(source.config, source.layers.length);
  return {
    source,
    config,
    layers: listings.map((l, i) => ({ ...l.summary, createdBy: config.layerHistory[i]?.createdBy })),
    fs,
  };
}
