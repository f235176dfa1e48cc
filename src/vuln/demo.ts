// The demo vulnerability database: real OSV records shipped in the package, imported once into the cache directory.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importOsv } from './db/import.js';
import { openDatabase, SCHEMA_VERSION } from './db/schema.js';

// The bundled CLI (scripts/bundle.mjs) is one file in dist/; the modules are two levels below the package root.
declare const __SHIPSHAPE_BUNDLE__: boolean | undefined;

/** `data/osv-demo/` in the package: the records and the README that credits their sources. */
export function demoRecordsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = typeof __SHIPSHAPE_BUNDLE__ === 'boolean' ? join(here, '..') : join(here, '..', '..');
  return join(root, 'data', 'osv-demo');
}

function recordFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** Names the demo database after what built it, so a new bundle or schema builds a new file. */
function demoKey(dir: string, files: readonly string[]): string {
  const h = createHash('sha256').update(`schema ${SCHEMA_VERSION}\n`);
  for (const f of files)
    h.update(`${f}\0`)
      .update(readFileSync(join(dir, f)))
      .update('\0');
  return h.digest('hex').slice(0, 16);
}

export interface DemoDatabase {
  path: string;
  /** Records in it. */
  records: number;
  /** Whether this call built it. */
  built: boolean;
}

/**
 * The demo database in `<cacheDir>/db/`, built from the bundled records when missing. It is written beside and
 * renamed into place, so a scan never opens a half-built file; older demo databases are removed.
 */
export async function demoDatabase(cacheDir: string, recordsDir = demoRecordsDir()): Promise<DemoDatabase> {
  const files = recordFiles(recordsDir);
  const dbDir = join(cacheDir, 'db');
  const name = `demo-${demoKey(recordsDir, files)}.db`;
  const path = join(dbDir, name);
  if (existsSync(path)) return { path, records: files.length, built: false };
  mkdirSync(dbDir, { recursive: true });
  const tmp = join(dbDir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    const db = await openDatabase(tmp, { create: true });
    try {
      await importOsv(db, [recordsDir], { source: { name: 'demo (bundled records)' } });
    } finally {
      db.close();
    }
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
  for (const old of readdirSync(dbDir)) {
    if (old !== name && /^demo-[0-9a-f]{16}\.db$/.test(old)) rmSync(join(dbDir, old), { force: true });
  }
  return { path, records: files.length, built: true };
}
