// Per-layer results cache: what one layer yielded (entries, wanted contents, extractor results), keyed by the layer
// digest and everything that shapes the result, so a second scan, or a new image on the same base, reads only
// layers it has not seen.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { touchCacheFile } from '../core/cache-prune.js';
import type { ContentSkipped, EntryType, LayerEntry, LayerListing, LayerSummary } from './layers.js';

/** Bumped whenever the reader's output for the same layer changes. */
const FORMAT = 2;
const MAGIC = Buffer.from('SSLC');

export interface LayerCache {
  get(key: string): LayerListing | undefined;
  put(key: string, listing: LayerListing): void;
}

/**
 * The cache key of one layer: its digest (verified when the layer was read) plus a salt naming what was asked of
 * it (globs, extractors and their versions, limits).
 */
export function layerCacheKey(digest: string, salt: string): string {
  return createHash('sha256').update(`${FORMAT}\0${digest}\0${salt}`).digest('hex');
}

const TYPES: EntryType[] = ['file', 'dir', 'symlink', 'hardlink', 'other'];

interface Header {
  summary: LayerSummary;
  /** [path, type index, size, mode, uid, gid, linkname?] */
  entries: (string | number)[][];
  contents: [string, number][];
  skipped: [string, ContentSkipped['reason']][];
  extracted: [string, string, number][];
}

export function encodeListing(listing: LayerListing): Buffer {
  const bodies: Buffer[] = [];
  const header: Header = {
    summary: listing.summary,
    entries: listing.entries.map((e) => {
      const row: (string | number)[] = [e.path, TYPES.indexOf(e.type), e.size, e.mode, e.uid, e.gid];
      if (e.linkname !== undefined) row.push(e.linkname);
      return row;
    }),
    contents: [...listing.contents].map(([path, b]) => {
      bodies.push(b);
      return [path, b.length];
    }),
    skipped: [...listing.skipped].map(([path, s]) => [path, s.reason]),
    extracted: [...listing.extracted].flatMap(([id, byPath]) =>
      [...byPath].map(([path, b]): [string, string, number] => {
        bodies.push(b);
        return [id, path, b.length];
      }),
    ),
  };
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  return Buffer.concat([MAGIC, len, json, ...bodies]);
}

/** Undefined for anything that is not a complete record this version wrote (a stale or damaged file is a miss). */
export function decodeListing(buf: Buffer): LayerListing | undefined {
  try {
    if (buf.length < 8 || !buf.subarray(0, 4).equals(MAGIC)) return undefined;
    const jsonEnd = 8 + buf.readUInt32LE(4);
    const header = JSON.parse(buf.subarray(8, jsonEnd).toString('utf8')) as Header;
    let off = jsonEnd;
    const take = (n: number) => {
      if (off + n > buf.length) throw new Error('truncated');
      const b = buf.subarray(off, off + n);
      off += n;
      return b;
    };
    const entries: LayerEntry[] = header.entries.map((r) => {
      const e: LayerEntry = {
        path: r[0] as string,
        type: TYPES[r[1] as number] ?? 'other',
        size: r[2] as number,
        mode: r[3] as number,
        uid: r[4] as number,
        gid: r[5] as number,
      };
      if (r.length > 6) e.linkname = r[6] as string;
      return e;
    });
    const contents = new Map(header.contents.map(([path, n]) => [path, take(n)] as const));
    const skipped = new Map(header.skipped.map(([path, reason]) => [path, { reason }] as const));
    const extracted = new Map<string, Map<string, Buffer>>();
    for (const [id, path, n] of header.extracted) {
      if (!extracted.has(id)) extracted.set(id, new Map());
      extracted.get(id)?.set(path, take(n));
    }
    if (off !== buf.length) return undefined;
    return { entries, contents, skipped, extracted, summary: header.summary };
  } catch {
    return undefined;
  }
}

/** A cache in `dir` (created on demand). Failing to write is not an error: the next scan reads the layer again. */
export function diskLayerCache(dir: string): LayerCache {
  const file = (key: string) => join(dir, key.slice(0, 2), `${key}.layer`);
  return {
    get(key) {
      let buf: Buffer;
      try {
        buf = readFileSync(file(key));
      } catch {
        return undefined;
      }
      const listing = decodeListing(buf);
      // Its last use, for pruneCache: the cache keeps what recent scans used.
      if (listing) touchCacheFile(file(key));
      return listing;
    },
    put(key, listing) {
      const target = file(key);
      const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        mkdirSync(join(dir, key.slice(0, 2)), { recursive: true });
        writeFileSync(tmp, encodeListing(listing));
        renameSync(tmp, target);
      } catch {
        rmSync(tmp, { force: true });
      }
    },
  };
}
