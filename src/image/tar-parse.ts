// Tar decoding shared by the two layer readers: TarHeaders turns 512-byte headers (ustar, GNU long names, PAX) into
// checked layer entries, and TarPushParser runs it over a stream of decompressed chunks, synchronously. Hand-written
// (tar-stream does this job too) because a layer has tens of thousands of entries and tar-stream's per-entry
// streams and promises cost more than inflating the bytes; the seeking walker needs header-level access anyway.

import type { Extractor, ExtractorSink } from '../catalog/types.js';
import { type Limits, limitError } from '../core/limits.js';
import {
  type EntrySink,
  type EntryType,
  HEAD_BYTES,
  type LayerEntry,
  layerEntry,
  malformed,
  type ReadLayerOptions,
} from './layers.js';
import { checksumOk, cstr, headerName, isZeroBlock, num, parsePax } from './tar-header.js';

/** A PAX or GNU long-name header body larger than this is not a header any tool writes. */
export const MAX_EXTENDED_HEADER = 1024 * 1024;

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

/** What one header is: the archive's end, an extended header whose body comes next, or an entry. */
export type HeaderKind =
  | { kind: 'end' }
  | { kind: 'extended'; flag: number; size: number }
  | { kind: 'entry'; entry: LayerEntry; size: number };

/** Decodes a layer's headers in order, carrying PAX and GNU long-name state from one header to the next. */
export class TarHeaders {
  /** Entries so far (extended headers not counted). */
  count = 0;
  readonly #label: string;
  readonly #limits: Limits;
  #longName: string | undefined;
  #longLink: string | undefined;
  #pax: Record<string, string> = {};
  #global: Record<string, string> = {};
  #hasPax = false;

  constructor(label: string, limits: Limits) {
    this.#label = label;
    this.#limits = limits;
  }

