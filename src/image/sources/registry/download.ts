// Streams a layer blob from the cache or the registry; a download is verified before it is cached or ends.
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { inputError, isShipshapeError } from '../../../core/errors.js';
import type { BlobCache, BlobWriter } from './blob-cache.js';
import { hashFor } from './blob-cache.js';
import type { RegistryClient } from './client.js';
import { backoffMs, isRetryableError } from './http.js';

export interface BlobRequest {
  digest: string;
  /** The size the descriptor states: more bytes than this is an error. */
  size: number | undefined;
  /** Upper bound when the descriptor states no size. */
  maxBytes: number;
  /** Names the blob in messages. */
  label: string;
}

/** Resolves once `s` can take more, or has closed (the reader went away). */
function writable(s: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      s.off('drain', done);
      s.off('close', done);
      resolve();
    };
    s.on('drain', done);
    s.on('close', done);
  });
}

class ReaderGone extends Error {}

async function push(out: PassThrough, chunk: Buffer): Promise<void> {
  if (out.destroyed) throw new ReaderGone();
  if (!out.write(chunk)) await writable(out);
  if (out.destroyed) throw new ReaderGone();
}

function mismatch(req: BlobRequest, got: string, cached: boolean) {
  return inputError(
    'malformed',
    `${req.label}: digest mismatch: expected ${req.digest}, ${cached ? 'the cached copy is' : 'downloaded'} ${got}`,
    cached
      ? 'the damaged cache entry was removed: run again'
      : 'the registry (or something between) altered the blob; nothing was cached: try again',
  );
}

function tooLarge(req: BlobRequest, bytes: number) {
  return inputError(
    'malformed',
    `${req.label}: blob is larger than the ${req.size ?? req.maxBytes} bytes ${req.size !== undefined ? 'its descriptor states' : 'allowed'} (${bytes} or more)`,
    'the registry sent a different blob: try again, or check the registry',
  );
}

async function fromCache(
  stream: Readable,
  out: PassThrough,
  req: BlobRequest,
  cache: BlobCache,
): Promise<void> {
  const hash = hashFor(req.digest);
  try {
    for await (const chunk of stream) {
      hash.update(chunk as Buffer);
      await push(out, chunk as Buffer);
    }
  } finally {
    stream.destroy();
  }
  const got = `${req.digest.split(':')[0]}:${hash.digest('hex')}`;
  if (got !== req.digest) {
    await cache.remove(req.digest);
    throw mismatch(req, got, true);
  }
}

async function fromRegistry(
  client: RegistryClient,
  out: PassThrough,
  req: BlobRequest,
  cache: BlobCache | undefined,
): Promise<void> {
  let writer: BlobWriter | undefined = cache ? await cache.writer(req.digest) : undefined;
  const hash = hashFor(req.digest);
  const limit = req.size ?? req.maxBytes;
  let written = 0;
  const path = `/v2/${client.ref.repository}/blobs/${req.digest}`;
  try {
    for (let attempt = 1; ; attempt++) {
      const res = await client.blob(req.digest);
      const declared = Number(res.headers['content-length']);
      if (written === 0 && Number.isFinite(declared) && declared > limit) {
        res.body.destroy();
        throw tooLarge(req, declared);
      }
      // After a broken connection the blob is fetched again and the bytes already passed on are skipped:
      // simpler than Range requests, which not every registry or blob store honours.
      let skip = written;
      try {
        for await (const data of res.body) {
          let chunk = data as Buffer;
          if (skip > 0) {
            if (chunk.length <= skip) {
              skip -= chunk.length;
              continue;
            }
            chunk = chunk.subarray(skip);
            skip = 0;
          }
          written += chunk.length;
          if (written > limit) throw tooLarge(req, written);
          hash.update(chunk);
          if (writer) {
            try {
              await writer.write(chunk);
            } catch {
              // A full or read-only cache only costs the next run a download.
              await writer.abort();
              writer = undefined;
            }
          }
          await push(out, chunk);
        }
        if (skip > 0) {
          throw inputError('malformed', `${req.label}: the blob came back shorter on a retry`, 'try again');
        }
        break;
      } catch (e) {
        res.body.destroy();
        if (isShipshapeError(e) || e instanceof ReaderGone) throw e;
        if (attempt >= client.retry.attempts || !isRetryableError(e)) {
          throw client.transportError(e, path, attempt);
        }
        await sleep(backoffMs(attempt - 1, client.retry));
      }
    }
    const got = `${req.digest.split(':')[0]}:${hash.digest('hex')}`;
    if (got !== req.digest) throw mismatch(req, got, false);
    if (req.size !== undefined && written !== req.size) {
      throw inputError(
        'malformed',
        `${req.label}: blob is ${written} bytes, its descriptor states ${req.size}`,
        'the image is inconsistent: push it again',
      );
    }
    if (writer) {
      const w = writer;
      writer = undefined;
      await w.commit().catch(() => w.abort());
    }
  } finally {
    await writer?.abort();
  }
}

/**
 * A stream of the blob's bytes. From the cache when it is there (verified as it is read: a damaged entry is
 * removed); else downloaded, retried after broken connections, written to the cache as it passes, and
 * verified before the stream ends: a blob that does not match its digest errors the stream and is not kept.
 */
export function openBlob(client: RegistryClient, cache: BlobCache | undefined, req: BlobRequest): Readable {
  const out = new PassThrough();
  (async () => {
    const cached = cache ? await cache.open(req.digest) : undefined;
    if (cached && cache) await fromCache(cached, out, req, cache);
    else await fromRegistry(client, out, req, cache);
    out.end();
  })().catch((e) => {
    if (!(e instanceof ReaderGone)) out.destroy(e as Error);
  });
  return out;
}
