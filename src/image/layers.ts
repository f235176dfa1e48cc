// Streams one layer blob once (gzip, zstd or plain tar, detected by content) and hands each tar entry to a visitor.
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import type { Extractor } from '../catalog/types.js';
import { inputError, isShipshapeError } from '../core/errors.js';
import { DEFAULT_LIMITS, type Limits, limitError } from '../core/limits.js';
import { TarPushParser } from './tar-parse.js';
import { unzstd } from './zstd.js';

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface LayerEntry {
  /** Normalised absolute path inside the image ('/etc/passwd'). */
  path: string;
  type: EntryType;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** Symlink target as written (may be relative), or the normalised absolute path a hard link points to. */
  linkname?: string;
}

export type Compression = 'gzip' | 'zstd' | 'none';

/** What the visitor is told about a wanted file it did not get, because it was over the per-file read cap. */
export interface ContentSkipped {
  reason: 'too-large';
}

export type LayerVisitor = (entry: LayerEntry, content: Buffer | undefined, skipped?: ContentSkipped) => void;

/** Counters shared by all layers of one image, so a limit applies to the image as a whole. */
export interface ImageBudget {
  uncompressedBytes: number;
}

export interface ReadLayerOptions {
  /** Names the layer in error messages, e.g. 'layer 2 (sha256:ab12…)'. */
  label: string;
  limits?: Limits;
  /** Files (type 'file') whose content the visitor wants, read into memory under limits.imageReadBytes. */
  want?: (path: string) => boolean;
  /** Streamed over every regular file they accept; results go to `onExtracted` after the file's visit. */
  extractors?: readonly Extractor[];
  onExtracted?: (path: string, extractorId: string, data: Buffer) => void;
  /** 'sha256:<hex>' of the blob as read; a mismatch is an input error. */
  expectedDigest?: string;
  /** 'sha256:<hex>' of the uncompressed tar (a config's diff_id); a mismatch is an input error. */
  expectedDiffId?: string;
  /** The size the descriptor states: reading more bytes than this stops with an error. */
  expectedSize?: number;
  budget?: ImageBudget;
}

export interface LayerSummary {
  digest: string;
  diffId: string | undefined;
  compression: Compression;
  compressedBytes: number;
  uncompressedBytes: number;
  entries: number;
}

/** Adds `bytes` to the image's uncompressed total; over limits.imageBytes is a limit error naming the layer. */
export function chargeImageBytes(budget: ImageBudget, bytes: number, label: string, limits: Limits): void {
  budget.uncompressedBytes += bytes;
  if (budget.uncompressedBytes > limits.imageBytes) {
    throw limitError(
      `${label}: image uncompressed size`,
      'imageBytes',
      budget.uncompressedBytes,
      limits.imageBytes,
    );
  }
}

/** The ratio check starts once a layer has produced this much, so small, very compressible layers pass. */
const RATIO_FLOOR_BYTES = 4 * 1024 * 1024;

export function detectCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd)
    return 'zstd';
  return 'none';
}

/**
 * Normalises a tar entry name to an absolute path. Leading '/' and './' are anchored at the image root, as
 * Docker and GNU tar do; any '..' component is refused, since no builder writes one and it can only mean an
 * attempt to write outside the root. Returns undefined for such names.
 */
export function normaliseEntryPath(name: string): string | undefined {
  // Most names are already clean ('usr/bin/ls', 'etc/'): no empty, '.' or '..' component but maybe a final '/'.
  if (name !== '' && !name.startsWith('/') && !UNCLEAN_PATH.test(name)) {
    return `/${name.endsWith('/') ? name.slice(0, -1) : name}`;
  }
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    parts.push(part);
  }
  return `/${parts.join('/')}`;
}
/** A name with an empty (other than a final '/'), '.' or '..' component. */
const UNCLEAN_PATH = /\/\/|(?:^|\/)\.{1,2}(?:\/|$)/;

