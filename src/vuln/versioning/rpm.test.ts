import { describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { exec, orderViolations, type Rng, rng, runBatch, sgn } from './fixtures/support.js';
import { compareRpm, isValidRpm, parseRpm, rpmvercmp } from './rpm.js';

// Real versions from RHEL, AlmaLinux, Rocky, Fedora, SUSE and Mageia advisories; [a, expected sign, b].
const TABLE: [string, -1 | 0 | 1, string][] = [
  ['1.1.1k-7.el8_6', -1, '1:1.1.1k-7.el8_6'],
  ['1:1.1.1k-7.el8_6', -1, '1:1.1.1k-15.el8_6'],
  ['0:4.18.0-477.10.1.el8_8', 0, '4.18.0-477.10.1.el8_8'],
  ['4.18.0-477.10.1.el8_8', -1, '4.18.0-477.13.1.el8_8'],
  ['4.18.0-477.10.1.el8_8', 1, '4.18.0-425.19.2.el8_7'],
  ['7.76.1-23.el9_2.4', -1, '7.76.1-26.el9_3.3'],
  ['2.28-251.el8_6.1', -1, '2.28-251.el8_10.40'],
  ['2.34-100.el9_4.2', -1, '2.34-125.el9_5.8.alma.1'],
  ['2.39-128.el10_2.alma.1', 1, '2.39-128.el10_2'],
  ['1:3.5.5-4.el10_2.alma.1', 1, '1:3.0.7-28.el9_4'],
  ['8.12.1-4.el10_2.4', 1, '7.76.1-26.el9_3.3'],
  ['1.2.3^git1', 1, '1.2.3'],
  ['1.2.3^git1', -1, '1.2.4'],
  ['1.2.3^git1', -1, '1.2.3^git2'],
  ['1.2.3^', 1, '1.2.3'],
  ['1.0~rc1', -1, '1.0'],
  ['1.0~rc1', 1, '1.0~beta'],
  ['1.0~~', -1, '1.0~'],
  ['1.0~rc1^git1', 1, '1.0~rc1'],
  ['1.0~rc1^git1', -1, '1.0'],
  ['1.0', -1, '1.0-1'],
  ['1.0-1', 0, '1.0-1'],
  ['1.0a', -1, '1.0.1'],
  ['1.0a', 1, '1.0'],
  ['2.0.1a', -1, '2.0.1b'],
  ['1.0', 0, '1_0'],
  ['1.0', 0, '1..0'],
  ['1.01', 0, '1.1'],
  ['1.0.18446744073709551616', 1, '1.0.18446744073709551615'],
  ['15.1-150400.3.2', 1, '15.1-150300.3.9'],
  ['2.4.57-1.mga9', -1, '2.4.57-2.mga9'],
  ['3.0.8-3.ph5', 1, '3.0.8-2.ph5'],
  ['5.14.0-362.8.1.el9_3', -1, '5.14.0-362.13.1.el9_3'],
];

describe('rpm (rpmvercmp and E:V-R)', () => {
  it.each(TABLE)('%s vs %s', (a, want, b) => {
    expect(sgn(compareRpm(a, b))).toBe(want);
    expect(sgn(compareRpm(b, a))).toBe(want === 0 ? 0 : -want);
  });

  it('splits epoch, version and release as rpm does', () => {
    expect(parseRpm('1:1.1.1k-7.el8_6')).toEqual({ epoch: '1', version: '1.1.1k', release: '7.el8_6' });
    expect(parseRpm('2.34')).toEqual({ epoch: undefined, version: '2.34', release: undefined });
    expect(parseRpm(':1.0-1')).toEqual({ epoch: '0', version: '1.0', release: '1' });
    expect(parseRpm('a:1.0')).toEqual({ epoch: undefined, version: 'a:1.0', release: undefined });
    expect(parseRpm('1.0-1-2')).toMatchObject({ version: '1.0-1', release: '2' });
  });

  it('tells valid versions from invalid ones', () => {
    for (const v of ['1:1.1.1k-7.el8_6', '1.2.3^git1', '1.0~rc1', '2.34-100.el9_4.2', '0:4.18.0']) {
      expect(isValidRpm(v), v).toBe(true);
    }
    for (const v of ['', '-1', '1.0-', 'a:1.0', ':1.0', '1.0 1', '1.0/2', 'é'])
      expect(isValidRpm(v), v).toBe(false);
  });

  it('is a total order over real, random and hostile strings', () => {
    const r = rng(12);
    const values = [
      ...TABLE.flatMap(([a, , b]) => [a, b]),
      ...randomPairs(r, 300).flat(),
      '',
      '~',
      '^',
      '-',
      ':',
    ];
    expect(orderViolations(compareRpm, values, r, 20_000)).toEqual([]);
    expect(orderViolations(rpmvercmp, values, r, 20_000)).toEqual([]);
  });

  describe.runIf(requireTool('rpm'))('against rpm 4.18 (one rpm --eval for all pairs)', () => {
    // rpm.vercmp parses each side as [E:]V[-R] and compares with rpmverCmp; it rejects the empty string.
    const lua = (file: string) =>
      `%{lua: for line in io.lines("${file}") do local a, b = line:match("^(.-)\\t(.*)$"); ` +
      `local ok, r = pcall(rpm.vercmp, a, b); io.write(ok and tostring(r) or "error", "\\n") end}`;
    const oracle = (pairs: [string, string][]) =>
      runBatch(pairs, (file) => exec('rpm', ['--eval', lua(file)]));

    it('agrees on the table and 3000 generated E:V-R pairs', () => {
      const table = TABLE.map(([a, , b]) => [a, b] as [string, string]);
      const pairs = [...table, ...randomPairs(rng(2027), 3000)];
      const answers = oracle(pairs);
      expect(answers).toHaveLength(pairs.length);
      const disagreements = pairs
        .map(([a, b], i) => ({ a, b, rpm: answers[i], ours: String(sgn(compareRpm(a, b))) }))
        .filter((d) => d.rpm !== d.ours);
      expect(disagreements).toEqual([]);
      for (const want of ['-1', '0', '1'])
        expect(answers.filter((x) => x === want).length).toBeGreaterThan(200);
    }, 120_000);

    it('agrees on 3000 generated single fields (plain rpmvercmp: no colon, no hyphen)', () => {
      const r = rng(2028);
      const pairs = randomPairs(r, 3000).map(([a, b]) => [field(a), field(b)] as [string, string]);
      const answers = oracle(pairs);
      const disagreements = pairs
        .map(([a, b], i) => ({ a, b, rpm: answers[i], ours: String(sgn(rpmvercmp(a, b))) }))
        .filter((d) => d.rpm !== d.ours);
      expect(disagreements).toEqual([]);
    }, 120_000);
  });
});

/** A version with its epoch and release separators replaced, so rpm compares it as one field. */
function field(v: string): string {
  return v.replace(/^\d*:/, '').replaceAll('-', '.');
}

/** Realistic RPM versions: epochs, ~rc, ^git, el8_6-style releases, SUSE and Mageia releases, odd separators. */
function randomRpm(r: Rng): string {
  const num = () =>
    r.chance(0.03) ? r.digits(r.int(16, 24)) : r.chance(0.08) ? `0${r.int(0, 9)}` : String(r.int(0, 14));
  let v = num();
  for (let i = r.int(0, 3); i > 0; i--) v += `${r.pick(['.', '.', '.', '_', '+'])}${num()}`;
  if (r.chance(0.15)) v += r.pick(['a', 'b', 'k', 'rc', 'beta']);
  if (r.chance(0.2))
    v += r.pick(['~rc1', '~rc2', '~beta', '~~', '~', '^git1', '^git20230101.abc', '^', '^1', '~rc1^git2']);
  const epoch = r.chance(0.2) ? `${r.int(0, 3)}:` : '';
  if (!r.chance(0.8)) return epoch + v;
  let rel = `${r.int(1, 500)}`;
  if (r.chance(0.5)) rel += `.${r.int(1, 20)}.${r.int(1, 3)}`;
  rel += r.pick(['.el8', '.el8_6', '.el8_10', '.el9_2', '.el9_3.alma.1', '.fc39', '.mga9', '.ph5', '', '.1']);
  if (r.chance(0.2)) rel += r.pick(['.1', '.2', '~', '^1', 'a']);
  return `${epoch}${v}-${rel}`;
}

function randomPairs(r: Rng, n: number): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    const a = randomRpm(r);
    if (r.chance(0.4)) {
      out.push([a, randomRpm(r)]);
      continue;
    }
    const b = r.pick([
      () => a,
      () => a.replace(/\d+/, (d) => String(Math.max(0, Number(d.slice(0, 6)) + r.int(-1, 1)))),
      () => `${a}${r.pick(['~', '^', '.0', 'a', '~~', '^git1', '.1'])}`,
      () => (a.includes(':') ? a.slice(a.indexOf(':') + 1) : `0:${a}`),
      () => (a.includes('-') ? a.slice(0, a.lastIndexOf('-')) : `${a}-1`),
      () => a.replace('.', '_'),
      () => a.replace(/0/, '00'),
    ])();
    out.push(r.chance(0.5) ? [a, b] : [b, a]);
  }
  return out;
}
