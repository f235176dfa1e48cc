// SemVer 2.0.0 versions for npm, crates.io, Hex, Pub and other SemVer ecosystems, with a lenient reading of near-misses.
// Spec: https://semver.org/spec/v2.0.0.html#spec-item-11. Validity is the `semver` package's (npm's own parser).
// The order is computed here on digit strings rather than with semver.compare, which turns numeric pre-release
// identifiers into floats (1.0.0-9007199254740993 == 1.0.0-9007199254740992 there); for valid versions the two
// agree, and the tests check that against the package. Strings that are not SemVer but read as numbers with
// optional pre-release and build parts (`1.2`, `v1.2.3.4`, `01.2.3`) are ordered among the valid versions with
// missing numbers as zero; anything else sorts first, by compareNatural.
import semverPackage from 'semver';
import {
  compareDigits,
  compareParsed,
  compareStrings,
  digitRunEnd,
  isAllDigits,
  isDigitCode,
  isLetterCode,
} from './order.js';
import type { Versioning } from './types.js';

export interface SemverKey {
  /** Release numbers as digit strings (MAJOR, MINOR, PATCH, and more in lenient readings). */
  nums: string[];
  /** Pre-release identifiers, undefined for a release. Build metadata is dropped: it never affects order. */
  pre: string[] | undefined;
}

function isIdentifierChar(c: number): boolean {
  return isDigitCode(c) || isLetterCode(c) || c === 45;
}

/** Splits `s` on dots into non-empty identifiers of [0-9A-Za-z-], or undefined. */
export function splitIdentifiers(s: string): string[] | undefined {
  const out = s.split('.');
  for (const id of out) {
    if (id.length === 0) return undefined;
    for (let i = 0; i < id.length; i++) if (!isIdentifierChar(id.charCodeAt(i))) return undefined;
  }
  return out;
}

/**
 * Reads `NUM(.NUM)*[-PRE][+BUILD]` from `s` (already stripped of any prefix), with `minNums`..`maxNums` numbers.
 * Returns undefined when `s` does not have that shape.
 */
export function readNumbersAndLabels(s: string, minNums: number, maxNums: number): SemverKey | undefined {
  const nums: string[] = [];
  let p = 0;
  for (;;) {
    const e = digitRunEnd(s, p);
    if (e === p) return undefined;
    nums.push(s.slice(p, e));
    p = e;
    if (s.charCodeAt(p) !== 46 || nums.length >= maxNums) break;
    p++;
  }
  if (nums.length < minNums) return undefined;
  let pre: string[] | undefined;
  const plus = s.indexOf('+', p);
  const end = plus < 0 ? s.length : plus;
  if (s.charCodeAt(p) === 45) {
    pre = splitIdentifiers(s.slice(p + 1, end));
    if (pre === undefined) return undefined;
  } else if (p !== end) {
    return undefined;
  }
  if (plus >= 0 && splitIdentifiers(s.slice(plus + 1)) === undefined) return undefined;
  return { nums, pre };
}

/** SemVer precedence of pre-release identifiers: numeric ones by value, below alphanumeric ones (by code units). */
export function compareIdentifiers(a: string, b: string): number {
  const na = isAllDigits(a);
  const nb = isAllDigits(b);
  if (na && nb) return compareDigits(a, b);
  if (na !== nb) return na ? -1 : 1;
  return compareStrings(a, b);
}

export function compareSemverKeys(a: SemverKey, b: SemverKey): number {
  const n = Math.max(a.nums.length, b.nums.length);
  for (let i = 0; i < n; i++) {
    const r = compareDigits(a.nums[i] ?? '0', b.nums[i] ?? '0');
    if (r !== 0) return r;
  }
  if (a.pre === undefined || b.pre === undefined) {
    if (a.pre === b.pre) return 0;
    return a.pre === undefined ? 1 : -1;
  }
  const m = Math.min(a.pre.length, b.pre.length);
  for (let i = 0; i < m; i++) {
    const r = compareIdentifiers(a.pre[i]!, b.pre[i]!);
    if (r !== 0) return r;
  }
  return a.pre.length - b.pre.length;
}

function stripPrefix(v: string): string {
  let s = v.trim();
  let p = 0;
  // npm's loose form allows leading `v` and `=`; neither changes the version.
  while (p < s.length && (s[p] === 'v' || s[p] === 'V' || s[p] === '=')) p++;
  s = s.slice(p).trim();
  return s;
}

export function parseSemverLenient(v: string): SemverKey | undefined {
  return readNumbersAndLabels(stripPrefix(v), 1, Number.POSITIVE_INFINITY);
}

export function isValidSemver(v: string): boolean {
  return semverPackage.valid(v) !== null;
}

export function compareSemver(a: string, b: string): number {
  if (a === b) return 0;
  return compareParsed(a, b, parseSemverLenient, compareSemverKeys);
}

export const semver: Versioning = { id: 'semver', isValid: isValidSemver, compare: compareSemver };
