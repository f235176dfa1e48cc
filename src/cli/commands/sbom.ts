// `shipshape sbom IMAGE`: the image's package inventory as CycloneDX, SPDX, shipshape JSON or a table.
import { isAbsolute, resolve } from 'node:path';
import { tuneHeapForBatch } from '../../core/batch-heap.js';
import { shipshapeCacheDir } from '../../core/code-cache.js';
import { fileError, inputError } from '../../core/errors.js';
import { limitsFromEnv } from '../../core/limits.js';
import { inventory } from '../../image/inventory.js';
import { formatSbom, isSbomFormat, SBOM_FORMATS } from '../../report/sbom/index.js';
import { checkImageFlags, imageArg, readPasswordStdin } from '../image-args.js';
import type { CliIO } from '../io.js';
import { packageVersion } from '../version.js';
import { parseCommandArgs } from './lint.js';

export const SBOM_HELP = `Usage: shipshape sbom [options] IMAGE

Lists every package in an image (OS packages and language packages, with the layer that added each).
IMAGE: docker-archive:PATH, oci-archive:PATH, oci:DIR[:TAG], dir:PATH, a path detected by its content,
or a registry reference: docker://REF or bare (alpine:3.19, ghcr.io/o/r@sha256:..., host:5000/r:tag).

Output:
  -f, --format FORMAT          cyclonedx-json (default, CycloneDX 1.6), spdx-json (SPDX 2.3), json, table
  -o, --output FILE            write the document to FILE
      --platform OS/ARCH[/V]   the image to pick from a multi-platform index (default linux/amd64)
      --no-cache               read every layer again (layer results are cached by digest in the cache dir)
      --no-color               no colours (also NO_COLOR=1)
  -q, --quiet                  no progress and no notices

Registry:
      --username USER          log in as USER (with --password-stdin); else ~/.docker/config.json is used
      --password-stdin         read the password (or token) for --username from standard input
      --insecure               allow plain HTTP and skip TLS verification (localhost may use HTTP without it)
`;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  platform: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'no-color': { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  username: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  insecure: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'V' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function sbomCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('sbom', args, OPTIONS);
  if (values.help) {
    io.stdout.write(SBOM_HELP);
    return 0;
  }
  const ref = imageArg('sbom', positionals);
  const format = values.format ?? 'cyclonedx-json';
  if (!isSbomFormat(format)) {
    throw inputError('usage', `sbom: unknown format '${format}'`, `use ${SBOM_FORMATS.join(', ')}`);
  }
  checkImageFlags('sbom', values);
  const password = values['password-stdin'] ? await readPasswordStdin('sbom', io) : undefined;
  const quiet = values.quiet === true;
  const progress = !quiet && io.stderrIsTTY === true;
  const cwd = io.cwd ?? process.cwd();
  const cacheDir = values['no-cache'] ? null : shipshapeCacheDir(io.env);
  tuneHeapForBatch();
  const result = await inventory(ref, {
    limits: limitsFromEnv(io.env),
    ...(cacheDir ? { cacheDir } : {}),
    ...(values.username !== undefined ? { username: values.username, password: password ?? '' } : {}),
    ...(values.insecure ? { insecure: true } : {}),
    env: io.env,
    ...(values.platform ? { platform: values.platform } : {}),
    ...(progress
      ? {
          onLayer: (done: number, total: number) => io.stderr.write(`\r\x1b[Kreading layer ${done}/${total}`),
        }
      : {}),
  });
  if (progress) io.stderr.write('\r\x1b[K');
  if (!quiet) {
    for (const u of result.unknowns) io.stderr.write(`shipshape: ${u.path}: ${u.reason}\n`);
  }
  const noColor = values['no-color'] === true || (io.env.NO_COLOR ?? '') !== '';
  const text = formatSbom(
    format,
    { target: result.target, packages: result.packages, unknowns: result.unknowns },
    {
      toolVersion: packageVersion(),
      color: format === 'table' && !values.output && !noColor && io.isTTY === true,
    },
  );
  if (values.output) {
    const { writeFile } = await import('node:fs/promises');
    try {
      await writeFile(isAbsolute(values.output) ? values.output : resolve(cwd, values.output), text);
    } catch (e) {
      throw fileError(values.output, e);
    }
  } else {
    io.stdout.write(text);
  }
  return 0;
}
