// Budgets for the database importers (OSV records, bulk zips, KEV and EPSS feeds); each error names the limit.
import { inputError } from '../../core/errors.js';
import { overridesFromEnv } from '../../core/limits.js';

export interface DbLimits {
  /** Largest single OSV record (a JSON file or a zip entry), in bytes. */
  recordBytes: number;
  /** Most entries in one OSV bulk zip. */
  zipEntries: number;
  /** Largest total uncompressed size of the records in one zip, in bytes. */
  zipBytes: number;
  /** Largest ratio of a zip's uncompressed records to the zip file's size (zip bombs). */
  zipRatio: number;
  /** Largest KEV catalog or EPSS CSV, in bytes after decompression. */
  feedBytes: number;
}

export const DEFAULT_DB_LIMITS: Readonly<DbLimits> = Object.freeze({
  // The largest real records (kernel CVEs listing every Ubuntu or Debian version) are a few MB.
  recordBytes: 32 * 1024 * 1024,
  // osv.dev's all-ecosystem all.zip holds several hundred thousand records.
  zipEntries: 4_000_000,
  zipBytes: 32 * 1024 * 1024 * 1024,
  // OSV JSON compresses about 5-20 times; long version lists a little more.
  zipRatio: 200,
  // The EPSS CSV is about 10 MB uncompressed and the KEV catalog about 1.5 MB.
  feedBytes: 512 * 1024 * 1024,
});

const ENV_NAMES: Record<keyof DbLimits, string> = {
  recordBytes: 'SHIPSHAPE_MAX_OSV_RECORD_BYTES',
  zipEntries: 'SHIPSHAPE_MAX_ZIP_ENTRIES',
  zipBytes: 'SHIPSHAPE_MAX_ZIP_BYTES',
  zipRatio: 'SHIPSHAPE_MAX_ZIP_RATIO',
  feedBytes: 'SHIPSHAPE_MAX_FEED_BYTES',
};

/** Limits with overrides from the SHIPSHAPE_MAX_* environment variables above. */
export function dbLimitsFromEnv(env: Record<string, string | undefined>): DbLimits {
  return overridesFromEnv(DEFAULT_DB_LIMITS, ENV_NAMES, env);
}

/** The reason text for a limit that was hit, with the variable that raises it. */
export function limitReason(limit: keyof DbLimits, value: number, max: number): string {
  return `${value} exceeds the limit of ${max} (${limit}; raise it with ${ENV_NAMES[limit]}=N if the input is trusted)`;
}

export function dbLimitError(what: string, limit: keyof DbLimits, value: number, max: number) {
  return inputError(
    'limit',
    `${what}: ${value} exceeds the limit of ${max} (${limit})`,
    `raise it with ${ENV_NAMES[limit]}=N if the input is trusted`,
  );
}
