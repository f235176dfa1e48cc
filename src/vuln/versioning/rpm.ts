// RPM package versions ([epoch:]version[-release]) for Red Hat, Rocky, Alma, SUSE, Mageia, Photon and kin.
// Algorithm: rpm's rpmvercmp (rpmio/rpmvercmp.c) per field, and rpmverCmp (lib/rpmver.c, rpm >= 4.17) for E:V-R,
// https://rpm-software-management.github.io/rpm/manual/dependencies.html#versioning. Written here because no
// maintained npm package implements it. Defined on any string, so invalid input follows the same rules: the epoch
// is a run of digits before a colon (an empty one counts as 0), the release follows the last hyphen, and a missing
// release sorts before any release (as rpm.vercmp does), so `1.0 < 1.0-1`.
import { compareDigits, compareStrings, isDigitCode, isLetterCode, sign } from './order.js';
import type { Versioning } from './types.js';

export interface RpmVersion {
  /** Digits, or undefined when the string has no `epoch:` prefix (compared as 0). */
  epoch: string | undefined;
  version: string;
  release: string | undefined;
}

export function parseRpm(evr: string): RpmVersion {
  let k = 0;
  while (k < evr.length && isDigitCode(evr.charCodeAt(k))) k++;
  let epoch: string | undefined;
  let rest = evr;
  if (evr.charCodeAt(k) === 58) {
    epoch = k === 0 ? '0' : evr.slice(0, k);
    rest = evr.slice(k + 1);
  }
  const hyphen = rest.lastIndexOf('-');
  if (hyphen < 0) return { epoch, version: rest, release: undefined };
  return { epoch, version: rest.slice(0, hyphen), release: rest.slice(hyphen + 1) };
}

function isVersionChar(c: number): boolean {
  // What rpmbuild accepts in Version and Release: alphanumerics and . _ + ~ ^ (% { } only inside macros).
  return isDigitCode(c) || isLetterCode(c) || c === 46 || c === 95 || c === 43 || c === 126 || c === 94;
}

function isValidField(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isVersionChar(s.charCodeAt(i))) return false;
  return true;
}

export function isValidRpm(evr: string): boolean {
  const colon = evr.indexOf(':');
  if (colon >= 0) {
    for (let i = 0; i < colon; i++) if (!isDigitCode(evr.charCodeAt(i))) return false;
    if (colon === 0) return false;
  }
  const v = parseRpm(evr);
  return isValidField(v.version) && (v.release === undefined || isValidField(v.release));
}

function isSegmentChar(c: number): boolean {
  return isDigitCode(c) || isLetterCode(c) || c === 126 || c === 94;
}

/**
 * rpmvercmp: skip separators, `~` sorts before anything (even the end), `^` after the end but before anything
 * else, then alternating numeric (by value) and alphabetic (by code units) segments; numeric beats alphabetic.
 */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isSegmentChar(a.charCodeAt(i))) i++;
    while (j < b.length && !isSegmentChar(b.charCodeAt(j))) j++;
    const ca = i < a.length ? a.charCodeAt(i) : -1;
    const cb = j < b.length ? b.charCodeAt(j) : -1;
    if (ca === 126 || cb === 126) {
      if (ca !== 126) return 1;
      if (cb !== 126) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === 94 || cb === 94) {
      if (ca === -1) return -1;
      if (cb === -1) return 1;
      if (ca !== 94) return 1;
      if (cb !== 94) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === -1 || cb === -1) break;
    const numeric = isDigitCode(ca);
    let ei = i;
    let ej = j;
    if (numeric) {
      while (ei < a.length && isDigitCode(a.charCodeAt(ei))) ei++;
      while (ej < b.length && isDigitCode(b.charCodeAt(ej))) ej++;
    } else {
      while (ei < a.length && isLetterCode(a.charCodeAt(ei))) ei++;
      while (ej < b.length && isLetterCode(b.charCodeAt(ej))) ej++;
    }
    // The segments differ in kind: a number is newer than letters.
    if (ej === j) return numeric ? 1 : -1;
    const sa = a.slice(i, ei);
    const sb = b.slice(j, ej);
    const r = numeric ? compareDigits(sa, sb) : compareStrings(sa, sb);
    if (r !== 0) return r;
    i = ei;
    j = ej;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** A missing field sorts before a present one, as in rpm's compare_values. */
function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === undefined) return b === undefined ? 0 : -1;
  if (b === undefined) return 1;
  return rpmvercmp(a, b);
}

export function compareRpm(a: string, b: string): number {
  if (a === b) return 0;
  const x = parseRpm(a);
  const y = parseRpm(b);
  return sign(
    rpmvercmp(x.epoch ?? '0', y.epoch ?? '0') ||
      rpmvercmp(x.version, y.version) ||
      compareOptional(x.release, y.release),
  );
}

export const rpm: Versioning = { id: 'rpm', isValid: isValidRpm, compare: compareRpm };
