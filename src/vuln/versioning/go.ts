// Go module and toolchain versions: SemVer with a `v` (optional here, as OSV drops it), pseudo-versions,
// `+incompatible`, and Go release names (go1.21, 1.21rc2, go1.21.3) for the standard library (`stdlib`).
// Spec: https://go.dev/ref/mod#versions and golang.org/x/mod/semver; toolchain names: https://go.dev/doc/toolchain#version.
// Pseudo-versions (v0.0.0-20230101120000-abcdef123456) are ordinary pre-releases and sort by their timestamp;
// build metadata such as +incompatible is ignored, as x/mod/semver.Compare ignores it. A release name becomes the
// SemVer that Go's vulnerability database uses: go1.21rc2 is 1.21.0-rc.2, go1.21 and go1.21.0 are 1.21.0.
// Strings that are neither sort first, by compareNatural.
import { compareParsed, digitRunEnd, isAllDigits } from './order.js';
import { compareSemverKeys, readNumbersAndLabels, type SemverKey } from './semver.js';
import type { Versioning } from './types.js';

const PRERELEASE_WORDS = ['alpha', 'beta', 'rc'];

function hasLeadingZero(n: string): boolean {
  return n.length > 1 && n.charCodeAt(0) === 48;
}

/** A Go release name without its `go`: 1.21, 1.21.3, 1.21rc2, 1.9beta1. */
function parseToolchain(s: string): SemverKey | undefined {
  const nums: string[] = [];
  let p = 0;
  for (;;) {
    const e = digitRunEnd(s, p);
    if (e === p || hasLeadingZero(s.slice(p, e))) return undefined;
    nums.push(s.slice(p, e));
    p = e;
    if (s.charCodeAt(p) !== 46 || nums.length === 3) break;
    p++;
  }
  if (nums.length < 2 && !(nums.length === 1 && p === s.length)) return undefined;
  while (nums.length < 3) nums.push('0');
  if (p === s.length) return { nums, pre: undefined };
  const word = PRERELEASE_WORDS.find((w) => s.startsWith(w, p));
  if (word === undefined) return undefined;
  p += word.length;
  const e = digitRunEnd(s, p);
  if (e === p || e !== s.length) return undefined;
  return { nums, pre: [word, s.slice(p, e)] };
}

/** Module SemVer as x/mod/semver reads it, without requiring the `v`: shorthand v1 and v1.2 mean v1.0.0 and v1.2.0. */
function parseModule(s: string): SemverKey | undefined {
  const key = readNumbersAndLabels(s, 1, 3);
  if (key === undefined || key.nums.some(hasLeadingZero)) return undefined;
  if (key.nums.length < 3 && (key.pre !== undefined || s.includes('+'))) return undefined;
  if (key.pre?.some((id) => hasLeadingZero(id) && isAllDigits(id))) return undefined;
  while (key.nums.length < 3) key.nums.push('0');
  return key;
}

export function parseGo(version: string): SemverKey | undefined {
  const s = version.trim();
  if (s.startsWith('go')) return parseToolchain(s.slice(2));
  const body = s.startsWith('v') ? s.slice(1) : s;
  return parseModule(body) ?? parseToolchain(body);
}

export function isValidGo(version: string): boolean {
  return parseGo(version) !== undefined;
}

export function compareGo(a: string, b: string): number {
  if (a === b) return 0;
  return compareParsed(a, b, parseGo, compareSemverKeys);
}

export const go: Versioning = { id: 'go', isValid: isValidGo, compare: compareGo };
