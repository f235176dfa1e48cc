// The command-line program as a function: main(argv, io) -> exit code (0 ok, 1 findings, 2 bad input, 3 bug).
import { isShipshapeError } from '../core/errors.js';
import { lintCommand } from './commands/lint.js';
import { MAIN_HELP } from './help.js';
import type { CliIO } from './io.js';
import { packageVersion } from './version.js';

export type { CliIO, Writer } from './io.js';

const NOT_YET = new Set(['check']);
const TRUTHY = new Set(['1', 'y', 'yes', 'on', 'true']);

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const args = [...argv];
  const verbose =
    args.includes('-V') ||
    args.includes('--verbose') ||
    TRUTHY.has((io.env.HADOLINT_VERBOSE ?? '').toLowerCase());
  try {
    return await run(args, io);
  } catch (e) {
    return reportError(e, io, verbose);
  }
}

// Loaded on demand: the hook command runs git through child_process, which lint does not need at start-up.
const hook = () => import('./commands/hook.js');
// Loaded on demand: the manifest reader pulls in the yaml package, which lint does not need at start-up.
const k8s = () => import('./commands/k8s.js');
// Loaded on demand: the image reader and the CycloneDX library are only for sbom.
const sbom = () => import('./commands/sbom.js');
// Loaded on demand: the database code (and better-sqlite3 behind it) is only for db and scan.
const db = () => import('./commands/db.js');
// Loaded on demand: scan needs the image reader and the database.
const scan = () => import('./commands/scan.js');

async function run(args: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case undefined:
      io.stderr.write(MAIN_HELP);
      return 2;
    case '-h':
    case '--help':
    case 'help':
      if (command === 'help' && rest[0] === 'lint') return lintCommand(['--help'], io);
      if (command === 'help' && rest[0] === 'hook') return (await hook()).hookCommand(['--help'], io);
      if (command === 'help' && rest[0] === 'k8s') return (await k8s()).k8sCommand(['--help'], io);
      if (command === 'help' && rest[0] === 'sbom') return (await sbom()).sbomCommand(['--help'], io);
      if (command === 'help' && rest[0] === 'db') return (await db()).dbCommand(['--help'], io);
      if (command === 'help' && rest[0] === 'scan') return (await scan()).scanCommand(['--help'], io);
      io.stdout.write(MAIN_HELP);
      return 0;
    case '-v':
    case '--version':
    case 'version':
      io.stdout.write(`shipshape ${packageVersion()}\n`);
      return 0;
    case 'lint':
      return lintCommand(rest, io);
    case 'hook':
      return (await hook()).hookCommand(rest, io);
    case 'k8s':
      return (await k8s()).k8sCommand(rest, io);
    case 'sbom':
      return (await sbom()).sbomCommand(rest, io);
    case 'db':
      return (await db()).dbCommand(rest, io);
    case 'scan':
      return (await scan()).scanCommand(rest, io);
  }
  if (NOT_YET.has(command)) {
    io.stderr.write(`shipshape: \`shipshape ${command}\` is not available in this version yet\n`);
    io.stderr.write('hint: run `shipshape --help` for the commands this version has\n');
    return 2;
  }
  const what = command.startsWith('-') ? `unknown option '${command}'` : `unknown command '${command}'`;
  io.stderr.write(`shipshape: ${what}\nhint: run \`shipshape --help\` for usage\n`);
  return 2;
}

/** Input errors get one clear message and exit 2; anything else is a bug: exit 3, stack only with --verbose. */
export function reportError(e: unknown, io: CliIO, verbose: boolean): number {
  if (isShipshapeError(e) && e.exitCode !== 3) {
    io.stderr.write(`shipshape: ${e.message}\n`);
    if (e.hint) io.stderr.write(`hint: ${e.hint}\n`);
    if (verbose && e.cause instanceof Error && e.cause.stack) io.stderr.write(`${e.cause.stack}\n`);
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.stderr.write(
    `shipshape: internal error: ${message.split('\n')[0]}, please report it with the --verbose output\n`,
  );
  if (verbose && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
  else io.stderr.write('hint: run again with --verbose for the stack trace\n');
  return 3;
}
