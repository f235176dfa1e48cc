// A synchronous, bounded reader for zip archives held in memory: the central directory, then single entries on demand.
//
// Written by hand because Cataloger.catalog is synchronous and yauzl (the library made for this) only offers
// callbacks and streams; yauzl still splits the extra fields here. Entries are inflated one at a
// time with zlib's output cap, so a lying size field or a zip bomb stops at the cap instead of filling memory.
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the local file header, already shifted by any bytes prepended to the archive. */
  localOffset: number;
}

export interface ZipLimits {
  /** Most central directory entries read from one archive. */
  maxEntries: number;
}

export type ZipResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

/** Finds the end-of-central-directory record: the last signature that leaves room for its own comment. */
function findEocd(buf: Buffer): number {
  const lowest = Math.max(0, buf.length - 22 - MAX16);
  for (let i = buf.length - 22; i >= lowest; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG && i + 22 + buf.readUInt16LE(i + 20) <= buf.length) return i;
  }
  return -1;
}

/**
 * The entries of a zip archive. Archives with bytes in front of the zip data (Spring Boot's "fully executable"
 * jars start with a shell script) are read the way Java's ZipFile reads them: every offset is shifted by the
 * distance between where the central directory is and where the end record says it is.
 */
export function readZipDirectory(buf: Buffer, limits: ZipLimits): ZipResult<ZipEntry[]> {
  if (buf.length < 22) return { ok: false, reason: 'not a zip archive (too short)' };
  const eocd = findEocd(buf);
  if (eocd < 0) return { ok: false, reason: 'not a zip archive (no end of central directory record)' };
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  let cdEnd = eocd;
  if (count === MAX16 || cdSize === MAX32 || cdOffset === MAX32) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== ZIP64_LOCATOR_SIG)
      return { ok: false, reason: 'zip64 archive without a zip64 end record locator' };
    const at = Number(buf.readBigUInt64LE(loc + 8));
    if (
      !Number.isSafeInteger(at) ||
      at < 0 ||
      at + 56 > buf.length ||
      buf.readUInt32LE(at) !== ZIP64_EOCD_SIG
    )
      return { ok: false, reason: 'zip64 end of central directory record is missing or out of bounds' };
    count = Number(buf.readBigUInt64LE(at + 32));
    cdSize = Number(buf.readBigUInt64LE(at + 40));
    cdOffset = Number(buf.readBigUInt64LE(at + 48));
    cdEnd = at;
  }
  if (count > limits.maxEntries)
    return { ok: false, reason: `${count} entries exceed the limit of ${limits.maxEntries} per archive` };
  const cdStart = cdEnd - cdSize;
  const shift = cdStart - cdOffset;
  if (!Number.isSafeInteger(cdStart) || cdStart < 0 || shift < 0)
    return { ok: false, reason: 'central directory is out of bounds' };

  const entries: ZipEntry[] = [];
  let p = cdStart;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cdEnd || buf.readUInt32LE(p) !== CENTRAL_SIG)
      return { ok: false, reason: `central directory entry ${n + 1} of ${count} is truncated or corrupt` };
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let localOffset = buf.readUInt32LE(p + 42);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > cdEnd) return { ok: false, reason: `central directory entry ${n + 1} runs past its end` };
    const nameBuf = buf.subarray(p + 46, p + 46 + nameLen);
    let extras: yauzl.ExtraField[];
    try {
      extras = yauzl.parseExtraFields(buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen));
    } catch {
      return { ok: false, reason: `central directory entry ${n + 1} has a corrupt extra field` };
    }
    // Zip64: the 8-byte values follow, in this order, for exactly the fields that overflowed.
    const z64 = extras.find((e) => e.id === 0x0001)?.data;
    if (z64) {
      let o = 0;
      const take = (): number | undefined => {
        if (o + 8 > z64.length) return undefined;
        const v = Number(z64.readBigUInt64LE(o));
        o += 8;
        return v;
      };
      if (uncompressedSize === MAX32) uncompressedSize = take() ?? -1;
      if (compressedSize === MAX32) compressedSize = take() ?? -1;
      if (localOffset === MAX32) localOffset = take() ?? -1;
      if (uncompressedSize < 0 || compressedSize < 0 || localOffset < 0)
        return { ok: false, reason: `central directory entry ${n + 1} has a truncated zip64 field` };
    }
    // UTF-8 whatever the language-encoding flag says: java.util.zip decodes jar entry names that way, and
    // tools such as Info-ZIP store UTF-8 names without setting the flag.
    const name = nameBuf.toString('utf8').replace(/\\/g, '/');
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localOffset: localOffset + shift });
    p = next;
  }
  return { ok: true, value: entries };
}

/**
 * One entry's content, inflated. Refuses before inflating when the declared size is over `maxBytes`, and stops
 * inflating at the declared size (or `maxBytes`), so neither a bomb nor a size that lies can grow memory past it.
 */
export function readZipEntry(buf: Buffer, entry: ZipEntry, maxBytes: number): ZipResult<Buffer> {
  if (entry.flags & 0x1) return { ok: false, reason: 'encrypted entry' };
  if (entry.uncompressedSize > maxBytes)
    return {
      ok: false,
      reason: `${entry.uncompressedSize} bytes uncompressed exceed the limit of ${maxBytes}`,
    };
  const h = entry.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== LOCAL_SIG)
    return { ok: false, reason: 'local file header is missing or out of bounds' };
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) return { ok: false, reason: 'entry data runs past the end of the archive' };
  const data = buf.subarray(start, end);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize)
      return { ok: false, reason: 'stored entry whose sizes disagree' };
    return { ok: true, value: data };
  }
  if (entry.method !== 8) return { ok: false, reason: `unsupported compression method ${entry.method}` };
  try {
    // One byte over the declared size tells a lying size field from an exact one.
    const out = inflateRawSync(data, { maxOutputLength: Math.min(entry.uncompressedSize, maxBytes) + 1 });
    if (out.length !== entry.uncompressedSize)
      return {
        ok: false,
        reason: `inflates to ${out.length} bytes, not the ${entry.uncompressedSize} declared`,
      };
    return { ok: true, value: out };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE')
      return { ok: false, reason: `inflates past the ${entry.uncompressedSize} bytes declared` };
    return { ok: false, reason: `corrupt deflate data (${err.message})` };
  }
}
