import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../../test/support/tools.js';
import { isShipshapeError } from '../core/errors.js';
import { unzstd } from './zstd.js';

const itZstd = requireTool('zstd') ? it : it.skip;

/** The most one chunk may hold (the module's bound). */
const MAX_CHUNK = 128 * 1024;

/** Compresses with the reference zstd CLI (reading stdin, so the frame has no content size unless asked). */
function zstdCli(data: Buffer, args: string[] = []): Buffer {
  const r = spawnSync('zstd', ['-q', '-c', ...args], { input: data, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`zstd failed: ${r.stderr.toString()}`);
  return r.stdout;
}

/** Text that compresses well, interleaved with pseudo-random bytes that do not: both literal and match paths. */
function sample(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed;
  let i = 0;
  while (i < size) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    if ((x & 3) === 0) {
      i += out.write(`line ${i % 977}: /usr/lib/x86_64-linux-gnu/libexample.so.${x & 7}\n`, i);
    } else {
      out[i++] = x & 0xff;
    }
  }
  return out;
}

/** Feeds `data` to the decoder in pieces of `size` bytes, as a file or socket stream would. */
async function* pieces(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function decode(data: Buffer, pieceSize = 64 * 1024): Promise<{ out: Buffer; chunks: number[] }> {
  const parts: Buffer[] = [];
  // Each chunk is only valid until the next is asked for: the decoder writes the next into the same memory.
  for await (const chunk of unzstd(pieces(data, pieceSize), 'layer sha256:test'))
    parts.push(Buffer.from(chunk));
  return { out: Buffer.concat(parts), chunks: parts.map((p) => p.length) };
}

async function decodeError(data: Buffer, pieceSize?: number): Promise<unknown> {
  try {
    await decode(data, pieceSize);
  } catch (e) {
    return e;
  }
  throw new Error('expected the decoder to throw');
}

function expectMalformed(e: unknown) {
  expect(isShipshapeError(e)).toBe(true);
  if (!isShipshapeError(e)) return;
  expect(e.code).toBe('malformed');
  expect(e.exitCode).toBe(2);
  expect(e.message).toMatch(/^layer sha256:test: zstd stream is corrupt or truncated \(.+\)$/);
}

/** A skippable frame (RFC 8878 §3.1.2): magic 0x184D2A5?, a 4-byte length, then that many bytes to ignore. */
function skippableFrame(payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32LE(0x184d2a53, 0);
  head.writeUInt32LE(payload.length, 4);
  return Buffer.concat([head, payload]);
}

describe('unzstd', () => {
  const data = sample(3 * 1024 * 1024 + 12_345);

  itZstd('round-trips what the zstd CLI wrote, at several levels and in several piece sizes', async () => {
    for (const args of [
      ['-1'],
      ['-9'],
      ['-3', `--stream-size=${data.length}`, '--no-check'],
      ['-15', '--long=24'],
    ]) {
      const compressed = zstdCli(data, args);
      for (const pieceSize of [1_000_003, 65_536, 4_099]) {
        const { out, chunks } = await decode(compressed, pieceSize);
        expect(out.equals(data), `zstd ${args.join(' ')}, pieces of ${pieceSize}`).toBe(true);
        expect(Math.max(...chunks)).toBeLessThanOrEqual(MAX_CHUNK);
      }
    }
  });

  itZstd('decodes a small stream fed one byte at a time', async () => {
    const small = sample(20_000, 7);
    const { out } = await decode(zstdCli(small), 1);
    expect(out.equals(small)).toBe(true);
  });

  itZstd('decodes concatenated frames, skippable frames among them, as one stream', async () => {
    const a = sample(300_000, 2);
    const b = sample(5_000, 3);
    const c = Buffer.from('the last frame\n');
    const stream = Buffer.concat([
      zstdCli(a),
      skippableFrame(Buffer.from('ignore me')),
      zstdCli(b, ['-19']),
      zstdCli(Buffer.alloc(0)),
      zstdCli(c),
    ]);
    for (const pieceSize of [stream.length, 777]) {
      const { out } = await decode(stream, pieceSize);
      expect(out.equals(Buffer.concat([a, b, c]))).toBe(true);
    }
  });

  itZstd('ends cleanly when a frame ends exactly where an output chunk fills', async () => {
    const one = sample(MAX_CHUNK, 4);
    const two = sample(2 * MAX_CHUNK, 5);
    for (const [stream, want] of [
      [zstdCli(one), one],
      [zstdCli(two), two],
      [Buffer.concat([zstdCli(one), zstdCli(two)]), Buffer.concat([one, two])],
    ] as const) {
      for (const pieceSize of [stream.length, 1000]) {
        const { out, chunks } = await decode(stream, pieceSize);
        expect(out.equals(want)).toBe(true);
        expect(chunks.every((n) => n === MAX_CHUNK)).toBe(true);
      }
    }
  });

  itZstd('yields nothing for a frame with empty content, and rejects an input with no frame', async () => {
    const { chunks } = await decode(zstdCli(Buffer.alloc(0)));
    expect(chunks).toEqual([]);
    expectMalformed(await decodeError(Buffer.alloc(0)));
    expect(((await decodeError(Buffer.alloc(0))) as Error).message).toContain('(no zstd frame)');
  });

  itZstd('rejects corrupt input: flipped bytes, not zstd at all, garbage after a frame', async () => {
    const compressed = zstdCli(data);
    for (const at of [6, compressed.length >> 1, compressed.length - 2]) {
      const bad = Buffer.from(compressed);
      bad[at] = (bad[at] ?? 0) ^ 0x5a;
      expectMalformed(await decodeError(bad));
    }
    expectMalformed(await decodeError(Buffer.from('this is a plain tar file, not zstd at all')));
    const trailing = await decodeError(Buffer.concat([zstdCli(Buffer.from('ok')), Buffer.from('junk!')]));
    expectMalformed(trailing);
  });

  itZstd('rejects truncated input, wherever it is cut', async () => {
    const compressed = zstdCli(data);
    for (const cut of [2, 5, 100, compressed.length >> 1, compressed.length - 1]) {
      const e = await decodeError(compressed.subarray(0, cut));
      expectMalformed(e);
    }
    expect(((await decodeError(compressed.subarray(0, -1))) as Error).message).toContain(
      '(unexpected end of data)',
    );
  });

  itZstd('accepts a 128 MiB window and rejects a larger one, as zstd -d does by default', async () => {
    const text = Buffer.from('a small layer\n');
    expect((await decode(zstdCli(text, ['--long=27']))).out.equals(text)).toBe(true);
    const e = await decodeError(zstdCli(text, ['--long=28']));
    expectMalformed(e);
    expect((e as Error).message).toContain('Frame requires too much memory for decoding');
  });

  it('passes errors from the source through unchanged', async () => {
    const boom = new Error('socket hang up');
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
      throw boom;
    }
    await expect(async () => {
      for await (const _ of unzstd(failing(), 'layer x')) {
        // drain
      }
    }).rejects.toBe(boom);
  });

  itZstd('decodes a high-ratio bomb in bounded chunks, and stops when the consumer does', async () => {
    const size = 200 * 1024 * 1024;
    // Made by the CLI from /dev/zero, so this process never holds the 200 MB.
    const r = spawnSync('sh', ['-c', `head -c ${size} /dev/zero | zstd -q -c`], { maxBuffer: 1 << 26 });
    expect(r.status).toBe(0);
    const bomb = r.stdout;
    expect(bomb.length).toBeLessThan(size / 1000);

    let total = 0;
    let chunks = 0;
    let largest = 0;
    let zeros = true;
    for await (const chunk of unzstd(pieces(bomb, 64 * 1024), 'bomb')) {
      total += chunk.length;
      chunks++;
      largest = Math.max(largest, chunk.length);
      // Sample the content: checking every byte of 200 MB would dominate the test.
      if (chunk[0] !== 0 || chunk[chunk.length - 1] !== 0) zeros = false;
    }
    expect(total).toBe(size);
    expect(largest).toBeLessThanOrEqual(MAX_CHUNK);
    expect(chunks).toBeGreaterThanOrEqual(size / MAX_CHUNK);
    expect(zeros).toBe(true);

    // A consumer that gives up (as the ratio check does) stops the decoder there: the rest is never decoded.
    let seen = 0;
    let pulled = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const piece of pieces(bomb, 1024)) {
        pulled += piece.length;
        yield piece;
      }
    }
    for await (const chunk of unzstd(counted(), 'bomb')) {
      seen += chunk.length;
      if (seen >= 10 * 1024 * 1024) break;
    }
    expect(seen).toBeLessThanOrEqual(10 * 1024 * 1024 + MAX_CHUNK);
    expect(pulled).toBeLessThan(bomb.length);
  });

  itZstd(
    'reuses decoders: a stream cut short, corrupt or abandoned leaves nothing behind for the next one',
    async () => {
      const data = sample(300 * 1024, 7);
      const frame = zstdCli(data, ['-19']);
      // Abandoned mid-frame by the consumer, then cut short, then corrupt: each time a whole stream decodes after.
      for await (const _ of unzstd(pieces(frame, 4096), 'abandoned')) break;
      expect((await decode(frame)).out.equals(data)).toBe(true);
      expectMalformed(await decodeError(frame.subarray(0, frame.length >> 1)));
      expect((await decode(frame)).out.equals(data)).toBe(true);
      const flipped = Buffer.from(frame);
      const mid = flipped.length >> 1;
      flipped[mid] = (flipped[mid] ?? 0) ^ 0xff;
      await decodeError(flipped);
      const results = await Promise.all([decode(frame, 1000), decode(frame, 70_000), decode(frame)]);
      for (const r of results) expect(r.out.equals(data)).toBe(true);
    },
  );
});