/** A raw tar header, as either reader decoded it. */
export interface RawEntry {
  name: string;
  type: EntryType;
  size: number;
  mode: number | undefined;
  uid: number | undefined;
  gid: number | undefined;
  linkname: string | null | undefined;
}

/**
 * Checks one tar entry against the layer rules and limits and gives its normalised form. Layers name entries
 * relative to the root; an absolute name is what a hostile archive uses to aim at the host when a naive tool
 * extracts it, so it is refused like '..'.
 */
export function layerEntry(h: RawEntry, label: string, limits: Limits): LayerEntry {
  if (h.name.startsWith('/')) {
    throw inputError(
      'malformed',
      `${label}: tar entry '${h.name}' has an absolute name (path traversal)`,
      'the layer is hostile or broken: do not use this image',
    );
  }
  const path = normaliseEntryPath(h.name);
  if (path === undefined) {
    throw inputError(
      'malformed',
      `${label}: tar entry '${h.name}' has a '..' component (path traversal)`,
      'the layer is hostile or broken: do not use this image',
    );
  }
  if (h.size > limits.layerFileBytes) {
    throw limitError(`${label}: file '${path}' size`, 'layerFileBytes', h.size, limits.layerFileBytes);
  }
  const e: LayerEntry = {
    path,
    type: h.type,
    size: h.size,
    // Go's archive/tar (buildah, containerd) writes the file-type bits too; keep the permission bits, as dir: does.
    mode: (h.mode ?? 0) & 0o7777,
    uid: h.uid ?? 0,
    gid: h.gid ?? 0,
  };
  if (h.type === 'symlink') e.linkname = h.linkname ?? '';
  if (h.type === 'hardlink') {
    const target = normaliseEntryPath(h.linkname ?? '');
    if (target === undefined) {
      throw inputError(
        'malformed',
        `${label}: hard link '${h.name}' points to '${h.linkname}', which has a '..' component (path traversal)`,
        'the layer is hostile or broken: do not use this image',
      );
    }
    e.linkname = target;
  }
  return e;
}

export function malformed(label: string, what: string, cause?: unknown) {
  return inputError(
    'malformed',
    `${label}: ${what}`,
    'the image is truncated or corrupt: pull or save it again',
    cause,
  );
}

async function* tapCompressed(
  source: AsyncIterable<Uint8Array>,
  state: { hash: ReturnType<typeof createHash>; bytes: number },
  opts: ReadLayerOptions,
): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    state.bytes += buf.length;
    if (opts.expectedSize !== undefined && state.bytes > opts.expectedSize) {
      throw malformed(opts.label, `blob is larger than the ${opts.expectedSize} bytes its descriptor states`);
    }
    state.hash.update(buf);
    yield buf;
  }
}

/** Splits off the first chunk(s) so the compression can be seen before choosing a decoder. */
async function peek(it: AsyncIterator<Buffer>): Promise<{ head: Buffer; done: boolean }> {
  // Copied as it comes: a source may reuse one buffer for every chunk (see readRange in image.ts).
  let head = Buffer.alloc(0);
  while (head.length < 4) {
    const r = await it.next();
    if (r.done) return { head, done: true };
    head = Buffer.concat([head, r.value]);
  }
  return { head, done: false };
}

async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>, done: boolean): AsyncGenerator<Buffer> {
  let ended = done;
  try {
    if (head.length > 0) yield head;
    while (!ended) {
      const r = await rest.next();
      if (r.done) ended = true;
      else yield r.value;
    }
  } finally {
    // Closed before the end: the source is closed too (a file handle, a connection).
    if (!ended) await rest.return?.();
  }
}

/**
 * Inflates a gzip stream on zlib's thread pool. The input goes in one chunk at a time, the next only once zlib is
 * done with the last (its write callback): a source may reuse one buffer for every chunk (readRange in image.ts).
 * A stream pipeline would read ahead and keep chunks queued across turns of the event loop, which V8 then
 * promotes: hundreds of MB of dead buffers that only a full collection gives back.
 */
