import { describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { exec, orderViolations, type Rng, rng, runBatch, sgn } from './fixtures/support.js';
import { compareGem, isValidGem, parseGem } from './rubygems.js';

// Real RubyGems versions (rails, nokogiri, rack, puma); [a, expected sign, b].
const TABLE: [string, -1 | 0 | 1, string][] = [
  ['1.0.0.pre', -1, '1.0.0'],
  ['1.0.0.pre', -1, '1'],
  ['1.0.0.rc.1', -1, '1.0.0.rc.2'],
  ['1.0.0.rc.3', -1, '1.0.1'],
  ['7.0.0.alpha2', -1, '7.0.0.beta1'],
  ['7.0.0.beta1', -1, '7.0.0.rc1'],
  ['7.0.0.rc1', -1, '7.0.0'],
  ['7.0.4.3', 1, '7.0.4.2'],
  ['6.1.7.10', 1, '6.1.7.9'],
  ['1.13.10', 1, '1.13.9'],
  ['3.3.1.1', 1, '3.3.1'],
  ['2.2.6.4', -1, '2.2.7'],
  ['1.0', 0, '1.0.0'],
  ['1.0.a', 0, '1.a'],
  ['1.0.a.0', 0, '1.0.a'],
  ['1.0-beta', 0, '1.0.pre.beta'],
  ['1.0-1', -1, '1.0'],
  ['', 0, '0'],
  ['1.0.b1', 1, '1.0.a2'],
  ['1.0.a10', 1, '1.0.a9'],
  ['1.0.18446744073709551616', 1, '1.0.18446744073709551615'],
  ['not valid', -1, '0'],
];

const hasRuby = requireTool('ruby');

describe('rubygems (Gem::Version)', () => {
  it.each(TABLE)('%s vs %s', (a, want, b) => {
    expect(sgn(compareGem(a, b))).toBe(want);
    expect(sgn(compareGem(b, a))).toBe(want === 0 ? 0 : -want);
  });

  it('drops trailing zeros from the release and the pre-release parts', () => {
    expect(parseGem('1.0.0.pre.0')).toEqual(['1', 'pre']);
    expect(parseGem('1.0-rc.1')).toEqual(['1', 'pre', 'rc', '1']);
  });

  it('tells valid versions from invalid ones', () => {
    for (const v of ['1.0.0.pre', '7.0.4.3', '1.0-beta', '', ' 1.2 ', '1.0.a'])
      expect(isValidGem(v), v).toBe(true);
    for (const v of ['not valid', 'a1', '1..0', '1.0.', '1.0-', '1.0_1', 'v1.0', '1.0-a..b']) {
      expect(isValidGem(v), v).toBe(false);
    }
  });

  it('is a total order', () => {
    const r = rng(18);
    const values = [
      ...TABLE.flatMap(([a, , b]) => [a, b]),
      ...Array.from({ length: 400 }, () => randomGem(r)),
    ];
    expect(orderViolations(compareGem, values, r, 20_000)).toEqual([]);
  });

  it.runIf(hasRuby)(
    "agrees with Ruby's Gem::Version on validity and on 3000 generated pairs",
    () => {
      const r = rng(2032);
      const pairs: [string, string][] = TABLE.map(([a, , b]) => [a, b]);
      for (let i = 0; i < 3000; i++) {
        const a = randomGem(r);
        pairs.push([a, r.chance(0.4) ? randomGem(r) : mutate(r, a)]);
      }
      const rb = [
        'File.foreach(ARGV[0], chomp: true) do |line|',
        '  a, b = line.split("\\t", -1)',
        '  if Gem::Version.correct?(a) && Gem::Version.correct?(b)',
        '    puts(Gem::Version.new(a) <=> Gem::Version.new(b))',
        '  else',
        '    puts "invalid #{Gem::Version.correct?(a) ? 1 : 0} #{Gem::Version.correct?(b) ? 1 : 0}"',
        '  end',
        'end',
      ].join('\n');
      const answers = runBatch(pairs, (file) => exec('ruby', ['-e', rb, file]));
      expect(answers).toHaveLength(pairs.length);
      const disagreements: string[] = [];
      pairs.forEach(([a, b], i) => {
        const got = answers[i]!;
        if (got.startsWith('invalid')) {
          const [, va, vb] = got.split(' ');
          if (isValidGem(a) !== (va === '1') || isValidGem(b) !== (vb === '1'))
            disagreements.push(`validity ${a} ${b}: ${got}`);
        } else if (Number(got) !== sgn(compareGem(a, b))) {
          disagreements.push(`${a} vs ${b}: ruby ${got}`);
        }
      });
      expect(disagreements).toEqual([]);
    },
    60_000,
  );
});

function randomGem(r: Rng): string {
  let v = String(r.int(0, 12));
  for (let i = r.int(0, 3); i > 0; i--) v += `.${r.chance(0.15) ? '0' : r.int(0, 20)}`;
  if (r.chance(0.3)) v += `.${r.pick(['pre', 'rc', 'alpha', 'beta', 'a', 'b', 'RC', 'rc1', 'beta2'])}`;
  if (r.chance(0.2)) v += `.${r.int(0, 3)}`;
  if (r.chance(0.1)) v += `-${r.pick(['beta', 'rc.1', '1', 'x-y'])}`;
  if (r.chance(0.05)) v += r.pick(['..', '.', '-', '_1', ' x']);
  return v;
}

function mutate(r: Rng, v: string): string {
  return r.pick([
    () => v,
    () => `${v}.0`,
    () => v.replace(/\d+/, (d) => String(Math.max(0, Number(d) + r.int(-1, 1)))),
    () => `${v}.pre`,
    () => v.replace('-', '.pre.'),
    () => ` ${v} `,
  ])();
}
