// Finding and reading the user's input files: directory walks that skip vendored trees, reads within a byte budget.
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { fileError, inputError, ShipshapeError } from './errors.js';

/** Folders a directory walk skips unless told otherwise: dependencies and version-control data. */
export const SKIP_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'vendor',
  '.terraform',
]);
const MAX_DEPTH = 32;

/**
 * Files below `dir` whose name passes `wanted`, sorted, as paths joined onto `shown` (the path as the user wrote
 * it, so reports name files the way the user would).
 */
export async function findFiles(
  dir: string,
  shown: string,
  wanted: (name: string) => boolean,
  skip: ReadonlySet<string> = SKIP_DIRS,
): Promise<string[]> {
  const out: string[] = [];
  const walk = async (full: string, display: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    let entries: Dirent[];
    try {
      entries = await readdir(full, { withFileTypes: true });
    } catch (e) {
      throw fileError(display, e);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const child = display.endsWith('/') ? `${display}${e.name}` : `${display}/${e.name}`;
      if (e.isDirectory()) {
        if (!skip.has(e.name)) await walk(join(full, e.name), child, depth + 1);
      } else if (e.isFile() && wanted(e.name)) {
        out.push(child);
      }
    }
  };
  await walk(dir, shown, 0);
  return out;
}

export interface ReadWithinOptions {
  cwd: string;
  maxBytes: number;
  /** The error for an input over `maxBytes` (`path` is as the user wrote it, `-` for stdin). */
  tooLarge: (path: string, size: number) => Error;
  stdin?: () => Promise<string>;
}

/** Reads a text file (or stdin for `-`) as UTF-8, refusing it before reading when it is over the budget. */
export async function readTextWithin(path: string, options: ReadWithinOptions): Promise<string> {
  if (path === '-') {
    if (!options.stdin) throw inputError('usage', '-: there is no standard input to read');
    const text = await options.stdin();
    const size = Buffer.byteLength(text);
    if (size > options.maxBytes) throw options.tooLarge('-', size);
    return text;
  }
  const full = isAbsolute(path) ? path : resolve(options.cwd, path);
  let size: number;
  try {
    const st = await stat(full);
    if (st.isDirectory()) throw inputError('unreadable', `${path}: is a directory, expected a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof ShipshapeError) throw e;
    throw fileError(path, e);
  }
  if (size > options.maxBytes) throw options.tooLarge(path, size);
  try {
    return await readFile(full, 'utf8');
  } catch (e) {
    throw fileError(path, e);
  }
}
