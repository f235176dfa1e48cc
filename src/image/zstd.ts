// Streaming zstd decoder for layer blobs: the native libzstd (through zstd-napi), in bounded chunks.
import { createRequire } from 'node:module';
// The package has no exports map: its documented 'zstd-napi/binding' needs the file extension under NodeNext.
import type * as ZstdBinding from 'zstd-napi/binding.js';
import { ShipshapeError } from '../core/errors.js';
import { malformed } from './layers.js';

/**
 * The most one yielded chunk holds, and so the most one native call writes. The same size as gunzip's chunks,
 * so both decoders feed the tar parser alike and the caller's ratio check runs as often.
 */
const CHUNK = 128 * 1024;

// Loaded on first use: a native module that lint, k8s and images without zstd layers never need. Through
// require, not import(): the bundled CLI runs as a vm.Script (for the code cache), which has no dynamic import().
let binding: typeof ZstdBinding | undefined;
function loadBinding(): typeof ZstdBinding {
  if (binding) return binding;
  try {
    binding = createRequire(import.meta.url)('zstd-napi/binding') as typeof ZstdBinding;
  } catch (e) {
    throw new ShipshapeError(
      'internal',
      `cannot load the zstd decoder (zstd-napi): ${(e as Error).message}`,
      {
        hint: 'reinstall shipshape so that its native zstd module is built (npm rebuild zstd-napi)',
        cause: e,
      },
    );
  }
  return binding;
}

/**
 * Decompresses a zstd stream (one or more frames, skippable frames included) and yields the output in chunks of
 * at most 128 KiB. Each native call writes into what is left of one such chunk, so memory stays bounded whatever
 * the compression ratio: a bomb is stopped by the caller's ratio check between chunks, never decoded whole.
 * Every chunk is written into the same memory, so a chunk is valid only until the next is asked for: a consumer
 * copies what it keeps. (A fresh 128 KiB buffer per chunk was 2.7 GB of short-lived allocations for the scan
 * benchmark's large image, which glibc's heap kept as tens of MB of peak RSS.)
 * The window is capped at zstd's default limit (128 MiB), as the zstd CLI does. Corrupt or truncated input,
 * and an input with no frame at all, throw a 'malformed' input error for `label`; errors from `src` pass as
 * they are.
 */
export async function* unzstd(src: AsyncIterable<Buffer>, label: string): AsyncGenerator<Buffer> {
  await turn();
  const dctx = idle ?? new (loadBinding().DCtx)();
  idle = undefined;
  try {
    yield* decode(dctx, src, label);
  } finally {
    // Whatever state the frame was left in (done, corrupt, abandoned by the consumer), the next layer starts clean.
    dctx.reset(loadBinding().ResetDirective.sessionOnly);
    idle = dctx;
    next();
  }
}

/*
 * One stream decodes at a time, through one decoder kept between layers.
 * - One at a time: zstd-napi decodes synchronously on the main thread, so streams read concurrently only take
 *   turns there, and each would hold a window of its own (8 MiB at zstd -19; 2 decoders were 16 of the 170 MB
 *   peak RSS of the scan benchmark's zstd image). The others wait for their turn, which their readers' back
 *   pressure turns into a pause; gzip layers still inflate in parallel meanwhile (zlib runs on the thread pool).
 * - Kept: a decoder's native memory only goes back when V8 collects it, and one new decoder per layer left tens
 *   of MiB waiting on a major GC.
 * A consumer must finish or close (return()) the generator it started, as for-await does, or the next one waits.
 */
let idle: ZstdBinding.DCtx | undefined;
let busy = false;
const waiting: (() => void)[] = [];

function turn(): Promise<void> {
  if (!busy) {
    busy = true;
    return Promise.resolve();
  }
  return new Promise((resolve) => waiting.push(resolve));
}

function next() {
  const resume = waiting.shift();
  if (resume) resume();
  else busy = false;
}

async function* decode(
  dctx: ZstdBinding.DCtx,
  src: AsyncIterable<Buffer>,
  label: string,
): AsyncGenerator<Buffer> {
  const out = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  let sawInput = false;
  // What ZSTD_decompressStream last returned: 0 once a frame is fully decoded and flushed.
  let pending = 1;
  for await (const chunk of src) {
    if (chunk.length === 0) continue;
    sawInput = true;
    let input: Uint8Array = chunk;
    for (;;) {
      let result: [number, number, number];
      try {
        result = dctx.decompressStream(out.subarray(used), input);
      } catch (e) {
        throw corrupt(label, (e as Error).message, e);
      }
      const [ret, produced, consumed] = result;
      // A call that did nothing says nothing: after a frame's end, with no input, it asks for the next header.
      if (produced > 0 || consumed > 0) pending = ret;
      used += produced;
      input = input.subarray(consumed);
      if (used === CHUNK) {
        // A full output buffer may leave more to flush even when the input is used up: go round again.
        yield out;
        used = 0;
      } else if (input.length === 0) {
        // Output space left over and no input left: the decoder has flushed all it could.
        break;
      }
    }
  }
  if (used > 0) yield out.subarray(0, used);
  if (!sawInput) throw corrupt(label, 'no zstd frame');
  if (pending !== 0) throw corrupt(label, 'unexpected end of data');
}

function corrupt(label: string, why: string, cause?: unknown) {
  return malformed(label, `zstd stream is corrupt or truncated (${why})`, cause);
}
