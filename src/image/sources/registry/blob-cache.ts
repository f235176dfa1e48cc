// Blobs (layers, configs, manifests) cached by digest: written to a temp file, verified, then renamed into place.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { touchCacheFile } from '../../../core/cache-prune.js';

const STALE_TMP_MS = 24 * 60 * 60 * 1000;

export interface BlobCache {
  dir: string;
  /** The cached blob's bytes when it is cached and at most `max` bytes; a damaged entry is removed. */
  readSmall(digest: string, max: number): Promise<Buffer | undefined>;
  /** A stream of the cached blob, or undefined when it is not cached. */
  open(digest: string): Promise<Readable | undefined>;
  /** Stores bytes already verified against `digest`. Failing to cache is not an error. */
  put(digest: string, bytes: Buffer): Promise<void>;
  /** A writer that keeps the blob only if what was written hashes to `digest`. */
  writer(digest: string): Promise<BlobWriter | undefined>;
  /** Removes a cached blob found damaged. */
  remove(digest: string): Promise<void>;
}

export interface BlobWriter {
  write(chunk: Buffer): Promise<void>;
  /** Moves the file into place; the caller has verified the digest. */
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export function hashFor(digest: string) {
  return createHash(digest.startsWith('sha512:') ? 'sha512' : 'sha256');
}

export function digestOf(digest: string, bytes: Buffer): string {
  const [alg] = digest.split(':');
  return `${alg}:${hashFor(digest).update(bytes).digest('hex')}`;
}

/** `dir` is the cache root (SPEC's cache directory); blobs go under `dir/blobs/ALG/HEX`, as in an OCI layout. */
export function blobCache(dir: string): BlobCache {
  // Digests are checked (checkDigest) before they reach here, so they cannot climb out of the directory.
  const pathOf = (digest: string) => {
    const [alg, hex] = digest.split(':');
    return join(dir, 'blobs', alg as string, hex as string);
  };
  let swept = false;
  // Temp files of runs that were killed mid-download would otherwise pile up: removed once a day old.
  const sweep = async () => {
    if (swept) return;
    swept = true;
    const tmpDir = join(dir, 'blobs');
    const names = await readdir(tmpDir).catch(() => [] as string[]);
    const cutoff = Date.now() - STALE_TMP_MS;
    for (const name of names) {
      if (!name.startsWith('.tmp-')) continue;
      const p = join(tmpDir, name);
      const s = await stat(p).catch(() => undefined);
      if (s && s.mtimeMs < cutoff) await rm(p, { force: true }).catch(() => undefined);
    }
  };
  const remove = async (digest: string) => {
    await rm(pathOf(digest), { force: true }).catch(() => undefined);
  };
  return {
    dir,
    async readSmall(digest, max) {
      const p = pathOf(digest);
      try {
        const s = await stat(p);
        if (s.size > max) return undefined;
        const bytes = await readFile(p);
        if (digestOf(digest, bytes) === digest) {
          touchCacheFile(p);
          return bytes;
        }
        await remove(digest);
        return undefined;
      } catch {
        return undefined;
      }
    },
    async open(digest) {
      const p = pathOf(digest);
      try {
        await stat(p);
      } catch {
        return undefined;
      }
      touchCacheFile(p);
      return createReadStream(p);
    },
    async put(digest, bytes) {
      const w = await this.writer(digest);
      if (!w) return;
      try {
        await w.write(bytes);
        await w.commit();
      } catch {
        await w.abort();
      }
    },
    async writer(digest) {
      const final = pathOf(digest);
      const tmp = join(
        dir,
        'blobs',
        `.tmp-${digest.split(':')[1]?.slice(0, 16)}-${process.pid}-${randomBytes(4).toString('hex')}`,
      );
      let fh: FileHandle;
      await sweep();
      try {
        await mkdir(join(final, '..'), { recursive: true });
        fh = await open(tmp, 'wx', 0o644);
      } catch {
        return undefined;
      }
      let closed = false;
      const close = async () => {
        if (closed) return;
        closed = true;
        await fh.close().catch(() => undefined);
      };
      return {
        async write(chunk) {
          await fh.write(chunk);
        },
        async commit() {
          await close();
          // Atomic: another process reading the cache sees the whole blob or none.
          await rename(tmp, final);
        },
        async abort() {
          await close();
          await rm(tmp, { force: true }).catch(() => undefined);
        },
      };
    },
    remove,
  };
}
