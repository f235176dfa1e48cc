// RubyGems versions, ordered as Gem::Version orders them (a version with a letter is a pre-release: 1.0.0.pre < 1).
// Spec: https://guides.rubygems.org/patterns/#prerelease-gems and rubygems/version.rb (Gem::Version#<=>), written
// here because the npm port (@renovatebot/ruby-semver) also brings Ruby's requirement syntax we do not need.
// Segments are runs of digits (by value) or letters (by bytes); a `-` means `.pre.`; trailing zeros are dropped
// from the numeric head and from the pre-release tail; missing segments count as 0 and a letter segment sorts
// before any number. An empty string is version 0, as in Ruby. Strings outside Gem::Version's grammar sort
// first, by compareNatural.
import { compareDigits, compareParsed, compareStrings, isDigitCode, isLetterCode } from './order.js';
import type { Versioning } from './types.js';

/** A segment: a run of digits (a number) or of letters (a word); plain strings keep long versions cheap. */
type Segment = string;

function isNumeric(seg: Segment): boolean {
  return isDigitCode(seg.charCodeAt(0));
}

function isRubySpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isAlnum(c: number): boolean {
  return isDigitCode(c) || isLetterCode(c);
}

/** Gem::Version's grammar: `N(.ALNUM)*[-PRE(.PRE)*]` with PRE of [0-9A-Za-z-], or blank. */
function matchesGrammar(s: string): boolean {
  if (s.length === 0) return true;
  let p = 0;
  while (p < s.length && isDigitCode(s.charCodeAt(p))) p++;
  if (p === 0) return false;
  while (s.charCodeAt(p) === 46 && isAlnum(s.charCodeAt(p + 1))) {
    p++;
    while (p < s.length && isAlnum(s.charCodeAt(p))) p++;
  }
  if (p === s.length) return true;
  if (s.charCodeAt(p) !== 45) return false;
  for (const part of s.slice(p + 1).split('.')) {
    if (part.length === 0) return false;
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      if (!isAlnum(c) && c !== 45) return false;
    }
  }
  return true;
}

function trimRuby(v: string): string {
  let s = 0;
  let e = v.length;
  while (s < e && isRubySpace(v.charCodeAt(s))) s++;
  while (e > s && isRubySpace(v.charCodeAt(e - 1))) e--;
  return v.slice(s, e);
}

function isZero(seg: Segment): boolean {
  for (let i = 0; i < seg.length; i++) if (seg.charCodeAt(i) !== 48) return false;
  return true;
}

function dropTrailingZeros(segs: Segment[]): Segment[] {
  let n = segs.length;
  while (n > 0 && isZero(segs[n - 1]!)) n--;
  return segs.slice(0, n);
}

/** Gem::Version#canonical_segments, or undefined when `version` is not a gem version. */
export function parseGem(version: string): Segment[] | undefined {
  const s = trimRuby(version);
  if (!matchesGrammar(s)) return undefined;
  const body = s.length === 0 ? '0' : s;
  const segs: Segment[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body.charCodeAt(i);
    let e = i + 1;
    if (isDigitCode(c)) {
      while (e < body.length && isDigitCode(body.charCodeAt(e))) e++;
      segs.push(body.slice(i, e));
    } else if (isLetterCode(c)) {
      while (e < body.length && isLetterCode(body.charCodeAt(e))) e++;
      segs.push(body.slice(i, e));
    } else if (c === 45) {
      // Ruby rewrites "-" as ".pre." before splitting.
      segs.push('pre');
    }
    i = e;
  }
  const firstWord = segs.findIndex((g) => !isNumeric(g));
  if (firstWord < 0) return dropTrailingZeros(segs);
  return dropTrailingZeros(segs.slice(0, firstWord)).concat(dropTrailingZeros(segs.slice(firstWord)));
}

const ZERO: Segment = '0';

export function compareGemSegments(a: Segment[], b: Segment[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const l = a[i] ?? ZERO;
    const r = b[i] ?? ZERO;
    const ln = isNumeric(l);
    if (ln !== isNumeric(r)) return ln ? 1 : -1;
    const c = ln ? compareDigits(l, r) : compareStrings(l, r);
    if (c !== 0) return c;
  }
  return 0;
}

export function isValidGem(version: string): boolean {
  return parseGem(version) !== undefined;
}

export function compareGem(a: string, b: string): number {
  if (a === b) return 0;
  return compareParsed(a, b, parseGem, compareGemSegments);
}

export const rubygems: Versioning = { id: 'rubygems', isValid: isValidGem, compare: compareGem };
