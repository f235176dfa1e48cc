#!/usr/bin/env node
// The `shipshape` executable: runs main() on the real process and sets the exit code.
import { join } from 'node:path';
import { enableCodeCache, shipshapeCacheDir } from '../core/code-cache.js';
import { main } from './main.js';

// Compiled code from earlier runs makes the next start faster; a cache that cannot be written is skipped.
const cacheDir = shipshapeCacheDir(process.env);
enableCodeCache(cacheDir === null ? null : join(cacheDir, 'compile'));

// A reader that goes away (`shipshape lint ... | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw e;
  });
}

main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  isTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`shipshape: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 3;
  },
);
