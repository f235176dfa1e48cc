// The image argument and registry flags that sbom and scan share: one image, --platform, --username with
// --password-stdin.
import { inputError } from '../core/errors.js';
import { readStdinWithin } from '../core/stdin.js';
import type { CliIO } from './io.js';

export interface ImageFlagValues {
  platform?: string | undefined;
  username?: string | undefined;
  'password-stdin'?: boolean | undefined;
}

/** The one image a command reads; none, or more than one, is a usage error. */
export function imageArg(command: string, positionals: readonly string[]): string {
  const [ref, ...extra] = positionals;
  if (ref === undefined) {
    throw inputError(
      'usage',
      `${command}: no image given`,
      `pass an image, e.g. shipshape ${command} docker-archive:image.tar`,
    );
  }
  if (extra.length > 0) {
    throw inputError(
      'usage',
      `${command}: one image at a time (also given: ${extra.join(' ')})`,
      `run ${command} once per image`,
    );
  }
  return ref;
}

/** --platform is os/arch[/variant]; --username and --password-stdin come together. */
export function checkImageFlags(command: string, values: ImageFlagValues): void {
  if (values.platform !== undefined && !/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/i.test(values.platform)) {
    throw inputError(
      'usage',
      `${command}: --platform ${values.platform} is not os/arch[/variant]`,
      'e.g. --platform linux/arm64/v8',
    );
  }
  if ((values.username !== undefined) !== (values['password-stdin'] === true)) {
    throw inputError(
      'usage',
      values.username !== undefined
        ? `${command}: --username needs --password-stdin`
        : `${command}: --password-stdin needs --username`,
      `e.g. echo "$TOKEN" | shipshape ${command} --username USER --password-stdin IMAGE`,
    );
  }
}

/** The password from standard input, as `docker login --password-stdin` reads it (one trailing newline dropped). */
export async function readPasswordStdin(command: string, io: CliIO): Promise<string> {
  const text = await readStdinWithin(io.stdin, 64 * 1024, () =>
    inputError(
      'usage',
      `${command}: --password-stdin: more than 64 KiB on standard input`,
      'pass only the password',
    ),
  );
  return text.replace(/\r?\n$/, '');
}
