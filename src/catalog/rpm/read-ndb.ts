// rpm's own "ndb" package database (`Packages.db`, openSUSE/SLES): slot pages pointing at checksummed blobs.
// Layout facts: rpm's lib/backend/ndb/rpmpkg.c (all numbers little-endian, 4096-byte slot pages, 16-byte blocks).
import { addProblem, addRecord, type DbRead, newRead } from './records.js';

const DB_MAGIC = 0x506d7052; // "RpmP"
const SLOT_MAGIC = 0x746f6c53; // "Slot"
const BLOB_HEAD_MAGIC = 0x53626c42; // "BlbS"
const BLOB_TAIL_MAGIC = 0x45626c42; // "BlbE"
const PAGE_SIZE = 4096;
const SLOT_SIZE = 16;
const BLOCK_SIZE = 16;
const HEADER_SIZE = 32;
const BLOB_HEAD_SIZE = 16;
const BLOB_TAIL_SIZE = 12;

export function isNdb(b: Buffer): boolean {
  return b.length >= 4 && b.readUInt32LE(0) === DB_MAGIC;
}

/** Reads every package blob of an ndb `Packages.db`, verifying each blob's framing and Adler-32 checksum. */
export function readNdb(b: Buffer): DbRead {
  const read = newRead();
  if (b.length < HEADER_SIZE || !isNdb(b)) {
    addProblem(read, 'not an ndb package database (no "RpmP" header)');
    return read;
  }
  const version = b.readUInt32LE(4);
  if (version !== 0) {
    addProblem(read, `unsupported ndb version ${version}`);
    return read;
  }
  const slotPages = b.readUInt32LE(12);
  if (slotPages === 0 || slotPages * PAGE_SIZE > b.length) {
    addProblem(read, `header claims ${slotPages} slot pages but the file has ${b.length} bytes (truncated?)`);
    return read;
  }
  const fileBlocks = Math.floor(b.length / BLOCK_SIZE);
  const firstBlobBlock = (slotPages * PAGE_SIZE) / BLOCK_SIZE;
  const seenIds = new Set<number>();
  // The first two slots' worth of bytes hold the database header.
  for (let at = HEADER_SIZE, slot = 0; at < slotPages * PAGE_SIZE; at += SLOT_SIZE, slot++) {
    if (b.readUInt32LE(at) !== SLOT_MAGIC) {
      addProblem(read, `slot ${slot} has no slot marker`);
      continue;
    }
    const id = b.readUInt32LE(at + 4);
    const blockOffset = b.readUInt32LE(at + 8);
    const blockCount = b.readUInt32LE(at + 12);
    if (blockOffset === 0) continue; // a free slot
    const what = `package ${id}`;
    if (id === 0 || blockCount === 0 || blockOffset < firstBlobBlock) {
      addProblem(
        read,
        `slot ${slot}: invalid entry (package ${id}, block ${blockOffset}, ${blockCount} blocks)`,
      );
      continue;
    }
    if (blockOffset + blockCount > fileBlocks) {
      addProblem(read, `${what}: blob runs past the end of the file (truncated database?)`);
      continue;
    }
    if (seenIds.has(id)) {
      addProblem(read, `${what}: listed in two slots`);
      continue;
    }
    seenIds.add(id);
    const blob = readBlob(b, id, blockOffset, blockCount);
    if (typeof blob === 'string') addProblem(read, `${what}: ${blob}`);
    else if (!addRecord(read, id, blob)) break;
  }
  read.records.sort((x, y) => x.id - y.id);
  return read;
}

/** The blob's bytes (a view, not a copy), or what is wrong with its framing. */
function readBlob(b: Buffer, id: number, blockOffset: number, blockCount: number): Buffer | string {
  const start = blockOffset * BLOCK_SIZE;
  const end = start + blockCount * BLOCK_SIZE;
  if (blockCount * BLOCK_SIZE < BLOB_HEAD_SIZE + BLOB_TAIL_SIZE)
    return `${blockCount} blocks cannot hold a blob`;
  if (b.readUInt32LE(start) !== BLOB_HEAD_MAGIC) return 'blob has no start marker';
  if (b.readUInt32LE(start + 4) !== id) return `blob belongs to package ${b.readUInt32LE(start + 4)}`;
  const length = b.readUInt32LE(start + 12);
  if (Math.ceil((BLOB_HEAD_SIZE + length + BLOB_TAIL_SIZE) / BLOCK_SIZE) !== blockCount) {
    return `blob length ${length} does not fit its ${blockCount} blocks`;
  }
  const tail = end - BLOB_TAIL_SIZE;
  if (b.readUInt32LE(tail + 8) !== BLOB_TAIL_MAGIC) return 'blob has no end marker';
  if (b.readUInt32LE(tail + 4) !== length) return 'blob start and end disagree on its length';
  // The checksum covers the blob's start marker, its data and the padding up to the end marker.
  if (adler32(b.subarray(start, tail)) !== b.readUInt32LE(tail)) return 'blob checksum mismatch';
  return b.subarray(start + BLOB_HEAD_SIZE, start + BLOB_HEAD_SIZE + length);
}

/** Adler-32 (RFC 1950); node:zlib exposes no checksum function on Node 20. */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let s = 0;
  for (let i = 0; i < data.length; ) {
    // Reducing every 5552 bytes (zlib's NMAX) keeps both sums far below 2^53, so plain numbers stay exact.
    const stop = Math.min(i + 5552, data.length);
    for (; i < stop; i++) {
      a += data[i]!;
      s += a;
    }
    a %= 65521;
    s %= 65521;
  }
  return ((s << 16) | a) >>> 0;
}
