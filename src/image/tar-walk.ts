// Reads an uncompressed layer that sits in a local file (a `docker save` archive, an OCI layout) by walking its tar
// headers and seeking over the bodies nobody asked for; the blob's digest is computed alongside, on worker threads.
import { type FileHandle, open } from 'node:fs/promises';
import { elfSectionNames } from '../catalog/elf-sections.js';
import { fileError } from '../core/errors.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import {
  HEAD_BYTES,
  type LayerListing,
  listingCollector,
  malformed,
  type ReadLayerOptions,
} from './layers.js';
import { accepting, bodyWanted, openAll, TarHeaders } from './tar-parse.js';

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
  let fh: FileHandle;
  try {
    fh = await open(file.path, 'r');
  } catch (e) {
    throw fileError(file.path, e);
  }
  const window = Buffer.allocUnsafe(WINDOW);
  let winStart = 0;
  let winLen = 0;
  /** `len` bytes at layer offset `off` when the window holds them (no await: most headers are there). */
  const inWindow = (off: number, len: number): Buffer | undefined =>
    off >= winStart && off + len <= winStart + winLen && off + len <= file.size
      ? window.subarray(off - winStart, off - winStart + len)
      : undefined;
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
  const headers = new TarHeaders(label, limits);
  try {
    let off = 0;
    while (off + 512 <= file.size) {
      // Decoded at once, before the window moves: no copy.
      const h = headers.header(inWindow(off, 512) ?? (await at(off, 512)), off);
      if (h.kind === 'end') break;
      let size = h.size;
      const bodyOff = off + 512;
      if (h.kind === 'extended') {
        headers.extended(h.flag, inWindow(bodyOff, size) ?? (await at(bodyOff, size)));
        off = bodyOff + Math.ceil(size / 512) * 512;
        continue;
      }
      const e = h.entry;
      size = e.size;
      const bodySize = size;
      if (bodyOff + bodySize > file.size)
        throw malformed(label, `tar archive is truncated at byte ${file.size}`);
      const path = e.path;
      const { keep: wanted, tooLarge, scan } = bodyWanted(e, opts, limits);
      let content: Buffer | undefined;
      const results: [string, Buffer][] = [];
      if (wanted || scan) {
        const head = Buffer.from(await at(bodyOff, Math.min(size, HEAD_BYTES)));
        let takers = scan ? accepting(opts, e, head) : [];
        // ELF files (every shared library) are most of what extractors accept and few hold what they look for:
        // where every taker names its sections, the section table decides, without reading the body.
        if (takers.length > 0 && takers.every((x) => x.elfSections)) {
          const names = await elfSectionNames(head, size, async (o, n) => {
            const b = Buffer.allocUnsafe(Math.max(0, Math.min(n, size - o)));
            return b.subarray(0, await readFully(fh, b, file.offset + bodyOff + o));
          });
          if (names) takers = takers.filter((x) => x.elfSections?.some((s) => names.has(s)));
        }
        const sinks = openAll(takers, e);
        if (wanted || sinks.length > 0) {
          const keep = wanted ? Buffer.allocUnsafe(size) : undefined;
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
    entries: headers.count,
  });
}
