import { describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { compareDeb, isValidDeb, parseDeb } from './deb.js';
import { exec, orderViolations, type Rng, rng, runBatch, sgn } from './fixtures/support.js';

// Real versions from Debian and Ubuntu archives and security advisories; [a, expected sign of a vs b, b].
const TABLE: [string, -1 | 0 | 1, string][] = [
  ['1:2.38.1-5+deb12u1', 1, '2.38.1-5+deb12u2'],
  ['3.0.11-1~deb12u2', -1, '3.0.11-1'],
  ['3.0.11-1~deb12u2', 1, '3.0.11-1~deb12u1'],
  ['3.0.11-1~deb12u2', -1, '3.0.13-1~deb12u1'],
  ['2.36-9+deb12u4+b1', 1, '2.36-9+deb12u4'],
  ['2.36-9+deb12u4', -1, '2.36-9+deb12u10'],
  ['1.0~rc1', -1, '1.0'],
  ['1.0~rc1-1', -1, '1.0-1'],
  ['1.0', 0, '1.0-0'],
  ['0:1.0-1', 0, '1.0-1'],
  ['1.0-1', -1, '1.0-1+deb12u1'],
  ['7.88.1-10+deb12u5', -1, '7.88.1-10+deb12u12'],
  ['252.22-1~deb12u1', -1, '252.26-1~deb12u1'],
  ['252.22-1~deb12u1+b1', 1, '252.22-1~deb12u1'],
  ['2.9.4+dfsg1-2.2+deb9u7', 1, '2.9.4+dfsg1-2.2'],
  ['1.1.0l-1~deb9u6', -1, '1.1.0l-1'],
  ['1.1.0f-3+deb9u2', -1, '1.1.0g-1'],
  ['1.1.0g-2+riscv64', 1, '1.1.0g-2'],
  ['2017c-0+deb9u1', -1, '2017c-1'],
  ['2:9.0.1378-2', 1, '9.1.0016-1'],
  ['1:1.2.13.dfsg-1', 1, '1.3-1'],
  ['5.10.0-28', 1, '5.10.0-9'],
  ['3.13.0-101.148', 1, '3.13.0-100.147'],
  ['3.13.0-99.146', -1, '3.13.0-100.147'],
  ['1.2.11.dfsg-2ubuntu9.2', 1, '1.2.11.dfsg-2ubuntu9'],
  ['2.35-0ubuntu3.6', -1, '2.35-0ubuntu3.10'],
  ['1.0.2g-1ubuntu4.20', 1, '1.0.2g-1ubuntu4.9'],
  ['12.4+deb12u5', -1, '12.4+deb12u10'],
  // Policy's own example: ~~ < ~~a < ~ < (nothing) < a.
  ['1.0~~', -1, '1.0~~a'],
  ['1.0~~a', -1, '1.0~'],
  ['1.0~', -1, '1.0'],
  ['1.0', -1, '1.0a'],
  // Letters sort before other characters, and the end before both.
  ['1.0a', -1, '1.0+'],
  ['1.0+', -1, '1.0.'],
  ['1.0', -1, '1.0.0'],
  // Digit runs compare by value, past 2^53 and with leading zeros.
  ['1.18446744073709551616', 1, '1.18446744073709551615'],
  ['1.9007199254740993', 1, '1.9007199254740992'],
  ['1.010', 0, '1.10'],
  ['99999999999999999999:1', 1, '99999999999999999998:2'],
];

describe('deb (dpkg order)', () => {
  it.each(TABLE)('%s vs %s', (a, want, b) => {
    expect(sgn(compareDeb(a, b))).toBe(want);
    expect(sgn(compareDeb(b, a))).toBe(want === 0 ? 0 : -want);
  });

  it('splits epoch, upstream and revision as dpkg does', () => {
    expect(parseDeb('1:2.38.1-5+deb12u1')).toEqual({
      epoch: '1',
      upstream: '2.38.1',
      revision: '5+deb12u1',
      hasRevision: true,
    });
    expect(parseDeb('2:1.2-3-4')).toMatchObject({ epoch: '2', upstream: '1.2-3', revision: '4' });
    expect(parseDeb(' 1.0 ')).toMatchObject({ epoch: '0', upstream: '1.0', revision: '' });
    // A colon that does not follow digits is not an epoch.
    expect(parseDeb('a:1.0')).toMatchObject({ epoch: '0', upstream: 'a:1.0' });
  });

  it('tells valid versions from invalid ones', () => {
    for (const v of [
      '1:2.38.1-5+deb12u1',
      '3.0.11-1~deb12u2',
      '2017c-0+deb9u1',
      '1.0',
      '0:1',
      '1.0~rc1+git2',
    ]) {
      expect(isValidDeb(v), v).toBe(true);
    }
    for (const v of [
      '',
      ' ',
      'abc',
      '1.0-',
      ':1.0',
      'a:1.0',
      '1.0 1',
      '1:',
      '1.0_1',
      '99999999999:1.0',
      '1-a_b',
    ]) {
      expect(isValidDeb(v), v).toBe(false);
    }
  });

  it('is a total order over real, random and hostile strings', () => {
    const r = rng(11);
    const values = [
      ...TABLE.flatMap(([a, , b]) => [a, b]),
      ...randomPairs(r, 300).flat(),
      '',
      'a:b',
      '~',
      '-',
      ':',
    ];
    expect(orderViolations(compareDeb, values, r, 20_000)).toEqual([]);
  });

  it.runIf(requireTool('dpkg'))(
    'agrees with dpkg --compare-versions on the table and 2000 generated pairs',
    () => {
      const table = TABLE.filter(([a, , b]) => isValidDeb(a) && isValidDeb(b)).map(
        ([a, , b]) => [a, b] as [string, string],
      );
      const pairs = [...table, ...randomPairs(rng(2026), 2000)];
      const script = [
        'tab=$(printf "\\t")',
        'while IFS="$tab" read -r a b; do',
        '  if dpkg --compare-versions "$a" lt "$b"; then echo -1',
        '  elif dpkg --compare-versions "$a" eq "$b"; then echo 0',
        '  else echo 1; fi',
        'done < "$1"',
      ].join('\n');
      const answers = runBatch(pairs, (file) => exec('sh', ['-c', script, 'sh', file], 300_000));
      expect(answers).toHaveLength(pairs.length);
      const disagreements = pairs
        .map(([a, b], i) => ({ a, b, dpkg: Number(answers[i]), ours: sgn(compareDeb(a, b)) }))
        .filter((d) => d.dpkg !== d.ours);
      expect(disagreements).toEqual([]);
      // The generator must produce all three answers in quantity, or the check proves little.
      for (const want of ['-1', '0', '1'])
        expect(answers.filter((x) => x === want).length).toBeGreaterThan(100);
    },
    300_000,
  );
});

/** Realistic Debian versions: epochs, ~rc, +dfsg, +debNuM, ~debNuM, +bN, ubuntu revisions, ~~, long digit runs. */
function randomDeb(r: Rng): string {
  const num = () =>
    r.chance(0.03) ? r.digits(r.int(16, 24)) : r.chance(0.1) ? `0${r.int(0, 9)}` : String(r.int(0, 12));
  let up = num();
  for (let i = r.int(0, 3); i > 0; i--) up += `.${num()}`;
  if (r.chance(0.15)) up += r.pick(['a', 'b', 'k', 'l', 'g']);
  if (r.chance(0.2)) up += r.pick(['~rc1', '~rc2', '~beta', '~~', '~', '~~a', '~git20230101']);
  if (r.chance(0.2))
    up += r.pick(['+dfsg', '+dfsg1', '+ds', '+really1.2', '+git20230101.abcdef', '.dfsg', '+']);
  let v = r.chance(0.15) ? `${r.int(0, 3)}:${up}` : up;
  if (r.chance(0.8)) {
    let rev = r.pick(['0', '1', '2', '3', '10', '0ubuntu1', '1ubuntu0.22.04.1', '2.2']);
    if (r.chance(0.4))
      rev += r.pick(['~deb12u1', '~deb12u2', '+deb12u1', '+deb12u12', '+deb11u3', '~bpo12+1']);
    if (r.chance(0.15)) rev += r.pick(['+b1', '+b2', '.1', '~']);
    v += `-${rev}`;
  }
  return v;
}

/** Pairs that are often close: half are a version and a small change to it, so equal and near-equal cases abound. */
function randomPairs(r: Rng, n: number): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    const a = randomDeb(r);
    if (r.chance(0.5)) {
      out.push([a, randomDeb(r)]);
      continue;
    }
    const b = r.pick([
      () => a,
      () => a.replace(/\d+/, (d) => String(Math.max(0, Number(d.slice(0, 6)) + r.int(-1, 1)))),
      () => `${a}${r.pick(['~', '+b1', '.0', 'a', '~~'])}`,
      () => (a.includes(':') ? a.slice(a.indexOf(':') + 1) : `0:${a}`),
      () => (a.includes('-') ? `${a.slice(0, a.lastIndexOf('-'))}-0` : `${a}-0`),
      () => a.replace(/0/, '00'),
    ])();
    out.push(r.chance(0.5) ? [a, b] : [b, a]);
  }
  return out;
}