function gunzip(src: AsyncIterable<Buffer>, label: string): AsyncIterable<Buffer> {
  const gz = createGunzip({ chunkSize: INFLATE_CHUNK });
  // zlib never calls back a write it holds for a reader that has gone: closing settles it instead.
  let abandon: ((e: Error) => void) | undefined;
  const written = (chunk: Buffer) =>
    new Promise<void>((resolve, reject) => {
      abandon = reject;
      gz.write(chunk, (e) => (e ? reject(e) : resolve()));
    });
  let closed = false;
  // The input side: settles with the error to report when it fails, undefined when it does not.
  const pumped = (async (): Promise<Error | undefined> => {
    const it = src[Symbol.asyncIterator]();
    try {
      for (let r = await it.next(); !r.done; r = await it.next()) await written(r.value);
      gz.end();
      return undefined;
    } catch (e) {
      // zlib finds a damaged blob at the latest by its trailer's CRC, just before a source that checks the blob's
      // digest at its end would say so: a few more chunks let the source's error come first (digest mismatch:
      // altered in transit, nothing cached), which says more than "incorrect data check".
      const failure = (closed ? undefined : await laterError(it)) ?? (e as Error);
      gz.destroy(failure);
      try {
        await it.return?.();
      } catch {
        // closing a failed source has nothing more to say
      }
      return failure;
    }
  })();
  return (async function* () {
    try {
      for await (const chunk of gz) yield chunk as Buffer;
    } catch (e) {
      abandon?.(e as Error);
      const failure = (await pumped) ?? (e as Error);
      if (isShipshapeError(failure)) throw failure;
      throw malformed(label, `gzip stream is corrupt or truncated (${failure.message})`, failure);
    } finally {
      // A consumer that stops early: the input side stops too, and closes the source.
      closed = true;
      gz.destroy();
      abandon?.(new Error('the layer stream was closed'));
    }
  })();
}

/** The error a source throws within its next 16 chunks (read and dropped), if it throws one. */
async function laterError(it: AsyncIterator<Buffer>): Promise<Error | undefined> {
  try {
    for (let i = 0; i < 16; i++) if ((await it.next()).done) return undefined;
  } catch (e) {
    return e as Error;
  }
  return undefined;
}

/** Bytes an extractor sees before it decides: enough for any executable header's magic and class. */
export const HEAD_BYTES = 64;

/**
 * Inflated chunks this large (zlib's default is 16 KiB): fewer, larger pushes through the tar parser. Not larger:
 * zlib keeps its last, partly filled output buffer between writes, V8 promotes most of those, and they wait in
 * the old generation for a full collection. At 128 KiB the large image's peak RSS was 6–10 MB higher (bench/scan);
 * at 32 KiB the scan was 20% slower.
 */
const INFLATE_CHUNK = 64 * 1024;

/**
 * Streams a layer blob once through the decompressor its first bytes call for and the tar parser, calling
 * `visit` for each entry in archive order. Every budget in `limits` applies; the blob's digest is checked
 * after the last byte.
 */
export async function readLayer(
  source: AsyncIterable<Uint8Array>,
  visit: LayerVisitor,
  opts: ReadLayerOptions,
): Promise<LayerSummary> {
  return parseLayer(source, { visit, extracted() {} }, opts);
}

/** Where the tar parser puts each entry, and each extractor result (after the entry's visit). */
export interface EntrySink {
  visit: LayerVisitor;
  extracted(path: string, extractorId: string, data: Buffer): void;
}

