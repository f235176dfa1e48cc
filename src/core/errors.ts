// The one error class users can see: a code, an exit code, and a message that says what, where and what to do.

export type ExitCode = 0 | 1 | 2 | 3;

export type ErrorCode = 'usage' | 'not-found' | 'unreadable' | 'malformed' | 'limit' | 'config' | 'internal';

export class ShipshapeError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  /** One line telling the user what to do about it. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ShipshapeError';
    this.code = code;
    this.exitCode = code === 'internal' ? 3 : 2;
    this.hint = options.hint;
  }
}

/** An input or invocation error: exit code 2. */
export function inputError(
  code: Exclude<ErrorCode, 'internal'>,
  message: string,
  hint?: string,
  cause?: unknown,
) {
  return new ShipshapeError(code, message, { hint, cause });
}

export function isShipshapeError(e: unknown): e is ShipshapeError {
  return e instanceof ShipshapeError;
}

/** Maps a Node.js file-system error to a clear input error for `path`. */
export function fileError(path: string, e: unknown): ShipshapeError {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return inputError('not-found', `${path}: no such file or directory`, 'check the path and try again');
    case 'EACCES':
    case 'EPERM':
      return inputError('unreadable', `${path}: permission denied`, 'make the file readable and try again');
    case 'EISDIR':
      return inputError('unreadable', `${path}: is a directory, expected a file`);
    default:
      return inputError('unreadable', `${path}: cannot read (${err?.code ?? String(e)})`);
  }
}
