// Composer (Packagist) versions: normalized as Composer's VersionParser::normalize does (v prefix, four numbers,
// stability suffixes, date versions, x-dev branches), then ordered as Composer's version_compare orders them.
// Spec: https://getcomposer.org/doc/articles/versions.md and composer/semver's VersionParser. Stabilities:
// dev < alpha (a) < beta (b) < RC < stable < patch (pl, p), each with optional numbers (beta2, RC1.1) and an
// optional -dev (1.0.0-beta2-dev < 1.0.0-beta2). Branches (dev-main) sort before every numbered version, by
// name; strings Composer rejects sort before those, by compareNatural. Hand-written parsing: Composer's own
// patterns rely on PCRE possessive quantifiers that a JavaScript regular expression cannot express safely.
import {
  compareDigits,
  compareParsed,
  compareStrings,
  digitRunEnd,
  isAllDigits,
  isDigitCode,
} from './order.js';
import type { Versioning } from './types.js';

interface ComposerVersion {
  kind: 'version';
  /** Four numbers for classical versions, the date's numbers for date versions. */
  nums: string[];
  stability: number;
  /** The numbers after the stability word (beta2.1 -> 2, 1). */
  stabilityNums: string[];
  /** A -dev after a stability word (1.0.0-beta2-dev). */
  dev: boolean;
}

export type ComposerKey = { kind: 'branch'; name: string } | ComposerVersion;

// version_compare's ranks: a word it does not know, dev, alpha, beta, RC, a number (a stable release), patch.
const UNKNOWN = -1;
const DEV = 0;
const STABLE = 4;
const PATCH = 5;
const STABILITY_WORDS: [string, number][] = [
  ['stable', STABLE],
  ['beta', 2],
  ['b', 2],
  ['rc', 3],
  ['alpha', 1],
  ['a', 1],
  ['patch', PATCH],
  ['pl', PATCH],
  ['p', PATCH],
];

interface Modifier {
  stability: number;
  nums: string[];
  dev: boolean;
}

/**
 * Composer's modifier: `[._-]?(stability([.-]?N)*)?([.-]?dev)?` up to the end. `s` is lower-cased, `orig` is the
 * same text as written: Composer drops only a lower-case `stable`; any other spelling stays in the normalized
 * version as a word version_compare does not know, which sorts below everything.
 */
function parseModifier(s: string, orig: string): Modifier | undefined {
  if (s.length === 0) return { stability: STABLE, nums: [], dev: false };
  const c0 = s.charCodeAt(0);
  const starts = c0 === 46 || c0 === 95 || c0 === 45 ? [1, 0] : [0];
  for (const start of starts) {
    const m = parseModifierAt(s, orig, start);
    if (m !== undefined) return m;
  }
  return undefined;
}

function isDevTail(s: string, p: number): boolean {
  const c = s.charCodeAt(p);
  const q = c === 46 || c === 45 ? p + 1 : p;
  return s.slice(q) === 'dev';
}

function parseModifierAt(s: string, orig: string, start: number): Modifier | undefined {
  const found = STABILITY_WORDS.find(([w]) => s.startsWith(w, start));
  if (found === undefined) {
    // No stability: only a -dev suffix (or nothing) may follow.
    if (start === s.length) return { stability: STABLE, nums: [], dev: false };
    return isDevTail(s, start) ? { stability: DEV, nums: [], dev: false } : undefined;
  }
  let p = start + found[0].length;
  const nums: string[] = [];
  for (;;) {
    const c = s.charCodeAt(p);
    const q = (c === 46 || c === 45) && isDigitCode(s.charCodeAt(p + 1)) ? p + 1 : p;
    const e = digitRunEnd(s, q);
    if (e === q) break;
    nums.push(s.slice(q, e));
    p = e;
  }
  let dev = false;
  if (p < s.length) {
    if (!isDevTail(s, p)) return undefined;
    dev = true;
  }
  if (found[1] === STABLE) {
    // Composer returns a version with a lower-case "stable" as it is, without numbers or -dev.
    if (orig.startsWith('stable', start)) return { stability: STABLE, nums: [], dev: false };
    return { stability: UNKNOWN, nums, dev };
  }
  return { stability: found[1], nums, dev };
}

/** `v?N{1,5}(.N)?(.N)?(.N)?` + modifier, padded to four numbers. */
function parseClassical(orig: string): ComposerKey | undefined {
  const s = orig.toLowerCase();
  let p = s.charCodeAt(0) === 118 ? 1 : 0;
  const e = digitRunEnd(s, p);
  if (e === p || e - p > 5) return undefined;
  const nums = [s.slice(p, e)];
  p = e;
  while (nums.length < 4 && s.charCodeAt(p) === 46 && isDigitCode(s.charCodeAt(p + 1))) {
    const f = digitRunEnd(s, p + 1);
    nums.push(s.slice(p + 1, f));
    p = f;
  }
  while (nums.length < 4) nums.push('0');
  const m = parseModifier(s.slice(p), orig.slice(p));
  return m && { kind: 'version', nums, stability: m.stability, stabilityNums: m.nums, dev: m.dev };
}

