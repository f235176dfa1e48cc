// NuGet package versions: SemVer 2.0 with up to four numbers (1.2.3.4), case-insensitive pre-release labels,
// build metadata ignored. Spec: https://learn.microsoft.com/nuget/concepts/package-versioning (NuGet.Versioning's
// VersionComparer). Missing numbers are 0 (1.0 == 1.0.0.0), numbers may have leading zeros (1.01 == 1.1).
// A label is numeric when it is all digits and fits an int, as NuGet's int.TryParse decides; numeric labels sort
// before alphanumeric ones, which compare ordinally ignoring case. Strings that are not NuGet versions sort first,
// by compareNatural.
import { compareDigits, compareParsed, compareStrings, isAllDigits } from './order.js';
import { readNumbersAndLabels, type SemverKey } from './semver.js';
import type { Versioning } from './types.js';

const INT_MAX = '2147483647';

export function parseNuget(version: string): SemverKey | undefined {
  const key = readNumbersAndLabels(version.trim(), 1, 4);
  if (key === undefined) return undefined;
  while (key.nums.length < 4) key.nums.push('0');
  return key;
}

function isNumericLabel(l: string): boolean {
  return isAllDigits(l) && compareDigits(l, INT_MAX) <= 0;
}

function compareLabels(a: string, b: string): number {
  const na = isNumericLabel(a);
  const nb = isNumericLabel(b);
  if (na && nb) return compareDigits(a, b);
  if (na !== nb) return na ? -1 : 1;
  return compareStrings(a.toUpperCase(), b.toUpperCase());
}

export function compareNugetKeys(a: SemverKey, b: SemverKey): number {
  for (let i = 0; i < 4; i++) {
    const r = compareDigits(a.nums[i]!, b.nums[i]!);
    if (r !== 0) return r;
  }
  if (a.pre === undefined || b.pre === undefined) {
    if (a.pre === b.pre) return 0;
    return a.pre === undefined ? 1 : -1;
  }
  const m = Math.min(a.pre.length, b.pre.length);
  for (let i = 0; i < m; i++) {
    const r = compareLabels(a.pre[i]!, b.pre[i]!);
    if (r !== 0) return r;
  }
  return a.pre.length - b.pre.length;
}

export function isValidNuget(version: string): boolean {
  return parseNuget(version) !== undefined;
}

export function compareNuget(a: string, b: string): number {
  if (a === b) return 0;
  return compareParsed(a, b, parseNuget, compareNugetKeys);
}

export const nuget: Versioning = { id: 'nuget', isValid: isValidNuget, compare: compareNuget };
