// Python package versions (PyPI), ordered by PEP 440: epoch, release, pre, post, dev and local segments.
// Spec: https://packaging.python.org/en/latest/specifications/version-specifiers/ (the order of the `packaging`
// library's Version). Written here rather than taking @renovatebot/pep440: its 5.x needs Node 22, and ordering is
// all we need; the tests check this against Python's `packaging` where it is installed. Parsing is a hand-written
// scanner (no backtracking regular expression) that accepts every spelling PEP 440 normalizes: case, `v`, `-_.`
// separators, alpha/beta/c/pre/preview, rev/r, implicit post releases (1.0-1), omitted numbers.
// Strings that are not PEP 440 versions sort first, by compareNatural.
import {
  compareDigits,
  compareParsed,
  compareStrings,
  digitRunEnd,
  isAllDigits,
  isDigitCode,
} from './order.js';
import type { Versioning } from './types.js';

export interface Pep440Key {
  epoch: string;
  /** Release numbers with trailing zeros removed (1.0 == 1). */
  release: string[];
  /** 0 = a, 1 = b, 2 = rc, with its number; undefined when absent. */
  pre: [number, string] | undefined;
  post: string | undefined;
  dev: string | undefined;
  /** Local segments, lower-cased; undefined when absent. */
  local: string[] | undefined;
}

const PRE_LABELS: [string, number][] = [
  ['alpha', 0],
  ['beta', 1],
  ['preview', 2],
  ['pre', 2],
  ['rc', 2],
  ['a', 0],
  ['b', 1],
  ['c', 2],
];
const PRE_NAMES = PRE_LABELS.map(([l]) => l);
const POST_LABELS = ['post', 'rev', 'r'];

function isSep(c: number): boolean {
  return c === 45 || c === 95 || c === 46;
}

interface Scan {
  s: string;
  pos: number;
}

function at(sc: Scan, i = sc.pos): number {
  return i < sc.s.length ? sc.s.charCodeAt(i) : -1;
}

function readDigits(sc: Scan): string {
  const e = digitRunEnd(sc.s, sc.pos);
  const d = sc.s.slice(sc.pos, e);
  sc.pos = e;
  return d;
}

/** A label from `labels` at the position, after an optional separator; consumes it when found. */
function readLabel(sc: Scan, labels: readonly string[]): string | undefined {
  const start = isSep(at(sc)) ? sc.pos + 1 : sc.pos;
  const found = labels.find((l) => sc.s.startsWith(l, start));
  if (found !== undefined) sc.pos = start + found.length;
  return found;
}

/** The optional separator and number after a label ("0" when there is none): `a1`, `a.1`, `a-`, `a`. */
function readNumber(sc: Scan): string {
  if (isSep(at(sc))) sc.pos++;
  return isDigitCode(at(sc)) ? readDigits(sc) : '0';
}

function isZero(d: string): boolean {
  for (let i = 0; i < d.length; i++) if (d.charCodeAt(i) !== 48) return false;
  return true;
}

export function parsePep440(version: string): Pep440Key | undefined {
  const sc: Scan = { s: version.trim().toLowerCase(), pos: 0 };
  if (at(sc) === 118) sc.pos++;
  let epoch = '0';
  const lead = readDigits(sc);
  if (lead.length === 0) return undefined;
  const release = [lead];
  if (at(sc) === 33) {
    epoch = lead;
    sc.pos++;
    const first = readDigits(sc);
    if (first.length === 0) return undefined;
    release[0] = first;
  }
  while (at(sc) === 46 && isDigitCode(at(sc, sc.pos + 1))) {
    sc.pos++;
    release.push(readDigits(sc));
  }
  while (release.length > 0 && isZero(release[release.length - 1]!)) release.pop();

  let pre: [number, string] | undefined;
  const preLabel = readLabel(sc, PRE_NAMES);
  if (preLabel !== undefined) {
    const rank = PRE_LABELS.find(([l]) => l === preLabel)![1];
    pre = [rank, readNumber(sc)];
  }

  let post: string | undefined;
  if (at(sc) === 45 && isDigitCode(at(sc, sc.pos + 1))) {
    sc.pos++;
    post = readDigits(sc);
  } else if (readLabel(sc, POST_LABELS) !== undefined) {
    post = readNumber(sc);
  }

  let dev: string | undefined;
  if (readLabel(sc, ['dev']) !== undefined) dev = readNumber(sc);

  let local: string[] | undefined;
  if (at(sc) === 43) {
    local = sc.s.slice(sc.pos + 1).split(/[-_.]/);
    for (const part of local) {
      if (part.length === 0) return undefined;
      for (let i = 0; i < part.length; i++) {
        const c = part.charCodeAt(i);
        if (!isDigitCode(c) && !(c >= 97 && c <= 122)) return undefined;
      }
    }
    sc.pos = sc.s.length;
  }
  if (sc.pos !== sc.s.length) return undefined;
  return { epoch, release, pre, post, dev, local };
}

/** Compares optional values where a missing one sorts `missing` (-1: first, 1: last). */
function optional<T>(
  a: T | undefined,
  b: T | undefined,
  missing: -1 | 1,
  cmp: (x: T, y: T) => number,
): number {
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    return a === undefined ? missing : -missing;
  }
  return cmp(a, b);
}

function compareLocalPart(a: string, b: string): number {
  // A numeric segment sorts after an alphanumeric one.
  const na = isAllDigits(a);
  const nb = isAllDigits(b);
  if (na && nb) return compareDigits(a, b);
  if (na !== nb) return na ? 1 : -1;
  return compareStrings(a, b);
}

function compareLists(a: string[], b: string[], cmp: (x: string, y: string) => number): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const r = cmp(a[i]!, b[i]!);
    if (r !== 0) return r;
  }
  return a.length - b.length;
}

export function comparePep440Keys(a: Pep440Key, b: Pep440Key): number {
  const r = compareDigits(a.epoch, b.epoch) || compareLists(a.release, b.release, compareDigits);
  if (r !== 0) return r;
  // A dev release of a final version (1.0.dev1) sorts before its pre-releases; a final one after them.
  const preRank = (k: Pep440Key) =>
    k.pre !== undefined ? 0 : k.post === undefined && k.dev !== undefined ? -1 : 1;
  const pr = preRank(a) - preRank(b);
  if (pr !== 0) return pr;
  if (a.pre !== undefined && b.pre !== undefined) {
    const p = a.pre[0] - b.pre[0] || compareDigits(a.pre[1], b.pre[1]);
    if (p !== 0) return p;
  }
  return (
    optional(a.post, b.post, -1, compareDigits) ||
    optional(a.dev, b.dev, 1, compareDigits) ||
    optional(a.local, b.local, -1, (x, y) => compareLists(x, y, compareLocalPart))
  );
}

export function isValidPep440(version: string): boolean {
  return parsePep440(version) !== undefined;
}

export function comparePep440(a: string, b: string): number {
  if (a === b) return 0;
  return compareParsed(a, b, parsePep440, comparePep440Keys);
}

export const pep440: Versioning = { id: 'pep440', isValid: isValidPep440, compare: comparePep440 };