// Bounded repetition on at most 40 characters: cannot backtrack far.
const DATE = /^v?\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3}){0,2}$/;

/** Date versions (20230101, 2023-01-01.5): the longest prefix that is a date and leaves a valid modifier. */
function parseDate(orig: string): ComposerKey | undefined {
  const s = orig.toLowerCase();
  let p = s.charCodeAt(0) === 118 ? 1 : 0;
  const ends: number[] = [];
  while (p < s.length && p <= 40) {
    const c = s.charCodeAt(p);
    if (!isDigitCode(c) && c !== 46 && c !== 58 && c !== 45) break;
    p++;
    if (isDigitCode(c) && !isDigitCode(s.charCodeAt(p))) ends.push(p);
  }
  for (let k = ends.length - 1; k >= 0; k--) {
    const head = s.slice(0, ends[k]);
    if (!DATE.test(head)) continue;
    const m = parseModifier(s.slice(ends[k]), orig.slice(ends[k]));
    if (m === undefined) continue;
    const nums = head.replace(/^v/, '').split(/\D/);
    return { kind: 'version', nums, stability: m.stability, stabilityNums: m.nums, dev: m.dev };
  }
  return undefined;
}

/** `1.x-dev`, `2.1.*-dev`: a branch alias that stands for the highest version of the series. */
function parseNumberedBranch(s: string): ComposerKey | undefined {
  if (!s.endsWith('dev')) return undefined;
  let base = s.slice(0, -3);
  if (base.endsWith('.') || base.endsWith('-')) base = base.slice(0, -1);
  base = base.trim();
  const parts = (base.startsWith('v') ? base.slice(1) : base).split('.');
  if (parts.length > 4 || !isAllDigits(parts[0] ?? '')) return undefined;
  const nums: string[] = [];
  for (const part of parts) {
    if (isAllDigits(part)) nums.push(part);
    else if (part === 'x' || part === '*') nums.push('9999999');
    else return undefined;
  }
  while (nums.length < 4) nums.push('9999999');
  return { kind: 'version', nums, stability: DEV, stabilityNums: [], dev: false };
}

export function parseComposer(version: string): ComposerKey | undefined {
  let s = version.trim();
  // "1.0.x-dev as 1.0.0": the alias is for the solver; the version is the first part.
  const alias = s.split(/ +/);
  if (alias.length === 3 && alias[1] === 'as' && !/[,\s]/.test(alias[0]!) && !/[,\s]/.test(alias[2]!)) {
    s = alias[0]!;
  }
  const at = s.lastIndexOf('@');
  if (at >= 0 && ['stable', 'rc', 'beta', 'alpha', 'dev'].includes(s.slice(at + 1).toLowerCase())) {
    s = s.slice(0, at);
  }
  if (s === 'master' || s === 'trunk' || s === 'default') return { kind: 'branch', name: s };
  if (s.toLowerCase().startsWith('dev-')) return { kind: 'branch', name: s.slice(4) };
  const plus = s.indexOf('+');
  if (plus > 0 && !/[,\s]/.test(s)) s = s.slice(0, plus);
  return parseClassical(s) ?? parseDate(s) ?? parseNumberedBranch(s.toLowerCase());
}

function compareNumbers(a: ComposerVersion, b: ComposerVersion): number {
  const n = Math.min(a.nums.length, b.nums.length);
  for (let i = 0; i < n; i++) {
    const r = compareDigits(a.nums[i]!, b.nums[i]!);
    if (r !== 0) return r;
  }
  if (a.nums.length === b.nums.length) return 0;
  // version_compare meets a number on the longer side and the shorter side's stability word (or its end):
  // only a patch level beats a number.
  const shorter = a.nums.length < b.nums.length ? a : b;
  const r = shorter.stability === PATCH ? 1 : -1;
  return shorter === a ? r : -r;
}

export function compareComposerKeys(a: ComposerKey, b: ComposerKey): number {
  if (a.kind === 'branch') return b.kind === 'branch' ? compareStrings(a.name, b.name) : -1;
  if (b.kind === 'branch') return 1;
  const r = compareNumbers(a, b) || a.stability - b.stability;
  if (r !== 0) return r;
  const m = Math.min(a.stabilityNums.length, b.stabilityNums.length);
  for (let i = 0; i < m; i++) {
    const c = compareDigits(a.stabilityNums[i]!, b.stabilityNums[i]!);
    if (c !== 0) return c;
  }
  if (a.stabilityNums.length !== b.stabilityNums.length)
    return a.stabilityNums.length - b.stabilityNums.length;
  return a.dev === b.dev ? 0 : a.dev ? -1 : 1;
}

export function isValidComposer(version: string): boolean {
  return parseComposer(version) !== undefined;
}

export function compareComposer(a: string, b: string): number {
  if (a === b) return 0;
  return compareParsed(a, b, parseComposer, compareComposerKeys);
}

export const packagist: Versioning = { id: 'packagist', isValid: isValidComposer, compare: compareComposer };
