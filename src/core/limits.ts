// Budgets for every reader of untrusted input; each error names the limit and how to raise it.
import { inputError } from './errors.js';

export interface Limits {
  /** Largest Dockerfile read, in bytes. */
  dockerfileBytes: number;
  /** Largest config file read, in bytes. */
  configBytes: number;
  /** Most instructions linted in one Dockerfile. */
  dockerfileInstructions: number;
  /** Longest single RUN script handed to the shell parser, in bytes. */
  shellScriptBytes: number;
  /** Largest Kubernetes manifest file (or stdin) read, in bytes. */
  manifestBytes: number;
  /** Most YAML alias expansions in one manifest document (alias bombs). */
  manifestAliases: number;
  /** Most tar entries in one image layer (or in one image archive). */
  layerEntries: number;
  /** Largest single file in an image layer, in bytes. */
  layerFileBytes: number;
  /** Largest total uncompressed size of all layers of one image, in bytes. */
  imageBytes: number;
  /** Largest ratio of uncompressed to compressed bytes in a layer (gzip/zstd bombs). */
  decompressionRatio: number;
  /** Largest file read into memory from an image for a cataloger or check, in bytes. */
  imageReadBytes: number;
  /** Most symbolic links followed while resolving one path inside an image. */
  symlinkHops: number;
  /** Largest image manifest, index or config JSON, in bytes. */
  imageJsonBytes: number;
  /** Deepest nesting of arrays and objects in an image manifest, index or config. */
  imageJsonDepth: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  dockerfileBytes: 4 * 1024 * 1024,
  configBytes: 1024 * 1024,
  dockerfileInstructions: 500_000,
  shellScriptBytes: 1024 * 1024,
  manifestBytes: 32 * 1024 * 1024,
  manifestAliases: 1000,
  layerEntries: 1_000_000,
  layerFileBytes: 8 * 1024 * 1024 * 1024,
  imageBytes: 64 * 1024 * 1024 * 1024,
  decompressionRatio: 200,
  imageReadBytes: 64 * 1024 * 1024,
  symlinkHops: 40,
  imageJsonBytes: 4 * 1024 * 1024,
  imageJsonDepth: 64,
});

const ENV_NAMES: Record<keyof Limits, string> = {
  dockerfileBytes: 'SHIPSHAPE_MAX_DOCKERFILE_BYTES',
  configBytes: 'SHIPSHAPE_MAX_CONFIG_BYTES',
  dockerfileInstructions: 'SHIPSHAPE_MAX_DOCKERFILE_INSTRUCTIONS',
  shellScriptBytes: 'SHIPSHAPE_MAX_SHELL_SCRIPT_BYTES',
  manifestBytes: 'SHIPSHAPE_MAX_MANIFEST_BYTES',
  manifestAliases: 'SHIPSHAPE_MAX_MANIFEST_ALIASES',
  layerEntries: 'SHIPSHAPE_MAX_LAYER_ENTRIES',
  layerFileBytes: 'SHIPSHAPE_MAX_LAYER_FILE_BYTES',
  imageBytes: 'SHIPSHAPE_MAX_IMAGE_BYTES',
  decompressionRatio: 'SHIPSHAPE_MAX_DECOMPRESSION_RATIO',
  imageReadBytes: 'SHIPSHAPE_MAX_IMAGE_READ_BYTES',
  symlinkHops: 'SHIPSHAPE_MAX_SYMLINK_HOPS',
  imageJsonBytes: 'SHIPSHAPE_MAX_IMAGE_JSON_BYTES',
  imageJsonDepth: 'SHIPSHAPE_MAX_IMAGE_JSON_DEPTH',
};

/** `defaults` with overrides from the environment variables `names` gives for each key (positive whole numbers). */
export function overridesFromEnv<T extends { [K in keyof T]: number }>(
  defaults: Readonly<T>,
  names: Record<keyof T, string>,
  env: Record<string, string | undefined>,
): T {
  const out: T = { ...defaults };
  for (const key of Object.keys(names) as (keyof T)[]) {
    const raw = env[names[key]];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n <= 0) {
      throw inputError('usage', `${names[key]}=${raw} is not a positive whole number`);
    }
    out[key] = n as T[keyof T];
  }
  return out;
}

/** Limits with overrides from SHIPSHAPE_MAX_* environment variables. */
export function limitsFromEnv(env: Record<string, string | undefined>): Limits {
  return overridesFromEnv(DEFAULT_LIMITS, ENV_NAMES, env);
}

export function limitError(what: string, limit: keyof Limits, value: number, max: number) {
  return inputError(
    'limit',
    `${what}: ${value} exceeds the limit of ${max} (${limit})`,
    `raise it with ${ENV_NAMES[limit]}=N if the input is trusted`,
  );
}
