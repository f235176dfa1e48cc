// Reads standard input within a byte budget, failing as soon as the budget is passed.
import { inputError } from './errors.js';

export type StdinSource = AsyncIterable<string | Uint8Array> | string | undefined;

/** All of stdin as UTF-8; `tooLarge(size)` makes the error once more than `maxBytes` arrived. */
export async function readStdinWithin(
  stdin: StdinSource,
  maxBytes: number,
  tooLarge: (size: number) => Error,
): Promise<string> {
  if (stdin === undefined) throw inputError('usage', '-: there is no standard input to read');
  if (typeof stdin === 'string') {
    const size = Buffer.byteLength(stdin);
    if (size > maxBytes) throw tooLarge(size);
    return stdin;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf =
      typeof chunk === 'string'
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += buf.length;
    if (size > maxBytes) throw tooLarge(size);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