  /** The header `h` (512 bytes) found at layer offset `off`. */
  header(h: Buffer, off: number): HeaderKind {
    const label = this.#label;
    if (isZeroBlock(h)) return { kind: 'end' };
    if (!checksumOk(h))
      throw malformed(label, `not a valid tar archive (bad header checksum at byte ${off})`);
    const flag = h[156] as number;
    let size = num(h, 124, 12);
    if (!Number.isFinite(size))
      throw malformed(label, `not a valid tar archive (bad size field at byte ${off})`);
    if (flag === 0x78 /* x */ || flag === 0x67 /* g */ || flag === 0x4c /* L */ || flag === 0x4b /* K */) {
      if (size > MAX_EXTENDED_HEADER) throw malformed(label, `oversized extended header at byte ${off}`);
      return { kind: 'extended', flag, size };
    }
    if (++this.count > this.#limits.layerEntries) {
      throw limitError(`${label}: entry count`, 'layerEntries', this.count, this.#limits.layerEntries);
    }
    // As tar-stream applies them: a global PAX header counts only through a local one; PAX beats GNU names.
    const attrs = this.#hasPax ? { ...this.#global, ...this.#pax } : {};
    if (attrs.size) size = Number.parseInt(attrs.size, 10);
    if (!Number.isSafeInteger(size) || size < 0)
      throw malformed(label, `bad size in the header at byte ${off}`);
    const name = attrs.path || this.#longName || headerName(h);
    // Old tars mark directories with a trailing '/' on a regular-file entry.
    const type = (flag === 0 || flag === 0x30) && name.endsWith('/') ? 'dir' : typeOf(flag);
    const entry = layerEntry(
      {
        name,
        type,
        size,
        mode: num(h, 100, 8),
        uid: num(h, 108, 8),
        gid: num(h, 116, 8),
        linkname: attrs.linkpath || this.#longLink || cstr(h, 157, 100),
      },
      label,
      this.#limits,
    );
    this.#longName = undefined;
    this.#longLink = undefined;
    this.#pax = {};
    this.#hasPax = false;
    return { kind: 'entry', entry, size };
  }

  /** The body of the extended header `header` announced with `flag`. */
  extended(flag: number, body: Buffer): void {
    if (flag === 0x78) {
      this.#pax = parsePax(body);
      this.#hasPax = true;
    } else if (flag === 0x67) {
      this.#global = parsePax(body);
    } else {
      const value = cstr(body, 0, body.length);
      if (flag === 0x4c) this.#longName = value;
      else this.#longLink = value;
    }
  }
}

/** Whether the readers look at an entry's body: wanted and under the read cap, or food for extractors. */
export function bodyWanted(
  e: LayerEntry,
  opts: ReadLayerOptions,
  limits: Limits,
): { keep: boolean; tooLarge: boolean; scan: boolean } {
  const wanted = e.type === 'file' && opts.want?.(e.path) === true;
  const tooLarge = wanted && e.size > limits.imageReadBytes;
  const scan = e.type === 'file' && e.size >= 16 && (opts.extractors?.length ?? 0) > 0;
  return { keep: wanted && !tooLarge, tooLarge, scan };
}

/** The sinks of the extractors that accept a file, given its first bytes. */
export function openSinks(opts: ReadLayerOptions, e: LayerEntry, head: Buffer): [string, ExtractorSink][] {
  return openAll(accepting(opts, e, head), e);
}

/** The extractors that accept a file, given its first bytes. */
export function accepting(opts: ReadLayerOptions, e: LayerEntry, head: Buffer): Extractor[] {
  return (opts.extractors ?? []).filter((x) => x.accepts(e.path, e.size, e.mode, head));
}

export function openAll(extractors: readonly Extractor[], e: LayerEntry): [string, ExtractorSink][] {
  return extractors.map((x) => [x.id, x.open(e.path, e.size)]);
}

enum State {
  Header,
  Extended,
  Body,
  Padding,
  Done,
}

/**
 * Parses a tar stream pushed in chunks of any size. Each entry goes to `collect` once its body has passed, with
 * the body in memory when wanted and through the extractors that accept it; other bodies are skipped. Chunks
 * given to extractors are views of the pushed chunks, which must not be reused by the caller.
 */
export class TarPushParser {
  readonly headers: TarHeaders;
  readonly #opts: ReadLayerOptions;
  readonly #limits: Limits;
  readonly #collect: EntrySink;
  #state = State.Header;
  /** Layer offset of the next byte pushed, and of the header (or extended body) being gathered. */
  #offset = 0;
  #start = 0;
  /** A header or extended-header body being gathered across chunks. */
  #buf: Buffer = Buffer.allocUnsafe(512);
  #bufLen = 0;
  #bufNeed = 512;
  #extFlag = 0;
  /** Bytes of the current body still to come, and of padding after it. */
  #remaining = 0;
  #padding = 0;
  #entry: LayerEntry | undefined;
  #keep: Buffer | undefined;
  #keepOff = 0;
  #tooLarge = false;
  #scan = false;
  /** undefined until the first HEAD_BYTES of a scanned body have been seen. */
  #sinks: [string, ExtractorSink][] | undefined;
  #early: Buffer[] = [];
  #earlyLen = 0;

  constructor(opts: ReadLayerOptions, limits: Limits, collect: EntrySink) {
    this.#opts = opts;
    this.#limits = limits;
    this.#collect = collect;
    this.headers = new TarHeaders(opts.label, limits);
  }

