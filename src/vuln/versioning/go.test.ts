import { describe, expect, it } from 'vitest';
import { orderViolations, rng, sgn } from './fixtures/support.js';
import { compareGo, isValidGo, parseGo } from './go.js';

// Real module and toolchain versions from go.mod files, Go binaries and the Go vulnerability database.
const TABLE: [string, -1 | 0 | 1, string][] = [
  ['v0.0.0-20230101120000-abcdef123456', -1, 'v0.0.0-20230102000000-000000000000'],
  ['v0.0.0-20220906165146-f3363e06e74c', -1, '0.1.0'],
  ['v1.2.4-0.20230101120000-abcdef123456', 1, 'v1.2.3'],
  ['v1.2.4-0.20230101120000-abcdef123456', -1, 'v1.2.4'],
  ['v1.2.4-pre.0.20230101120000-abcdef123456', -1, 'v1.2.4-pre.1'],
  ['v2.0.0+incompatible', 0, '2.0.0'],
  ['v2.1.0+incompatible', 1, 'v2.0.9+incompatible'],
  ['v1.27.0-rc.3', -1, '1.27.0'],
  ['1.21.0-0', -1, '1.21.0-rc.1'],
  ['v0.17.0', -1, '0.23.0'],
  ['0.3.7', -1, '0.3.8'],
  ['v1', 0, 'v1.0.0'],
  ['v1.2', 0, 'v1.2.0'],
  // Toolchain names map to the SemVer the vulnerability database uses.
  ['go1.21rc2', 0, '1.21.0-rc.2'],
  ['go1.21rc2', -1, 'go1.21.0'],
  ['go1.21', 0, 'go1.21.0'],
  ['go1.21.3', 1, 'go1.21.0'],
  ['go1.20.10', 1, 'go1.20.9'],
  ['go1.9beta1', -1, 'go1.9rc1'],
  ['go1.22.1', 0, '1.22.1'],
  ['1.21rc2', -1, '1.21.0'],
  ['go1.18.6', -1, '1.19.0-0'],
  ['not-a-version', -1, 'v0.0.0'],
];

describe('go', () => {
  it.each(TABLE)('%s vs %s', (a, want, b) => {
    expect(sgn(compareGo(a, b))).toBe(want);
    expect(sgn(compareGo(b, a))).toBe(want === 0 ? 0 : -want);
  });

  it('reads release names as the vulnerability database spells them', () => {
    expect(parseGo('go1.21rc2')).toEqual({ nums: ['1', '21', '0'], pre: ['rc', '2'] });
    expect(parseGo('go1.9beta1')).toEqual({ nums: ['1', '9', '0'], pre: ['beta', '1'] });
    expect(parseGo('v1.2.3+incompatible')).toEqual({ nums: ['1', '2', '3'], pre: undefined });
  });

  it('tells valid versions from invalid ones', () => {
    for (const v of [
      'v1.2.3',
      '1.2.3',
      'v0.0.0-20230101120000-abcdef123456',
      'go1.21',
      'go1.21rc2',
      'v2.0.0+incompatible',
    ]) {
      expect(isValidGo(v), v).toBe(true);
    }
    for (const v of [
      '',
      'latest',
      'v01.2.3',
      'v1.2-pre',
      'v1.2.3-01',
      'go',
      'go1.21x',
      'vv1.0.0',
      'v1.2.3.4',
    ]) {
      expect(isValidGo(v), v).toBe(false);
    }
  });

  it('is a total order', () => {
    const r = rng(15);
    const values = [...TABLE.flatMap(([a, , b]) => [a, b]), '', 'v', 'go', 'go1', 'v1.2.3-rc.1.0', 'devel'];
    expect(orderViolations(compareGo, values, r, 20_000)).toEqual([]);
  });
});
