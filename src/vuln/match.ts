// OSV `affected` semantics, written once over any ecosystem's comparator: is this version affected, and by which
// fix does it stop being so. See shared/reference/osv-matching.md and the OSV schema's evaluation rules.
import type { OsvEvent, OsvRange } from './db/osv.js';
import type { Versioning } from './versioning/types.js';

export type { OsvEvent, OsvRange };

export interface OsvAffectedRanges {
  ranges?: OsvRange[];
  versions?: string[];
}

export interface AffectedMatch {
  /** The first fixed versions above the installed one, one per range that matched; empty when there is no fix. */
  fixedVersions: string[];
  /** How it matched: an exact entry of `versions[]`, or a range. */
  via: 'versions' | 'range';
}

type Kind = 'introduced' | 'fixed' | 'last_affected' | 'limit';
interface Event {
  kind: Kind;
  version: string;
}

/** Ties at one version: an interval opens before it closes, so `introduced X, fixed X` is empty. */
const TIE: Record<Kind, number> = { introduced: 0, fixed: 1, last_affected: 2, limit: 3 };

function eventsOf(range: OsvRange): Event[] {
  const out: Event[] = [];
  for (const e of range.events ?? []) {
    // Each event holds exactly one key; a malformed one with several is read key by key.
    for (const kind of ['introduced', 'fixed', 'last_affected', 'limit'] as const) {
      const v = e[kind];
      if (typeof v === 'string') out.push({ kind, version: v });
    }
  }
  return out;
}

/** `introduced: "0"` sorts before every version, whatever the scheme thinks of the string "0". */
function sortEvents(events: Event[], cmp: Versioning['compare']): Event[] {
  const key = (e: Event) => e.kind === 'introduced' && e.version === '0';
  return events.sort((a, b) => {
    const za = key(a);
    const zb = key(b);
    if (za || zb) return za === zb ? 0 : za ? -1 : 1;
    return cmp(a.version, b.version) || TIE[a.kind] - TIE[b.kind];
  });
}

/**
 * Walks one SEMVER or ECOSYSTEM range for `version`. Returns undefined when it is not affected, else the fixed
 * version that closes the interval it is in (undefined inside the result when the interval never closes).
 */
export function walkRange(
  range: OsvRange,
  version: string,
  v: Versioning,
): { fixed: string | undefined } | undefined {
  const events = sortEvents(eventsOf(range), v.compare);
  let affected = false;
  let limited = false;
  for (const e of events) {
    const atOrAbove =
      e.kind === 'introduced' && e.version === '0' ? true : v.compare(version, e.version) >= 0;
    switch (e.kind) {
      case 'introduced':
        if (atOrAbove) affected = true;
        break;
      case 'fixed':
        if (atOrAbove) affected = false;
        break;
      case 'last_affected':
        if (v.compare(version, e.version) > 0) affected = false;
        break;
      case 'limit':
        if (atOrAbove) limited = true;
        break;
    }
  }
  if (!affected || limited) return undefined;
  // The interval's end: the first fixed (or last_affected) above the version, in sorted order.
  const end = events.find(
    (e) =>
      (e.kind === 'fixed' && v.compare(version, e.version) < 0) ||
      (e.kind === 'last_affected' && v.compare(version, e.version) <= 0),
  );
  return { fixed: end?.kind === 'fixed' ? end.version : undefined };
}

/**
 * Whether `version` is affected by one `affected[]` entry: listed in `versions[]` (compared as strings, as OSV
 * says) or inside any SEMVER/ECOSYSTEM range. GIT ranges are skipped: osv.dev expands them into `versions[]`.
 * `semver` orders SEMVER ranges; `ecosystem` orders ECOSYSTEM ranges.
 */
export function matchAffected(
  entry: OsvAffectedRanges,
  version: string,
  ecosystem: Versioning,
  semver: Versioning,
): AffectedMatch | undefined {
  const fixed = new Set<string>();
  let hit: AffectedMatch['via'] | undefined;
  for (const range of entry.ranges ?? []) {
    if (range.type !== 'SEMVER' && range.type !== 'ECOSYSTEM') continue;
    const r = walkRange(range, version, range.type === 'SEMVER' ? semver : ecosystem);
    if (!r) continue;
    hit = 'range';
    if (r.fixed !== undefined) fixed.add(r.fixed);
  }
  if (hit === undefined && (entry.versions ?? []).includes(version)) hit = 'versions';
  if (hit === undefined) return undefined;
  return { fixedVersions: [...fixed], via: hit };
}
