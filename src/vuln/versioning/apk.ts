// Alpine, Wolfi and Chainguard package versions (1.2.3a_rc1_p2~abc123-r4), ordered as apk-tools 2.14/3 orders them.
// Spec: apk-tools src/version.c and test/version.data (https://gitlab.alpinelinux.org/alpine/apk-tools), a
// Gentoo-style grammar: digits{.digits}[letter]{_suffix[digits]}[~hash][-r digits]. Written here because no npm
// package implements it. apk orders any string: tokens are compared until one side's grammar breaks, and an
// invalid tail sorts below everything (below the end of a valid version); two invalid tails after equal prefixes
// are ordered by their text, which apk leaves equal.
import { compareDigits, compareStrings, digitRunEnd, isDigitCode, sign } from './order.js';
import type { Versioning } from './types.js';

// Token kinds in apk's order; where two versions first differ in kind, the greater kind is the smaller version.
const INITIAL = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const HASH = 5;
const REVISION = 6;
const END = 7;
const INVALID = 8;

// Suffix ranks: the pre-release ones sort below a version without them, the others above.
const SUFFIXES: Record<string, number> = {
  alpha: 1,
  beta: 2,
  pre: 3,
  rc: 4,
  cvs: 6,
  svn: 7,
  git: 8,
  hg: 9,
  p: 10,
};
const SUFFIX_NONE = 5;

interface Token {
  kind: number;
  /** The token's text: digits, letter, suffix name, hash, or for INVALID the unparsed rest. */
  text: string;
  suffix: number;
}

/** Reads the next token from `s` at `pos` after a token of kind `prev`; returns the token and the new position. */
function nextToken(s: string, pos: number, prev: number): [Token, number] {
  if (pos >= s.length) return [{ kind: END, text: '', suffix: 0 }, pos];
  const invalid: [Token, number] = [{ kind: INVALID, text: s.slice(pos), suffix: 0 }, s.length];
  const c = s.charCodeAt(pos);
  if (c >= 97 && c <= 122) {
    if (prev > DIGIT) return invalid;
    return [{ kind: LETTER, text: s[pos]!, suffix: 0 }, pos + 1];
  }
  if (c === 46 || isDigitCode(c)) {
    let p = pos;
    if (c === 46) {
      if (prev > DIGIT) return invalid;
      p++;
    }
    let kind: number;
    if (prev === INITIAL || prev === DIGIT) kind = DIGIT;
    else if (prev === SUFFIX) kind = SUFFIX_NO;
    else return invalid;
    const e = digitRunEnd(s, p);
    if (e === p) return invalid;
    return [{ kind, text: s.slice(p, e), suffix: 0 }, e];
  }
  if (c === 95) {
    if (prev > SUFFIX_NO) return invalid;
    let e = pos + 1;
    while (e < s.length && s.charCodeAt(e) >= 97 && s.charCodeAt(e) <= 122) e++;
    const name = s.slice(pos + 1, e);
    const suffix = Object.hasOwn(SUFFIXES, name) ? SUFFIXES[name]! : 0;
    if (suffix === 0) return invalid;
    return [{ kind: SUFFIX, text: name, suffix }, e];
  }
  if (c === 126) {
    if (prev >= HASH) return invalid;
    let e = pos + 1;
    while (e < s.length && isHex(s.charCodeAt(e))) e++;
    if (e === pos + 1) return invalid;
    return [{ kind: HASH, text: s.slice(pos + 1, e), suffix: 0 }, e];
  }
  if (c === 45) {
    if (prev >= REVISION || s.charCodeAt(pos + 1) !== 114) return invalid;
    const e = digitRunEnd(s, pos + 2);
    if (e === pos + 2) return invalid;
    return [{ kind: REVISION, text: s.slice(pos + 2, e), suffix: 0 }, e];
  }
  return invalid;
}

function isHex(c: number): boolean {
  return isDigitCode(c) || (c >= 97 && c <= 102);
}

function firstToken(s: string): [Token, number] {
  const e = digitRunEnd(s, 0);
  if (e === 0) return [{ kind: INVALID, text: s, suffix: 0 }, s.length];
  return [{ kind: INITIAL, text: s.slice(0, e), suffix: 0 }, e];
}

/** Two tokens of the same kind. */
function compareTokens(a: Token, b: Token): number {
  switch (a.kind) {
    case DIGIT:
      // A leading zero makes apk compare the digits as text (Gentoo's rule: 1.02 < 1.1).
      if (a.text.charCodeAt(0) === 48 || b.text.charCodeAt(0) === 48) return compareStrings(a.text, b.text);
      return compareDigits(a.text, b.text);
    case INITIAL:
    case SUFFIX_NO:
    case REVISION:
      return compareDigits(a.text, b.text);
    case LETTER:
    case HASH:
    case INVALID:
      return compareStrings(a.text, b.text);
    case SUFFIX:
      return a.suffix - b.suffix;
    default:
      return 0;
  }
}

export function isValidApk(version: string): boolean {
  let [t, pos] = firstToken(version);
  while (t.kind < END) [t, pos] = nextToken(version, pos, t.kind);
  return t.kind === END;
}

export function compareApk(a: string, b: string): number {
  if (a === b) return 0;
  let [ta, pa] = firstToken(a);
  let [tb, pb] = firstToken(b);
  while (ta.kind === tb.kind) {
    const r = compareTokens(ta, tb);
    if (r !== 0) return sign(r);
    if (ta.kind >= END) return 0;
    [ta, pa] = nextToken(a, pa, ta.kind);
    [tb, pb] = nextToken(b, pb, tb.kind);
  }
  // Equal so far: a pre-release suffix makes its side older, otherwise the side that goes on is newer.
  if (ta.kind === SUFFIX && ta.suffix < SUFFIX_NONE) return -1;
  if (tb.kind === SUFFIX && tb.suffix < SUFFIX_NONE) return 1;
  return ta.kind > tb.kind ? -1 : 1;
}

export const apk: Versioning = { id: 'apk', isValid: isValidApk, compare: compareApk };
