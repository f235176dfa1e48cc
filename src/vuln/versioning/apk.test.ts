import { describe, expect, it } from 'vitest';
import { compareApk, isValidApk } from './apk.js';
import { orderViolations, type Rng, rng, sgn } from './fixtures/support.js';

// Real Alpine and Wolfi versions from secdb and OSV records; [a, expected sign, b].
const REAL: [string, -1 | 0 | 1, string][] = [
  ['1.36.1-r15', -1, '1.36.1-r20'],
  ['1.36.1-r2', -1, '1.36.1-r15'],
  ['1.2.4_git20230717-r5', -1, '1.2.5-r1'],
  ['1.2.4_git20230717-r5', 1, '1.2.4-r3'],
  ['1.2.5-r9', -1, '1.2.5-r10'],
  ['1.0.2q-r0', 1, '1.0.2p-r3'],
  ['1.0.2q-r0', -1, '1.0.2u-r0'],
  ['3.0.12-r4', 1, '3.0.12_alpha1-r0'],
  ['2.4.57_p20230101-r0', 1, '2.4.57-r0'],
  ['2.4.57_p20230101-r0', -1, '2.4.58-r0'],
  ['10.4.25-r0', -1, '10.5.16-r0'],
  ['0.9.13', -1, '1.2.3-r4'],
  ['8.4_p1-r0', 1, '8.4-r5'],
  ['9.6_p1-r0', -1, '9.7_p1-r0'],
  ['3.1.4-r5', 0, '3.1.4-r5'],
  ['1.3_rc1-r0', -1, '1.3-r0'],
  ['1.3_pre1-r1', -1, '1.3_rc1-r0'],
  ['1.3_beta2', -1, '1.3_pre1'],
  ['1.3_alpha', -1, '1.3_beta'],
  ['1.0~abc123-r1', 1, '1.0-r1'],
  ['1.0~abc123-r1', -1, '1.0_p1-r0'],
  ['1.0~abc123', -1, '1.0~abd000'],
  ['1.0.18446744073709551616', 1, '1.0.18446744073709551615'],
  ['2.38-r1', -1, '2.38.1-r0'],
];

// Pairs from apk-tools' own test data (test/version.data), which pins its behaviour.
const APK_TOOLS: [string, -1 | 0 | 1, string][] = [
  ['2.34', 1, '0.1.0_alpha'],
  ['23_foo', 1, '4_beta'],
  ['1.0', -1, '1.0bc'],
  ['0.1.0_alpha2', 1, '0.1.0_alpha'],
  ['1.1', 1, '1.1_alpha1'],
  ['2.3.0b-r1', -1, '2.3.0b-r2'],
  ['0.12.3', 1, '0.12'],
  ['1.2.12.1', -1, '1.2.13'],
  ['3.1_p16', -1, '3.1_p17'],
  ['1.06-r6', -1, '006'],
  ['006', 1, '1.0.0'],
  ['2.01.01_alpha10', 1, '0.94'],
  ['1.02.07', -1, '1.02.10-r1'],
  ['1.2.07.8', -1, '1.2.12.04'],
  ['1.07-r1', -1, '1.07.5'],
  ['20050718-r1', -1, '20050718-r2'],
  ['3.0.20060720', -1, '20060720'],
  ['2.5.1-r8', -1, '2.5.1a-r1'],
  ['0.10.0-r1', 1, '0.10.0'],
  ['0.10.0', -1, '0.10.1_rc1'],
  ['1.8.5', -1, '1.8.5_p2'],
  ['2.9.11_pre20051101-r2', -1, '2.9.11_pre20051101-r3'],
  ['0.3.4_pre20061029', -1, '0.4.0'],
  ['0.9.28.1', -1, '087-r1'],
  ['2.12r-r4', -1, '2.12r-r5'],
  ['7.0.17', -1, '7.0.174'],
  ['0.20070118', -1, '0.20070207_rc1'],
  ['1.0_p10-r0', 1, '1.0_p9-r0'],
  ['0.1.0_alpha_pre2', -1, '0.1.0_alpha'],
  ['1.0.0_pre20191002222144-r0', -1, '1.0.0_pre20210530193627-r0'],
  ['6.0_pre1', -1, '6.0'],
  ['6.1_p1', 1, '6.1'],
  ['1.3-r0', -1, '1.3.1-r0'],
  ['4.5_p1-r1', 1, '4.5_p1'],
];

describe('apk (apk-tools order)', () => {
  it.each([...REAL, ...APK_TOOLS])('%s vs %s', (a, want, b) => {
    expect(sgn(compareApk(a, b))).toBe(want);
    expect(sgn(compareApk(b, a))).toBe(want === 0 ? 0 : -want);
  });

  it('tells valid versions from invalid ones', () => {
    for (const v of [
      '1.36.1-r15',
      '2.4.57_p20230101-r0',
      '1.2.4_git20230717-r5',
      '1.0~abc123-r1',
      '006',
      '1.0a_rc1_p2',
    ]) {
      expect(isValidApk(v), v).toBe(true);
    }
    for (const v of [
      '',
      'abc',
      '1.0bc',
      '23_foo',
      '1.0-r',
      '1.0-1',
      '1.0_rc1.2',
      '1.a',
      '1.0~',
      '1.0~XYZ',
      'v1.0',
    ]) {
      expect(isValidApk(v), v).toBe(false);
    }
  });

  it('orders invalid tails below the end of a valid version, and by their text', () => {
    expect(sgn(compareApk('1.0+x', '1.0'))).toBe(-1);
    expect(sgn(compareApk('1.0+x', '1.0+y'))).toBe(-1);
    expect(sgn(compareApk('abc', '0'))).toBe(-1);
  });

  it('is a total order over real, random and hostile strings', () => {
    const r = rng(13);
    const values = [
      ...[...REAL, ...APK_TOOLS].flatMap(([a, , b]) => [a, b]),
      ...Array.from({ length: 400 }, () => randomApk(r)),
      '',
      'abc',
      '1.0+x',
      '1.0_foo',
    ];
    expect(orderViolations(compareApk, values, r, 20_000)).toEqual([]);
  });
});

function randomApk(r: Rng): string {
  let v = r.chance(0.1) ? `0${r.int(0, 9)}` : String(r.int(0, 12));
  for (let i = r.int(0, 3); i > 0; i--) v += `.${r.chance(0.1) ? `0${r.int(0, 9)}` : r.int(0, 20)}`;
  if (r.chance(0.15)) v += r.pick(['a', 'b', 'q']);
  for (let i = r.int(0, 2); i > 0; i--)
    v += `_${r.pick(['alpha', 'beta', 'pre', 'rc', 'cvs', 'svn', 'git', 'hg', 'p'])}`;
  if (r.chance(0.5)) v += r.int(0, 20);
  if (r.chance(0.1)) v += `~${r.pick(['abc123', 'abd', '0f'])}`;
  if (r.chance(0.7)) v += `-r${r.int(0, 20)}`;
  return v;
}