  push(chunk: Buffer): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      switch (this.#state) {
        case State.Done:
          // After the end-of-archive block nothing counts (the walker stops there too); the caller still hashes.
          this.#offset += n - i;
          return;
        case State.Header:
        case State.Extended: {
          if (this.#bufLen === 0) this.#start = this.#offset;
          const take = Math.min(this.#bufNeed - this.#bufLen, n - i);
          // A whole header inside the chunk is used in place; one split across chunks is gathered first.
          if (this.#bufLen === 0 && take === this.#bufNeed) {
            this.#gathered(chunk.subarray(i, i + take));
          } else {
            chunk.copy(this.#buf, this.#bufLen, i, i + take);
            this.#bufLen += take;
            if (this.#bufLen === this.#bufNeed) this.#gathered(this.#buf.subarray(0, this.#bufNeed));
          }
          i += take;
          this.#offset += take;
          break;
        }
        case State.Body: {
          const take = Math.min(this.#remaining, n - i);
          this.#body(chunk.subarray(i, i + take));
          i += take;
          this.#offset += take;
          this.#remaining -= take;
          if (this.#remaining === 0) this.#endBody();
          break;
        }
        case State.Padding: {
          const take = Math.min(this.#padding, n - i);
          i += take;
          this.#offset += take;
          this.#padding -= take;
          if (this.#padding === 0) this.#expectHeader();
          break;
        }
      }
    }
  }

  /** The stream ended: anything but a clean header boundary is a truncated archive. */
  end(): void {
    if (this.#state === State.Done) return;
    if (this.#state === State.Header && this.#bufLen === 0) return;
    throw malformed(this.#opts.label, `tar archive is truncated at byte ${this.#offset}`);
  }

  #expectHeader(): void {
    this.#state = State.Header;
    this.#bufLen = 0;
    this.#bufNeed = 512;
  }

  #pad(size: number): void {
    this.#padding = (512 - (size % 512)) % 512;
    if (this.#padding === 0) this.#expectHeader();
    else this.#state = State.Padding;
  }

  /** A whole header (State.Header) or extended-header body (State.Extended) has arrived. */
  #gathered(data: Buffer): void {
    if (this.#state === State.Extended) {
      this.headers.extended(this.#extFlag, Buffer.from(data));
      this.#pad(this.#bufNeed);
      return;
    }
    const h = this.headers.header(data, this.#start);
    if (h.kind === 'end') {
      this.#state = State.Done;
      return;
    }
    if (h.kind === 'extended') {
      if (h.size === 0) {
        this.headers.extended(h.flag, Buffer.alloc(0));
        this.#expectHeader();
        return;
      }
      this.#state = State.Extended;
      this.#extFlag = h.flag;
      this.#bufLen = 0;
      this.#bufNeed = h.size;
      if (this.#buf.length < h.size) this.#buf = Buffer.allocUnsafe(h.size);
      return;
    }
    const e = h.entry;
    const { keep, tooLarge, scan } = bodyWanted(e, this.#opts, this.#limits);
    this.#entry = e;
    this.#tooLarge = tooLarge;
    this.#scan = scan;
    this.#keep = keep ? Buffer.allocUnsafe(h.size) : undefined;
    this.#keepOff = 0;
    this.#sinks = scan ? undefined : [];
    this.#early = [];
    this.#earlyLen = 0;
    this.#remaining = h.size;
    if (h.size === 0) this.#endBody();
    else this.#state = State.Body;
  }

  #body(part: Buffer): void {
    if (this.#keep) {
      part.copy(this.#keep, this.#keepOff);
      this.#keepOff += part.length;
    }
    if (!this.#scan) return;
    if (this.#sinks === undefined) {
      // Copied: the chunk's memory may be reused for the next one (the zstd decoder does), and this waits for it.
      this.#early.push(Buffer.from(part));
      this.#earlyLen += part.length;
      if (this.#earlyLen >= HEAD_BYTES) this.#decide();
      return;
    }
    for (const [, sink] of this.#sinks) sink.write(part);
  }

  /** Opens the sinks of the extractors that accept the body's first bytes, and gives them what came so far. */
  #decide(): void {
    const e = this.#entry as LayerEntry;
    const early = this.#early;
    const head = (early.length === 1 ? (early[0] as Buffer) : Buffer.concat(early, this.#earlyLen)).subarray(
      0,
      HEAD_BYTES,
    );
    const sinks = openSinks(this.#opts, e, head);
    this.#sinks = sinks;
    for (const part of early) for (const [, sink] of sinks) sink.write(part);
    this.#early = [];
  }

  #endBody(): void {
    const e = this.#entry as LayerEntry;
    if (this.#scan && this.#sinks === undefined) this.#decide();
    const results: [string, Buffer][] = [];
    for (const [id, sink] of this.#sinks ?? []) {
      const data = sink.end();
      if (data) results.push([id, data]);
    }
    this.#collect.visit(e, this.#keep, this.#tooLarge ? { reason: 'too-large' } : undefined);
    for (const [id, data] of results) {
      this.#collect.extracted(e.path, id, data);
      this.#opts.onExtracted?.(e.path, id, data);
    }
    this.#entry = undefined;
    this.#keep = undefined;
    this.#sinks = undefined;
    this.#pad(e.size);
  }
}
