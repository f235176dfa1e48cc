// Maven versions, ordered as Maven 3.9's ComparableVersion orders them (the order Maven itself resolves with).
// Spec: https://maven.apache.org/pom.html#version-order-specification. No maintained npm package implements it,
// so it is written here; the tests check it against Maven's own ComparableVersion where Java and the jar exist.
// The version splits on `.`, `-` and digit/letter transitions into numbers and qualifiers; a `-` (or a transition,
// or a qualifier after a dot) opens a nested list; trailing zeros and release qualifiers are dropped from each list.
// Qualifiers: alpha (a1) < beta (b1) < milestone (m1) < rc = cr < snapshot < "" = ga = final = release < sp <
// other words (alphabetically, case-insensitive). ComparableVersion accepts any string, so every string is
// ordered that way, except strings longer than MAX_MAVEN_LENGTH (their nesting depth is unbounded): those sort
// first, by compareNatural. Only ASCII digits count as digits (Java also takes other Unicode digits).
import { compareDigits, compareNatural, compareStrings, isDigitCode, sign } from './order.js';
import type { Versioning } from './types.js';

export const MAX_MAVEN_LENGTH = 1024;

type Item =
  | { kind: 'number'; digits: string }
  | { kind: 'word'; value: string }
  | { kind: 'list'; items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const RELEASE_RANK = String(QUALIFIERS.indexOf(''));
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const SHORT: Record<string, string> = { a: 'alpha', b: 'beta', m: 'milestone' };

function word(value: string, followedByDigit: boolean): Item {
  let v = value;
  if (followedByDigit && v.length === 1 && Object.hasOwn(SHORT, v)) v = SHORT[v]!;
  if (Object.hasOwn(ALIASES, v)) v = ALIASES[v]!;
  return { kind: 'word', value: v };
}

function number(digits: string): Item {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  return { kind: 'number', digits: digits.slice(i) };
}

function item(isDigit: boolean, text: string): Item {
  return isDigit ? number(text) : word(text, false);
}

/** A qualifier's sort key: its index among the known ones, or "7-word" after them (compared as text). */
function rank(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i < 0 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function isNull(it: Item): boolean {
  if (it.kind === 'number') return it.digits === '0';
  if (it.kind === 'word') return rank(it.value) === RELEASE_RANK;
  return it.items.length === 0;
}

export function parseMaven(version: string): Item {
  const s = version.toLowerCase();
  const root: Item & { kind: 'list' } = { kind: 'list', items: [] };
  const lists = [root];
  let list = root;
  const open = () => {
    const next: Item & { kind: 'list' } = { kind: 'list', items: [] };
    list.items.push(next);
    lists.push(next);
    list = next;
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 || c === 45) {
      list.items.push(i === start ? number('0') : item(isDigit, s.slice(start, i)));
      start = i + 1;
      if (c === 45) open();
    } else if (isDigitCode(c)) {
      if (!isDigit && i > start) {
        // A word followed by digits (rc1, .X1): the word and its number go into lists of their own.
        if (list.items.length > 0) open();
        list.items.push(word(s.slice(start, i), true));
        start = i;
        open();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(number(s.slice(start, i)));
        start = i;
        open();
      }
      isDigit = false;
    }
  }
  if (s.length > start) {
    // A trailing qualifier after a dot is treated like one after a hyphen (1.0.0.X1 < 1.0.0-X2).
    if (!isDigit && list.items.length > 0) open();
    list.items.push(item(isDigit, s.slice(start)));
  }
  // Innermost lists first, so an emptied inner list counts as a null item of its parent.
  for (let k = lists.length - 1; k >= 0; k--) normalize(lists[k]!);
  return root;
}

/** Drops trailing null items (0, release qualifiers, empty lists), looking past non-null lists. */
function normalize(list: Item & { kind: 'list' }): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const it = list.items[i]!;
    if (isNull(it)) list.items.splice(i, 1);
    else if (it.kind !== 'list') break;
  }
}

/** ComparableVersion's Item.compareTo; `b` undefined stands for a missing item (padding). */
function compareItems(a: Item, b: Item | undefined): number {
  if (a.kind === 'number') {
    if (b === undefined) return a.digits === '0' ? 0 : 1;
    return b.kind === 'number' ? compareDigits(a.digits, b.digits) : 1;
  }
  if (a.kind === 'word') {
    if (b === undefined) return compareStrings(rank(a.value), RELEASE_RANK);
    return b.kind === 'word' ? compareStrings(rank(a.value), rank(b.value)) : -1;
  }
  if (b === undefined) {
    for (const it of a.items) {
      const r = compareItems(it, undefined);
      if (r !== 0) return r;
    }
    return 0;
  }
  if (b.kind === 'number') return -1;
  if (b.kind === 'word') return 1;
  const n = Math.max(a.items.length, b.items.length);
  for (let i = 0; i < n; i++) {
    const l = a.items[i];
    const r = b.items[i];
    const c = l === undefined ? (r === undefined ? 0 : -compareItems(r, undefined)) : compareItems(l, r);
    if (c !== 0) return c;
  }
  return 0;
}

export function isValidMaven(version: string): boolean {
  if (version.length === 0 || version.length > MAX_MAVEN_LENGTH) return false;
  for (let i = 0; i < version.length; i++) {
    const c = version.charCodeAt(i);
    if (c <= 32 || c === 127) return false;
  }
  return true;
}

export function compareMaven(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.length > MAX_MAVEN_LENGTH;
  const lb = b.length > MAX_MAVEN_LENGTH;
  if (la || lb) return la && lb ? compareNatural(a, b) : la ? -1 : 1;
  return sign(compareItems(parseMaven(a), parseMaven(b)));
}

export const maven: Versioning = { id: 'maven', isValid: isValidMaven, compare: compareMaven };
