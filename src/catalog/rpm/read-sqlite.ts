// rpm's SQLite database (`rpmdb.sqlite`, EL9+ and Fedora 33+): the Packages table, read in memory with better-sqlite3.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { addProblem, addRecord, type DbRead, newRead } from './records.js';

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export function isSqlite(b: Buffer): boolean {
  return b.length >= MAGIC.length && b.subarray(0, MAGIC.length).equals(MAGIC);
}

type DatabaseConstructor = typeof BetterSqlite3;
let loaded: DatabaseConstructor | undefined;

/** better-sqlite3 is a native module: loaded on the first rpm database, so images without one never pay for it. */
function sqlite(): DatabaseConstructor {
  loaded ??= createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;
  return loaded;
}

/** Reads every header blob of the Packages table. The buffer is deserialized in memory: no temporary file. */
export function readSqlite(b: Buffer): DbRead {
  const read = newRead();
  if (!isSqlite(b)) {
    addProblem(read, 'not an SQLite database');
    return read;
  }
  let Database: DatabaseConstructor;
  try {
    Database = sqlite();
  } catch (e) {
    addProblem(read, `cannot load better-sqlite3 to read it: ${(e as Error).message}`);
    return read;
  }
  // rpm leaves the file in WAL mode (header bytes 18-19 = 2), which SQLite refuses for an in-memory image; marking a
  // copy as rollback-journal mode reads the same pages. An un-checkpointed -wal file is reported by the caller.
  const copy = Buffer.from(b);
  if (copy.length > 19 && copy[18] === 2 && copy[19] === 2) {
    copy[18] = 1;
    copy[19] = 1;
  }
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(copy, { readonly: true });
    // A crafted file could make Packages a view over an endless recursive query: read only a real table.
    const schema = db.prepare("SELECT type, sql FROM sqlite_master WHERE name = 'Packages'").get() as
      | { type: string; sql: string | null }
      | undefined;
    if (!schema) {
      addProblem(read, 'SQLite database has no Packages table');
      return read;
    }
    if (schema.type !== 'table' || /^\s*create\s+virtual/i.test(schema.sql ?? '')) {
      addProblem(read, `Packages is a ${schema.type}, not a plain table`);
      return read;
    }
    for (const row of db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum').iterate() as Iterable<{
      hnum: unknown;
      blob: unknown;
    }>) {
      const id = typeof row.hnum === 'number' ? row.hnum : Number(row.hnum);
      if (!Buffer.isBuffer(row.blob)) {
        addProblem(read, `package ${id}: blob column holds ${typeof row.blob}, not bytes`);
        continue;
      }
      if (!addRecord(read, id, row.blob)) break;
    }
  } catch (e) {
    addProblem(read, `unreadable SQLite database: ${(e as Error).message}`);
  } finally {
    db?.close();
  }
  return read;
}
