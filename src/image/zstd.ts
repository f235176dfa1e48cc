// Streaming zstd decoder for layer blobs: the native libzstd (through zstd-napi), in bounded chunks.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
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
 * The window is capped at zstd's default limit (128 MiB), as the zstd CLI does. Corrupt or truncated input,
 * and an input with no frame at all, throw a 'malformed' input error for `label`; errors from `src` pass as
 * they are.
 */
export async function* unzstd(src: AsyncIterable<Buffer>, label: string): AsyncGenerator<Buffer> {
  const dctx = idle.pop() ?? new (loadBinding().DCtx)();
  try {
    yield* decode(dctx, src, label);
  } finally {
    // Whatever state the frame was left in (done, corrupt, abandoned by the consumer), the next layer starts clean.
    dctx.reset(loadBinding().ResetDirective.sessionOnly);
    if (idle.length < MAX_IDLE) idle.push(dctx);
  }
}

/**
 * Decoders kept between layers. A decoder holds its frame's window (8 MiB at zstd -19), which native memory only
 * gives back when V8 collects the decoder: one new decoder per layer left tens of MiB waiting on a major GC.
 */
const idle: ZstdBinding.DCtx[] = [];
const MAX_IDLE = Math.max(2, availableParallelism());

async function* decode(
  dctx: ZstdBinding.DCtx,
  src: AsyncIterable<Buffer>,
  label: string,
): AsyncGenerator<Buffer> {
  let out = Buffer.allocUnsafe(CHUNK);
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
        out = Buffer.allocUnsafe(CHUNK);
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
