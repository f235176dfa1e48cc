// Reads an uncompressed layer that sits in a local file (a `docker save` archive, an OCI layout) by walking its tar
// headers and seeking over the bodies nobody asked for; the blob's digest is computed alongside, on worker threads.
import { type FileHandle, open } from 'node:fs/promises';
import { fileError } from '../core/errors.js';
import { DEFAULT_LIMITS, limitError } from '../core/limits.js';
import {
  type EntryType,
  HEAD_BYTES,
  type LayerListing,
  layerEntry,
  listingCollector,
  malformed,
  type ReadLayerOptions,
} from './layers.js';
import { checksumOk, cstr, headerName, isZeroBlock, num, parsePax } from './tar-header.js';

/** Where a blob's bytes are in a local file. */
export interface FileRange {
  path: string;
  offset: number;
  size: number;
}

/** Headers are read through a window this large, so runs of small files cost one read. */
const WINDOW = 1024 * 1024;
/** Bodies that are read (wanted files, extractor input) go in chunks of this size. */
const CHUNK = 1024 * 1024;
/** A PAX or GNU long-name header body larger than this is not a header any tool writes. */
const MAX_EXTENDED_HEADER = 1024 * 1024;

function typeOf(flag: number): EntryType {
  switch (flag) {
    case 0x30: // '0'
    case 0: // '\0'
    case 0x37: // '7' contiguous
      return 'file';
    case 0x35:
      return 'dir';
    case 0x32:
      return 'symlink';
    case 0x31:
      return 'hardlink';
    default:
      return 'other';
  }
}

async function readFully(fh: FileHandle, buf: Buffer, pos: number): Promise<number> {
  let off = 0;
  while (off < buf.length) {
    const { bytesRead } = await fh.read(buf, off, buf.length - off, pos + off);
    if (bytesRead === 0) break;
    off += bytesRead;
  }
  return off;
}

/**
 * Lists an uncompressed layer in `file` like listLayer does a stream: same entries, same contents, same
 * extractor results, same limits. The digest is not checked here (the caller hashes the range in parallel).
 */
