import { describe, expect, it } from 'vitest';
import { orderViolations, type Rng, rng, sgn } from './fixtures/support.js';
import { compareNuget, isValidNuget, parseNuget } from './nuget.js';

// Real NuGet versions (Newtonsoft.Json, System.Text.Json, Microsoft.AspNetCore); [a, expected sign, b].
const TABLE: [string, -1 | 0 | 1, string][] = [
  ['4.5.0-preview.1', -1, '4.5.0-preview.2'],
  ['4.5.0-preview.2', -1, '4.5.0-rc.1'],
  ['4.5.0-rc.1', -1, '4.5.0'],
  ['8.0.0-preview.7.23375.6', -1, '8.0.0-rc.1.23419.4'],
  ['8.0.0-rc.2.23479.6', -1, '8.0.0'],
  ['13.0.1', -1, '13.0.3'],
  ['12.0.3', -1, '13.0.1'],
  ['1.0.0-BETA', 0, '1.0.0-beta'],
  ['1.0.0-Beta.2', -1, '1.0.0-beta.10'],
  ['1.0.0-alpha', -1, '1.0.0-Beta'],
  ['1.0.0-1', -1, '1.0.0-alpha'],
  ['1.0.0+metadata', 0, '1.0.0+other'],
  ['1.0.0-beta+a', 0, '1.0.0-beta+b'],
  ['1.0', 0, '1.0.0.0'],
  ['1.01', 0, '1.1'],
  ['1.0.0.1', 1, '1.0.0'],
  ['4.0.0.0', -1, '4.0.0.1'],
  ['2.0.0-rc', -1, '2.0.0-rc.1'],
  // Past int.MaxValue a label is text to NuGet: "2..." sorts after "1..." whatever the numbers say.
  ['1.0.0-2147483648', 1, '1.0.0-10000000000'],
  ['1.0.0-2147483647', -1, '1.0.0-10000000000'],
  ['1.0.0-a', 1, '1.0.0-2147483647'],
  ['[1.0,)', -1, '0.0.1'],
];

describe('nuget', () => {
  it.each(TABLE)('%s vs %s', (a, want, b) => {
    expect(sgn(compareNuget(a, b))).toBe(want);
    expect(sgn(compareNuget(b, a))).toBe(want === 0 ? 0 : -want);
  });

  it('reads up to four numbers and drops metadata', () => {
    expect(parseNuget('4.5.0-preview.1+sha.abc')).toEqual({
      nums: ['4', '5', '0', '0'],
      pre: ['preview', '1'],
    });
    expect(parseNuget('1.2.3.4')).toEqual({ nums: ['1', '2', '3', '4'], pre: undefined });
  });

  it('tells valid versions from invalid ones', () => {
    for (const v of ['1.0.0', '1.0', '1', '1.2.3.4-beta.1+meta', '4.5.0-preview.1', ' 1.0 ']) {
      expect(isValidNuget(v), v).toBe(true);
    }
    for (const v of ['', 'v1.0', '1.2.3.4.5', '1.0-', '1.0-beta..1', '1.0+', '[1.0,)', '1.0.0-beta_1']) {
      expect(isValidNuget(v), v).toBe(false);
    }
  });

  it('is a total order', () => {
    const r = rng(19);
    const values = [
      ...TABLE.flatMap(([a, , b]) => [a, b]),
      ...Array.from({ length: 400 }, () => randomNuget(r)),
    ];
    expect(orderViolations(compareNuget, values, r, 20_000)).toEqual([]);
  });
});

function randomNuget(r: Rng): string {
  let v = Array.from({ length: r.int(1, 4) }, () => String(r.int(0, 9))).join('.');
  if (r.chance(0.4)) {
    const labels = Array.from({ length: r.int(1, 3) }, () =>
      r.pick(['preview', 'Preview', 'rc', 'RC', 'beta', 'Beta', '1', '2', '10', '2147483648', 'a-b']),
    );
    v += `-${labels.join('.')}`;
  }
  if (r.chance(0.1)) v += '+meta';
  if (r.chance(0.05)) v += r.pick(['.', '-', '+', 'x']);
  return v;
}
