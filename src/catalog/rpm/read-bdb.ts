// Berkeley DB hash databases (`Packages` on EL7/EL8 and older SUSE): header blobs read page by page, both byte orders.
// Written by hand: the npm option (@snyk/rpm-parser) is async, little-endian only and has no cycle or bounds checks.
// Layout facts: Berkeley DB's dbinc/db_page.h and hash.h, and rpm's lib/backend/bdb_ro.c, which reads the same files.
import { addProblem, addRecord, type DbRead, newRead } from './records.js';

const HASH_MAGIC = 0x061561;
const BTREE_MAGIC = 0x053162;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_DUPLICATE = 2;
const H_OFFPAGE = 3;
const H_OFFDUP = 4;
/** Size of the generic page header (lsn, pgno, prev, next, entries, hf_offset, level, type). */
const PAGE_HEADER = 26;

/** Whether the buffer starts with a Berkeley DB metadata page, in either byte order. */
export function isBdb(b: Buffer): boolean {
  if (b.length < 16) return false;
  const le = b.readUInt32LE(12);
  const be = b.readUInt32BE(12);
  return le === HASH_MAGIC || be === HASH_MAGIC || le === BTREE_MAGIC || be === BTREE_MAGIC;
}

/** Reads every value of an rpm `Packages` hash database; key 0 (rpm's next-instance counter) is skipped. */
export function readBdb(b: Buffer): DbRead {
  const read = newRead();
  if (b.length < 512) {
    addProblem(read, `Berkeley DB file of ${b.length} bytes is shorter than its 512-byte metadata page`);
    return read;
  }
  const little = b.readUInt32LE(12) === HASH_MAGIC || b.readUInt32LE(12) === BTREE_MAGIC;
  const u32 = (at: number) => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const u16 = (at: number) => (little ? b.readUInt16LE(at) : b.readUInt16BE(at));
  if (u32(12) === BTREE_MAGIC) {
    addProblem(read, 'Berkeley DB B-tree database: rpm keeps packages in a hash database');
    return read;
  }
  const version = u32(16);
  const pageSize = u32(20);
  if (version < 8 || version > 10) {
    addProblem(read, `unsupported Berkeley DB hash version ${version} (8 to 10 are known)`);
    return read;
  }
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    addProblem(read, `invalid Berkeley DB page size ${pageSize}`);
    return read;
  }
  if (b[24] !== 0) {
    addProblem(read, 'encrypted Berkeley DB database');
    return read;
  }
  if (b[25] !== P_HASHMETA) {
    addProblem(read, `first page has type ${b[25]}, not a hash metadata page`);
    return read;
  }
  const lastPage = u32(32);
  const maxBucket = u32(72);
  const spares: number[] = [];
  for (let i = 0; i < 32; i++) spares.push(u32(96 + i * 4));
  const pagesInFile = Math.floor(b.length / pageSize);
  if (lastPage + 1 > pagesInFile) {
    addProblem(read, `database is truncated: it has ${pagesInFile} of its ${lastPage + 1} pages`);
  }
  // Every bucket owns at least one page, so more buckets than pages means a corrupt metadata page.
  if (maxBucket > lastPage) {
    addProblem(read, `metadata page claims ${maxBucket + 1} buckets in ${lastPage + 1} pages`);
    return read;
  }

  /** The page's start offset, or a problem: past the end, or holding another page's number. */
  const page = (pgno: number, what: string): number | undefined => {
    if (pgno === 0 || pgno > lastPage || pgno >= pagesInFile) {
      addProblem(
        read,
        `${what}: page ${pgno} is outside the ${Math.min(lastPage + 1, pagesInFile)}-page file`,
      );
      return undefined;
    }
    const at = pgno * pageSize;
    if (u32(at + 8) !== pgno) {
      addProblem(read, `${what}: page ${pgno} is labelled as page ${u32(at + 8)}`);
      return undefined;
    }
    return at;
  };

  // A page belongs to one bucket chain or one overflow chain: seeing it twice is a cycle or a cross-link, and
  // refusing it bounds both the work and the memory to the size of the file.
  const seen = new Set<number>();

  const overflow = (start: number, total: number, what: string): Buffer | undefined => {
    if (total === 0 || total > b.length) {
      addProblem(read, `${what}: overflow item claims ${total} bytes in a ${b.length}-byte file`);
      return undefined;
    }
    const out = Buffer.alloc(total);
    let filled = 0;
    let pgno = start;
    while (filled < total) {
      if (pgno === 0) {
        addProblem(read, `${what}: overflow chain ends after ${filled} of ${total} bytes`);
        return undefined;
      }
      if (seen.has(pgno)) {
        addProblem(read, `${what}: overflow page ${pgno} is reached twice (page cycle)`);
        return undefined;
      }
      seen.add(pgno);
      const at = page(pgno, what);
      if (at === undefined) return undefined;
      if (b[at + 25] !== P_OVERFLOW) {
        addProblem(read, `${what}: page ${pgno} has type ${b[at + 25]}, not an overflow page`);
        return undefined;
      }
      const len = u16(at + 22);
      if (len + PAGE_HEADER > pageSize || len > total - filled) {
        addProblem(read, `${what}: overflow page ${pgno} claims ${len} bytes`);
        return undefined;
      }
      b.copy(out, filled, at + PAGE_HEADER, at + PAGE_HEADER + len);
      filled += len;
      pgno = u32(at + 16);
    }
    return out;
  };

  for (let bucket = 0; bucket <= maxBucket && !read.full; bucket++) {
    // Buckets live at bucket + spares[bit length of bucket] (hash.h BS_TO_PAGE).
    let pgno = bucket + (spares[32 - Math.clz32(bucket)] ?? 0);
    // The bucket's first page must exist (page 0 is the metadata page); a 0 link after it ends the chain.
    for (;;) {
      const where = `bucket ${bucket}`;
      if (seen.has(pgno)) {
        addProblem(read, `${where}: hash page ${pgno} is reached twice (page cycle)`);
        break;
      }
      seen.add(pgno);
      const at = page(pgno, where);
      if (at === undefined) break;
      const type = b[at + 25];
      if (type !== P_HASH && type !== P_HASH_UNSORTED) {
        addProblem(read, `${where}: page ${pgno} has type ${type}, not a hash page`);
        break;
      }
      readHashPage(at, pgno);
      pgno = u32(at + 16);
      if (pgno === 0) break;
    }
  }
  read.records.sort((x, y) => x.id - y.id);
  return read;

  function readHashPage(at: number, pgno: number): void {
    const entries = u16(at + 20);
    const firstItem = PAGE_HEADER + entries * 2;
    if (firstItem > pageSize) {
      addProblem(read, `page ${pgno} claims ${entries} entries`);
      return;
    }
    const offsetOf = (i: number) => u16(at + PAGE_HEADER + i * 2);
    // Items are packed from the end of the page down: an item ends where the previous one starts.
    const endOf = (i: number) => (i === 0 ? pageSize : offsetOf(i - 1));
    for (let i = 0; i + 1 < entries; i += 2) {
      const what = `page ${pgno} entry ${i / 2}`;
      const keyOff = offsetOf(i);
      const valOff = offsetOf(i + 1);
      const keyEnd = endOf(i);
      if (
        keyOff < firstItem ||
        keyOff >= keyEnd ||
        keyEnd > pageSize ||
        valOff < firstItem ||
        valOff >= keyOff
      ) {
        addProblem(read, `${what}: item offsets out of order or outside the page`);
        continue;
      }
      const key = item(at, keyOff, keyEnd, what, false);
      if (key === undefined) continue;
      // rpm stores its next free instance number under key 0; it is not a package.
      if (key.length === 4 && key.readUInt32LE(0) === 0) continue;
      const value = item(at, valOff, keyOff, what, true);
      if (value === undefined) continue;
      const id = key.length === 4 ? (little ? key.readUInt32LE(0) : key.readUInt32BE(0)) : 0;
      if (!addRecord(read, id, value)) return;
    }
  }

  /** An on-page item's bytes, or an overflow item's (only for values: rpm's keys are 4 bytes). */
  function item(
    at: number,
    off: number,
    end: number,
    what: string,
    followOverflow: boolean,
  ): Buffer | undefined {
    const type = b[at + off];
    if (type === H_KEYDATA) return b.subarray(at + off + 1, at + end);
    if (type === H_OFFPAGE) {
      if (end - off !== 12) {
        addProblem(read, `${what}: overflow reference of ${end - off} bytes`);
        return undefined;
      }
      // Keys are never overflow items in rpm databases; an empty buffer keeps it apart from key 0.
      if (!followOverflow) return Buffer.alloc(0);
      return overflow(u32(at + off + 4), u32(at + off + 8), what);
    }
    if (type === H_DUPLICATE || type === H_OFFDUP) {
      addProblem(read, `${what}: duplicate-key items do not occur in rpm databases`);
      return undefined;
    }
    addProblem(read, `${what}: unknown item type ${type}`);
    return undefined;
  }
}
