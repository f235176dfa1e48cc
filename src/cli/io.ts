// What the CLI talks to: streams, environment and working directory, injectable so tests can call main().

import { limitError } from '../core/limits.js';
import { readStdinWithin } from '../core/stdin.js';

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
  /** Whether stderr is a terminal (for progress bars). */
  stderrIsTTY?: boolean;
}

/** Reads all of stdin as UTF-8 (a Dockerfile), failing once it passes `maxBytes`. */
export function readStdin(stdin: CliIO['stdin'], maxBytes: number): Promise<string> {
  return readStdinWithin(stdin, maxBytes, (size) =>
    limitError('-: Dockerfile too large', 'dockerfileBytes', size, maxBytes),
  );
}
