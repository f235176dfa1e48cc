import semverPackage from 'semver';
import { describe, expect, it } from 'vitest';
import { orderViolations, type Rng, rng, sgn } from './fixtures/support.js';
import { compareSemver, isValidSemver } from './semver.js';

// Real npm and crates.io versions; [a, expected sign, b].
const TABLE: [string, -1 | 0 | 1, string][] = [
  ['1.0.0-alpha', -1, '1.0.0-alpha.1'],
  ['1.0.0-alpha.1', -1, '1.0.0-alpha.beta'],
  ['1.0.0-alpha.beta', -1, '1.0.0-beta'],
  ['1.0.0-beta', -1, '1.0.0-beta.2'],
  ['1.0.0-beta.2', -1, '1.0.0-beta.11'],
  ['1.0.0-beta.11', -1, '1.0.0-rc.1'],
  ['1.0.0-rc.1', -1, '1.0.0'],
  ['4.17.20', -1, '4.17.21'],
  ['4.17.21', 1, '4.17.5'],
  ['0.21.1', -1, '0.21.2'],
  ['2.0.0', 1, '1.99.99'],
  ['1.0.0+build.1', 0, '1.0.0+build.2'],
  ['0.2.1-0', -1, '0.2.1'],
  ['0.0.0-0', -1, '0.0.1'],
  ['v1.2.3', 0, '1.2.3'],
  ['1.0.0-9007199254740993', 1, '1.0.0-9007199254740992'],
  ['18.2.0-next-9e3b772b8-20220608', -1, '18.2.0'],
  ['5.0.0-canary.1', -1, '5.0.0-canary.10'],
  // Lenient readings: missing numbers are zero, extra numbers count.
  ['1.2', 0, '1.2.0'],
  ['1.2', -1, '1.2.1'],
  ['1.2.3.4', 1, '1.2.3'],
  ['01.2.3', 0, '1.2.3'],
  ['99999999999999999999.0.0', 1, '99999999999999999998.9.9'],
  // Not versions at all: first.
  ['latest', -1, '0.0.0-0'],
  ['', -1, '0.0.0'],
];

describe('semver', () => {
  it.each(TABLE)('%s vs %s', (a, want, b) => {
    expect(sgn(compareSemver(a, b))).toBe(want);
    expect(sgn(compareSemver(b, a))).toBe(want === 0 ? 0 : -want);
  });

  it('uses the semver package for validity', () => {
    for (const v of ['1.0.0', '1.0.0-alpha.1', '1.0.0+build', 'v1.2.3', '0.0.0-0'])
      expect(isValidSemver(v), v).toBe(true);
    for (const v of ['1.2', '01.2.3', '1.2.3-01', 'latest', '', '1.2.3.4', `1.0.0-${'a'.repeat(300)}`]) {
      expect(isValidSemver(v), v).toBe(false);
    }
  });

  it('agrees with semver.compare on 5000 generated valid pairs (its own order, the oracle)', () => {
    const r = rng(2029);
    const disagreements: string[] = [];
    let equal = 0;
    for (let i = 0; i < 5000; i++) {
      const a = randomSemver(r);
      const b = r.chance(0.5) ? randomSemver(r) : mutate(r, a);
      expect(isValidSemver(a) && isValidSemver(b), `${a} ${b}`).toBe(true);
      const want = semverPackage.compare(a, b);
      if (want === 0) equal++;
      if (sgn(compareSemver(a, b)) !== want) disagreements.push(`${a} vs ${b}: semver ${want}`);
    }
    expect(disagreements).toEqual([]);
    expect(equal).toBeGreaterThan(200);
  });

  it('is a total order over valid, lenient and invalid strings', () => {
    const r = rng(14);
    const values = [
      ...TABLE.flatMap(([a, , b]) => [a, b]),
      ...Array.from({ length: 300 }, () => randomSemver(r)),
      ...['1', '1.2', '1.2.3.4.5', 'v2', '=1.0.0', 'x', 'abc', '1.0.0-', '1..2', '1.2.3-rc..1', '*'],
    ];
    expect(orderViolations(compareSemver, values, r, 20_000)).toEqual([]);
  });
});

function randomSemver(r: Rng): string {
  const n = () => String(r.chance(0.7) ? r.int(0, 5) : r.int(0, 30));
  let v = `${n()}.${n()}.${n()}`;
  if (r.chance(0.4)) {
    const ids = Array.from({ length: r.int(1, 3) }, () =>
      r.pick([
        () => n(),
        () => r.pick(['alpha', 'beta', 'rc', 'next', 'canary', 'Alpha', 'RC', 'x-y', '0a']),
      ])(),
    );
    v += `-${ids.join('.')}`;
  }
  if (r.chance(0.15)) v += `+${r.pick(['build.1', 'sha.abc', '20230101'])}`;
  return v;
}

function mutate(r: Rng, v: string): string {
  return r.pick([
    () => v,
    () => v.replace(/\+.*$/, '') + '+meta',
    () => v.replace(/\d+/, (d) => String(Math.max(0, Number(d) + r.int(-1, 1)))),
    () => (v.includes('-') ? v.replace(/-.*$/, '') : `${v}-rc.1`),
    () => (v.includes('-') ? `${v.replace(/\+.*$/, '')}.1` : `${v}-0`),
  ])();
}
