// What every rpmdb backend reader returns: the header blobs it found, and what it could not read (never a throw).

export interface BlobRecord {
  /** The header instance number rpm keys the package by (hnum, pkgidx, or the Berkeley DB key). */
  id: number;
  blob: Buffer;
}

export interface DbRead {
  records: BlobRecord[];
  /** Problems, first few kept; `problemCount` counts them all. Records read before or after a problem are kept. */
  problems: string[];
  problemCount: number;
  /** Set once MAX_RECORDS records were read: readers stop. */
  full?: boolean;
}

/** Keeps a bounded number of problem messages, so a database that is corrupt everywhere costs little memory. */
const KEPT_PROBLEMS = 20;

export function newRead(): DbRead {
  return { records: [], problems: [], problemCount: 0 };
}

/**
 * Real rpm databases hold a few thousand packages at most; a file claiming far more is hostile, and the records
 * (and their objects) would cost memory well beyond the file's size.
 */
export const MAX_RECORDS = 200_000;

/** Adds a record; false (with a problem noted once) when the database already gave MAX_RECORDS. */
export function addRecord(read: DbRead, id: number, blob: Buffer): boolean {
  if (read.records.length >= MAX_RECORDS) {
    if (!read.full) addProblem(read, `more than ${MAX_RECORDS} package records: the rest were not read`);
    read.full = true;
    return false;
  }
  read.records.push({ id, blob });
  return true;
}

export function addProblem(read: DbRead, message: string): void {
  read.problemCount++;
  if (read.problems.length < KEPT_PROBLEMS) read.problems.push(message);
}
