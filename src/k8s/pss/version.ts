// Policy versions: parsing `latest` / `v1.N`, what latest means, and clamping newer versions to it.
import { PSS_CHECKS } from './index.js';

/** The highest minimum version any check variant declares: what `latest` means (37 today). */
export const LATEST_MINOR: number = Math.max(...PSS_CHECKS.flatMap((c) => c.versions));

export interface ParsedVersion {
  /** The minor version to evaluate at, clamped to [0, max]. */
  minor: number;
  /** Set when the input was not `latest` or `v1.<minor>`; the version then falls back to latest. */
  error?: string;
}

const VERSION = /^v1\.(0|[1-9][0-9]*)$/;

/**
 * Parses a policy version as upstream does. `emulatedMinor` (an API server emulating an older
 * release) lowers what latest means.
 */
export function parsePssVersion(version: string, emulatedMinor?: number): ParsedVersion {
  const max = emulatedMinor === undefined ? LATEST_MINOR : Math.min(LATEST_MINOR, emulatedMinor);
  if (version === 'latest') return { minor: max };
  const m = VERSION.exec(version);
  if (!m) {
    return {
      minor: max,
      error: `invalid Pod Security version ${JSON.stringify(version)}: use "latest" or "v1.<minor>"`,
    };
  }
  return { minor: Math.min(Number(m[1]), max) };
}

/** The minimum version of the variant that applies at `minor`, or undefined when the check is not active yet. */
export function variantAt(versions: readonly number[], minor: number): number | undefined {
  let found: number | undefined;
  for (const v of versions) if (v <= minor) found = v;
  return found;
}
