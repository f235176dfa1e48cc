// Debian and Ubuntu package versions ([epoch:]upstream[-revision]), ordered exactly as dpkg orders them.
// Spec: https://www.debian.org/doc/debian-policy/ch-controlfields.html#version (the algorithm is dpkg's verrevcmp).
// Written here because no maintained npm package implements it (deb-version-compare has a few hundred users).
// dpkg's comparison is defined on any string, so it applies to invalid input too: the epoch is the run of digits
// before the first colon (anything else before a colon is part of the upstream version), the revision follows
// the last hyphen.
import { compareDigits, isDigitCode, isLetterCode, sign } from './order.js';
import type { Versioning } from './types.js';

export interface DebVersion {
  /** Digits, "0" when absent. */
  epoch: string;
  upstream: string;
  /** Empty when absent: dpkg treats a missing revision like "0". */
  revision: string;
  /** Whether a hyphen was present (an empty revision after it is invalid). */
  hasRevision: boolean;
}

const INT_MAX = '2147483647';

/** dpkg strips leading and trailing blanks before parsing. */
function trimBlanks(v: string): string {
  let s = 0;
  let e = v.length;
  while (s < e && isBlank(v.charCodeAt(s))) s++;
  while (e > s && isBlank(v.charCodeAt(e - 1))) e--;
  return v.slice(s, e);
}

function isBlank(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

export function parseDeb(version: string): DebVersion {
  const s = trimBlanks(version);
  let epoch = '0';
  let rest = s;
  const colon = s.indexOf(':');
  if (colon > 0 && allDigits(s, 0, colon)) {
    epoch = s.slice(0, colon);
    rest = s.slice(colon + 1);
  }
  const hyphen = rest.lastIndexOf('-');
  if (hyphen < 0) return { epoch, upstream: rest, revision: '', hasRevision: false };
  return { epoch, upstream: rest.slice(0, hyphen), revision: rest.slice(hyphen + 1), hasRevision: true };
}

function allDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  return to > from;
}

/** What dpkg accepts without error or warning, plus Policy's "upstream starts with a digit". */
export function isValidDeb(version: string): boolean {
  const s = trimBlanks(version);
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (isBlank(s.charCodeAt(i))) return false;
  const colon = s.indexOf(':');
  if (colon >= 0) {
    if (!allDigits(s, 0, colon)) return false;
    const e = s.slice(0, colon);
    if (compareDigits(e, INT_MAX) > 0) return false;
  }
  const v = parseDeb(s);
  if (v.upstream.length === 0 || !isDigitCode(v.upstream.charCodeAt(0))) return false;
  for (let i = 0; i < v.upstream.length; i++) {
    const c = v.upstream.charCodeAt(i);
    // . + ~ - : as dpkg allows them in the upstream part (a hyphen only because a revision follows).
    if (!isDigitCode(c) && !isLetterCode(c) && c !== 46 && c !== 43 && c !== 126 && c !== 45 && c !== 58) {
      return false;
    }
  }
  if (v.hasRevision && v.revision.length === 0) return false;
  for (let i = 0; i < v.revision.length; i++) {
    const c = v.revision.charCodeAt(i);
    if (!isDigitCode(c) && !isLetterCode(c) && c !== 46 && c !== 43 && c !== 126) return false;
  }
  return true;
}

/** dpkg's weight of the character at `i` in the non-digit part: `~` first, end and digits next, letters, then the rest. */
function weight(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (isDigitCode(c)) return 0;
  if (isLetterCode(c)) return c;
  if (c === 126) return -1;
  return c + 256;
}

function digitAt(s: string, i: number): boolean {
  return i < s.length && isDigitCode(s.charCodeAt(i));
}

/** dpkg's verrevcmp: alternate non-digit runs (by weight) and digit runs (by value, of any length). */
export function compareDebPart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !digitAt(a, i)) || (j < b.length && !digitAt(b, j))) {
      const wa = weight(a, i);
      const wb = weight(b, j);
      if (wa !== wb) return wa - wb;
      i++;
      j++;
    }
    while (i < a.length && a.charCodeAt(i) === 48) i++;
    while (j < b.length && b.charCodeAt(j) === 48) j++;
    let firstDiff = 0;
    while (digitAt(a, i) && digitAt(b, j)) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (digitAt(a, i)) return 1;
    if (digitAt(b, j)) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

export function compareDeb(a: string, b: string): number {
  if (a === b) return 0;
  const x = parseDeb(a);
  const y = parseDeb(b);
  return sign(
    compareDigits(x.epoch, y.epoch) ||
      compareDebPart(x.upstream, y.upstream) ||
      compareDebPart(x.revision, y.revision),
  );
}

export const deb: Versioning = { id: 'deb', isValid: isValidDeb, compare: compareDeb };