describe('unzstd, chunk memory', () => {
  itZstd(
    'writes every chunk into the same memory: a chunk is valid until the next is asked for',
    async () => {
      const data = sample(1024 * 1024, 5);
      const seen = new Set<ArrayBuffer>();
      let n = 0;
      for await (const chunk of unzstd(pieces(zstdCli(data), 64 * 1024), 'reuse')) {
        seen.add(chunk.buffer as ArrayBuffer);
        n++;
      }
      expect(n).toBeGreaterThan(4);
      expect(seen.size).toBe(1);
    },
  );
});

describe('unzstd, several streams at once', () => {
  itZstd('decodes one stream at a time: the next starts when the one before ends or is closed', async () => {
    const data = sample(600 * 1024, 11);
    const frame = zstdCli(data, ['-3']);
    const first = unzstd(pieces(frame, 4096), 'first');
    const second = unzstd(pieces(frame, 4096), 'second');
    expect((await first.next()).done).toBe(false);
    let secondStarted = false;
    const secondChunk = second.next().then((r) => {
      secondStarted = true;
      return r;
    });
    // However long the first is held open, the second waits.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(secondStarted).toBe(false);
    // The first read to its end; then the second runs, and its output is whole.
    for (let r = await first.next(); !r.done; r = await first.next());
    const head = await secondChunk;
    expect(secondStarted).toBe(true);
    expect(head.done).toBe(false);
    const parts = [Buffer.from(head.value as Buffer)];
    for await (const chunk of second) parts.push(Buffer.from(chunk));
    expect(Buffer.concat(parts).equals(data)).toBe(true);
    // A third, after one closed early, is not kept waiting.
    const third = unzstd(pieces(frame, 4096), 'third');
    await third.next();
    await third.return(undefined);
    expect((await decode(frame)).out.equals(data)).toBe(true);
  });
});
