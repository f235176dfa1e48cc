// rpm cataloger: the rpm database (SQLite, Berkeley DB or ndb) under /var/lib/rpm and /usr/lib/sysimage/rpm.
import { purl } from '../purl.js';
import type { Cataloger, FileSource, Package, Unknown } from '../types.js';
import { FILE_FLAG_CONFIG, FILE_FLAG_GHOST, parseHeader, type RpmHeader } from './parse-header.js';
import { isBdb, readBdb } from './read-bdb.js';
import { isNdb, readNdb } from './read-ndb.js';
import { isSqlite, readSqlite } from './read-sqlite.js';
import { addProblem, type DbRead } from './records.js';

const DIRS = ['/var/lib/rpm', '/usr/lib/sysimage/rpm'];
/** Newest backend first: after a backend conversion the old file may linger, and only the new one is current. */
const DB_FILES = ['rpmdb.sqlite', 'Packages.db', 'Packages'];
const WAL = 'rpmdb.sqlite-wal';

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

export const rpmCataloger: Cataloger = {
  name: 'rpm',
  version: 1,
  kind: 'os',
  globs: DIRS.flatMap((d) => [...DB_FILES, WAL].map((f) => `${d}/${f}`)),
  catalog(fs, ctx) {
    const packages: Package[] = [];
    const unknowns: Unknown[] = [];
    const owned: string[] = [];
    const distro = ctx.distro;
    // Fedora links /var/lib/rpm to /usr/lib/sysimage/rpm: the same database read twice is reported once.
    const readBefore: Buffer[] = [];

    for (const dir of DIRS) {
      for (const file of DB_FILES) {
        const path = `${dir}/${file}`;
        const buf = fs.read(path);
        if (!buf || buf.length === 0) continue;
        if (readBefore.some((r) => r === buf || r.equals(buf))) break;
        readBefore.push(buf);
        const read = readDatabase(buf);
        if (!read) {
          unknowns.push({ path, reason: 'not an rpm database: neither SQLite, Berkeley DB nor ndb' });
          continue;
        }
        const dbLayer = fs.layerOf(path);
        let found = 0;
        for (const r of read.records) {
          const parsed = parseHeader(r.blob);
          if ('error' in parsed) {
            addProblem(read, `package record ${r.id}: ${parsed.error}`);
            continue;
          }
          found++;
          const h = parsed.header;
          // gpg-pubkey "packages" are imported signing keys, not software.
          if (h.name === 'gpg-pubkey') continue;
          for (const f of h.files) owned.push(f.path);
          const layer = layerOf(h, fs, dbLayer);
          packages.push({
            ...toPackage(h, distro?.purlNamespace, distro?.purlDistro, path),
            ...(layer !== undefined ? { layer } : {}),
          });
        }
        if (read.problemCount > 0) {
          const more = read.problemCount > 1 ? ` (and ${read.problemCount - 1} more problems)` : '';
          unknowns.push({ path, reason: `${read.problems[0]}${more}` });
        }
        if (file === 'rpmdb.sqlite') walWarning(fs, `${dir}/${WAL}`, unknowns);
        // A database that gave nothing usable lets an older backend's file in the same directory stand in.
        if (found > 0 || read.problemCount === 0) break;
      }
    }
    return { packages, unknowns, ownedFiles: owned };
  },
};

/** The reader is chosen by content, not by file name, so a database under another backend's name is still read. */
function readDatabase(buf: Buffer): DbRead | undefined {
  if (isSqlite(buf)) return readSqlite(buf);
  if (isNdb(buf)) return readNdb(buf);
  if (isBdb(buf)) return readBdb(buf);
  return undefined;
}

export function toPackage(
  h: RpmHeader,
  namespace: string | undefined,
  purlDistro: string | undefined,
  location: string,
): Package {
  const versionRelease = h.release ? `${h.version}-${h.release}` : h.version;
  // Red Hat, Alma and Rocky advisories write the epoch into fixed versions (`1:5.1-7`), so it is part of the version
  // compared; rpm reads a missing epoch as 0, which is why 0 is left out.
  const epoch = h.epoch ? `${h.epoch}:` : '';
  const source = h.sourceRpm ? parseSourceRpm(h.sourceRpm) : undefined;
  return {
    name: h.name,
    version: `${epoch}${versionRelease}`,
    type: 'rpm',
    purl: purl('rpm', namespace, h.name, versionRelease, {
      arch: h.arch,
      epoch: h.epoch ? String(h.epoch) : undefined,
      distro: purlDistro,
    }),
    // The source rpm's file name carries no epoch; the binary's is the source's (both come from one spec file).
    ...(source ? { source: { name: source.name, version: `${epoch}${source.version}` } } : {}),
    ...(h.license ? { licenses: [h.license] } : {}),
    locations: [location],
  };
}

/** `foo-1.2-3.el9.src.rpm` → foo and 1.2-3.el9 (names may hold dashes; version and release may not). */
export function parseSourceRpm(file: string): { name: string; version: string } | undefined {
  const m = /\.(?:no)?src\.rpm$/.exec(file);
  if (!m) return undefined;
  const nvr = file.slice(0, m.index);
  const r = nvr.lastIndexOf('-');
  const v = r > 0 ? nvr.lastIndexOf('-', r - 1) : -1;
  if (v <= 0 || r === nvr.length - 1 || v === r - 1) return undefined;
  return { name: nvr.slice(0, v), version: nvr.slice(v + 1) };
}

/**
 * The layer that installed the package: the earliest layer holding one of its regular files as they are now. rpm
 * rewrites every file of a package it installs or upgrades, so those files move to that layer together; taking the
 * earliest ignores a later layer that merely touched one file. %config and %ghost files are left out (edited or
 * created later), and a package is never newer than the database that lists it.
 */
function layerOf(h: RpmHeader, fs: FileSource, dbLayer: number | undefined): number | undefined {
  let best: number | undefined;
  for (const f of h.files) {
    if (f.mode !== undefined && (f.mode & S_IFMT) !== S_IFREG) continue;
    if (f.flags !== undefined && (f.flags & (FILE_FLAG_CONFIG | FILE_FLAG_GHOST)) !== 0) continue;
    const l = fs.layerOf(f.path);
    if (l !== undefined && (best === undefined || l < best)) best = l;
  }
  if (best === undefined) return dbLayer;
  return dbLayer !== undefined && best > dbLayer ? dbLayer : best;
}

/** SQLite writes committed pages to the -wal file first: while it holds data, the main file may lack packages. */
function walWarning(fs: FileSource, path: string, unknowns: Unknown[]): void {
  const wal = fs.read(path);
  if (wal && wal.length > 0) {
    unknowns.push({
      path,
      reason:
        'the SQLite write-ahead log holds changes not yet in rpmdb.sqlite: recently installed or removed packages may be missing',
    });
  }
}
