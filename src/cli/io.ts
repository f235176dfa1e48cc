// What the CLI talks to: streams, environment and working directory, injectable so tests can call main().
import { inputError } from '../core/errors.js';
import { limitError } from '../core/limits.js';

export interface Writer {
  write(chunk: string): unknown;
}

export interface CliIO {
  /** Standard input: a stream, any async iterable of chunks, or a string (tests). */
  stdin?: AsyncIterable<string | Uint8Array> | string;
  stdout: Writer;
  stderr: Writer;
  env: Record<string, string | undefined>;
  cwd?: string;
  /** Whether stdout is a terminal (for colour). */
  isTTY?: boolean;
}

/** Reads all of stdin as UTF-8, failing once it passes `maxBytes`. */
export async function readStdin(stdin: CliIO['stdin'], maxBytes: number): Promise<string> {
  if (stdin === undefined) throw inputError('usage', '-: there is no standard input to read');
  if (typeof stdin === 'string') {
    const size = Buffer.byteLength(stdin);
    if (size > maxBytes) throw limitError('-: Dockerfile too large', 'dockerfileBytes', size, maxBytes);
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
    if (size > maxBytes) throw limitError('-: Dockerfile too large', 'dockerfileBytes', size, maxBytes);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