export async function listLayerFile(file: FileRange, opts: ReadLayerOptions): Promise<LayerListing> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const label = opts.label;
  const extractors = opts.extractors ?? [];
  let fh: FileHandle;
  try {
    fh = await open(file.path, 'r');
  } catch (e) {
    throw fileError(file.path, e);
  }
  const window = Buffer.allocUnsafe(WINDOW);
  let winStart = 0;
  let winLen = 0;
  /** `len` bytes at layer offset `off`, valid until the next call. */
  const at = async (off: number, len: number): Promise<Buffer> => {
    if (off + len > file.size) throw malformed(label, `tar archive is truncated at byte ${file.size}`);
    if (off >= winStart && off + len <= winStart + winLen)
      return window.subarray(off - winStart, off - winStart + len);
    if (len > WINDOW) {
      const b = Buffer.allocUnsafe(len);
      await readFully(fh, b, file.offset + off);
      return b;
    }
    winStart = off;
    winLen = await readFully(fh, window.subarray(0, Math.min(WINDOW, file.size - off)), file.offset + off);
    if (winLen < len) throw malformed(label, `tar archive is truncated at byte ${off + winLen}`);
    return window.subarray(0, len);
  };

  const collect = listingCollector();
  let count = 0;
  try {
    let off = 0;
    let longName: string | undefined;
    let longLink: string | undefined;
    let pax: Record<string, string> = {};
    let global: Record<string, string> = {};
    let hasPax = false;
    while (off + 512 <= file.size) {
      const h = Buffer.from(await at(off, 512));
      if (isZeroBlock(h)) break;
      if (!checksumOk(h))
        throw malformed(label, `not a valid tar archive (bad header checksum at byte ${off})`);
      const flag = h[156] as number;
      let size = num(h, 124, 12);
      if (!Number.isFinite(size))
        throw malformed(label, `not a valid tar archive (bad size field at byte ${off})`);
      const bodyOff = off + 512;
      const extended = async () => {
        if (size > MAX_EXTENDED_HEADER) throw malformed(label, `oversized extended header at byte ${off}`);
        return Buffer.from(await at(bodyOff, size));
      };
      const next = () => bodyOff + Math.ceil(size / 512) * 512;
      if (flag === 0x78 /* x */) {
        pax = parsePax(await extended());
        hasPax = true;
        off = next();
        continue;
      }
      if (flag === 0x67 /* g */) {
        global = parsePax(await extended());
        off = next();
        continue;
      }
      if (flag === 0x4c /* L */ || flag === 0x4b /* K */) {
        const body = await extended();
        const value = cstr(body, 0, body.length);
        if (flag === 0x4c) longName = value;
        else longLink = value;
        off = next();
        continue;
      }
      if (++count > limits.layerEntries) {
        throw limitError(`${label}: entry count`, 'layerEntries', count, limits.layerEntries);
      }
      // As tar-stream applies them: a global PAX header counts only through a local one; PAX beats GNU names.
      const attrs = hasPax ? { ...global, ...pax } : {};
      if (attrs.size) size = Number.parseInt(attrs.size, 10);
      if (!Number.isSafeInteger(size) || size < 0)
        throw malformed(label, `bad size in the header at byte ${off}`);
      const name = attrs.path || longName || headerName(h);
      // Old tars mark directories with a trailing '/' on a regular-file entry.
      const type = (flag === 0 || flag === 0x30) && name.endsWith('/') ? 'dir' : typeOf(flag);
      const e = layerEntry(
        {
          name,
          type,
          size,
          mode: num(h, 100, 8),
          uid: num(h, 108, 8),
          gid: num(h, 116, 8),
          linkname: attrs.linkpath || longLink || cstr(h, 157, 100),
        },
        label,
        limits,
      );
      longName = undefined;
      longLink = undefined;
      pax = {};
      hasPax = false;
      const bodySize = size;
      if (bodyOff + bodySize > file.size)
        throw malformed(label, `tar archive is truncated at byte ${file.size}`);
      const path = e.path;
      const wanted = type === 'file' && opts.want?.(path) === true;
      const tooLarge = wanted && size > limits.imageReadBytes;
      let content: Buffer | undefined;
      const results: [string, Buffer][] = [];
      if (type === 'file' && ((wanted && !tooLarge) || (size >= 16 && extractors.length > 0))) {
        const head = Buffer.from(await at(bodyOff, Math.min(size, HEAD_BYTES)));
        const sinks =
          size >= 16
            ? extractors
                .filter((x) => x.accepts(path, size, e.mode, head))
                .map((x) => [x.id, x.open(path, size)] as const)
            : [];
        if ((wanted && !tooLarge) || sinks.length > 0) {
          const keep = wanted && !tooLarge ? Buffer.allocUnsafe(size) : undefined;
          for (let pos = 0; pos < size; pos += CHUNK) {
            const n = Math.min(CHUNK, size - pos);
            // A fresh buffer per chunk: sinks may keep a reference to what they were given.
            const chunk = keep ? keep.subarray(pos, pos + n) : Buffer.allocUnsafe(n);
            const from = bodyOff + pos;
            // Small bodies are usually inside the header window already; big ones are read straight into place.
            if (from >= winStart && from + n <= winStart + winLen)
              window.copy(chunk, 0, from - winStart, from - winStart + n);
            else if ((await readFully(fh, chunk, file.offset + from)) < n) {
              throw malformed(label, `tar archive is truncated at byte ${from}`);
            }
            for (const [, sink] of sinks) sink.write(chunk);
          }
          content = keep;
          for (const [id, sink] of sinks) {
            const data = sink.end();
            if (data) results.push([id, data]);
          }
        }
      }
      collect.visit(e, content, tooLarge ? { reason: 'too-large' } : undefined);
      for (const [id, data] of results) {
        collect.extracted(path, id, data);
        opts.onExtracted?.(path, id, data);
      }
      off = bodyOff + Math.ceil(bodySize / 512) * 512;
    }
  } finally {
    await fh.close();
  }
  return collect.listing({
    digest: '',
    diffId: undefined,
    compression: 'none',
    compressedBytes: file.size,
    uncompressedBytes: file.size,
    entries: count,
  });
}