async function parseLayer(
  source: AsyncIterable<Uint8Array>,
  sink: EntrySink,
  opts: ReadLayerOptions,
): Promise<LayerSummary> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const compressed = { hash: createHash('sha256'), bytes: 0 };
  const raw = tapCompressed(source, compressed, opts)[Symbol.asyncIterator]();
  const { head, done } = await peek(raw);
  const compression = detectCompression(head);
  const body = prepend(head, raw, done);
  const decoded =
    compression === 'gzip'
      ? gunzip(body, opts.label)
      : compression === 'zstd'
        ? unzstd(body, opts.label)
        : body;
  const wantDiffId = opts.expectedDiffId !== undefined && compression !== 'none';
  const diffHash = wantDiffId ? createHash('sha256') : undefined;
  let uncompressedBytes = 0;
  const parser = new TarPushParser(opts, limits, sink);
  for await (const chunk of decoded) {
    uncompressedBytes += chunk.length;
    diffHash?.update(chunk);
    if (opts.budget) chargeImageBytes(opts.budget, chunk.length, opts.label, limits);
    if (compression !== 'none' && uncompressedBytes > RATIO_FLOOR_BYTES) {
      const ratio = uncompressedBytes / Math.max(1, compressed.bytes);
      if (ratio > limits.decompressionRatio) {
        throw limitError(
          `${opts.label}: decompression ratio (${compression}, ${uncompressedBytes} bytes from ${compressed.bytes})`,
          'decompressionRatio',
          Math.floor(ratio),
          limits.decompressionRatio,
        );
      }
    }
    parser.push(chunk);
  }
  parser.end();

  const digest = `sha256:${compressed.hash.digest('hex')}`;
  if (opts.expectedDigest !== undefined && opts.expectedDigest !== digest) {
    throw inputError(
      'malformed',
      `${opts.label}: digest mismatch: expected ${opts.expectedDigest}, read ${digest}`,
      'the blob was altered or damaged: pull or save the image again',
    );
  }
  const diffId = diffHash ? `sha256:${diffHash.digest('hex')}` : compression === 'none' ? digest : undefined;
  if (opts.expectedDiffId !== undefined && opts.expectedDiffId !== diffId) {
    throw inputError(
      'malformed',
      `${opts.label}: diff id mismatch: the config expects ${opts.expectedDiffId}, the layer is ${diffId}`,
      'the layer does not belong to this image config: save the image again',
    );
  }
  return {
    digest,
    diffId,
    compression,
    compressedBytes: compressed.bytes,
    uncompressedBytes,
    entries: parser.headers.count,
  };
}

/** One layer's entries and the contents read, kept so layers can be read concurrently and applied in order. */
export interface LayerListing {
  entries: LayerEntry[];
  contents: Map<string, Buffer>;
  /** Wanted files that were not read, with why. */
  skipped: Map<string, ContentSkipped>;
  /** Extractor results of this layer's files: extractor id → path → data. */
  extracted: Map<string, Map<string, Buffer>>;
  summary: LayerSummary;
}

/**
 * Collects one layer's listing as entries arrive in archive order: a later entry for a path replaces what an
 * earlier one left (content, skip reason, extractor results). Both layer readers build their listing with it.
 */
export function listingCollector() {
  const entries: LayerEntry[] = [];
  const contents = new Map<string, Buffer>();
  const skipped = new Map<string, ContentSkipped>();
  const extracted = new Map<string, Map<string, Buffer>>();
  return {
    visit(e: LayerEntry, content: Buffer | undefined, skip?: ContentSkipped) {
      entries.push(e);
      if (content) contents.set(e.path, content);
      else contents.delete(e.path);
      if (skip) skipped.set(e.path, skip);
      else skipped.delete(e.path);
      for (const byPath of extracted.values()) byPath.delete(e.path);
    },
    extracted(path: string, id: string, data: Buffer) {
      let byPath = extracted.get(id);
      if (!byPath) {
        byPath = new Map();
        extracted.set(id, byPath);
      }
      byPath.set(path, data);
    },
    listing(summary: LayerSummary): LayerListing {
      return { entries, contents, skipped, extracted, summary };
    },
  };
}

export async function listLayer(
  source: AsyncIterable<Uint8Array>,
  opts: ReadLayerOptions,
): Promise<LayerListing> {
  const collect = listingCollector();
  return collect.listing(await parseLayer(source, collect, opts));
}
