import { describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { exec, orderViolations, type Rng, rng, runBatch, sgn } from './fixtures/support.js';
import { compareComposer, isValidComposer, parseComposer } from './packagist.js';

// Real Packagist versions (symfony, laravel, guzzle, twig, phpunit); [a, expected sign, b].
const TABLE: [string, -1 | 0 | 1, string][] = [
  ['v2.1.0-RC1', -1, 'v2.1.0'],
  ['v2.1.0-RC1', 0, '2.1.0.0-RC1'],
  ['v2.1.0-RC1', 1, '2.1.0-beta3'],
  ['2.1.0-beta3', 1, '2.1.0-alpha5'],
  ['2.1.0-alpha5', 1, '2.1.0-dev'],
  ['2.1.0-RC1', -1, '2.1.0-RC2'],
  ['2.1.0', -1, '2.1.0-patch1'],
  ['2.1.0-pl1', 0, '2.1.0-patch1'],
  ['2.1.0-p1', 0, '2.1.0-patch1'],
  ['2.1.0-b2', 0, '2.1.0-beta2'],
  ['2.1.0-a1', 0, '2.1.0-alpha1'],
  ['2.1.0-beta2-dev', -1, '2.1.0-beta2'],
  ['2.1.0-beta', -1, '2.1.0-beta1'],
  ['2.1.0-stable', 0, '2.1.0'],
  // Only a lower-case "stable" is dropped; Composer keeps "STABLE" as a word version_compare ranks below all.
  ['2.1.0-STABLE', -1, '2.1.0-dev'],
  ['2.1', 0, '2.1.0.0'],
  ['v6.4.3', 1, 'v6.4.2'],
  ['7.8.1', -1, '7.9.0'],
  ['10.48.29', 1, '10.48.4'],
  ['1.0.0+build', 0, '1.0.0'],
  ['1.x-dev', 1, '1.99.0'],
  ['1.x-dev', -1, '2.0.0'],
  ['dev-main', -1, '0.0.1'],
  ['dev-main', 1, 'not a version'],
  ['20230101', 1, '2.0.0'],
  ['2023.01.01', -1, '20230102'],
];

// Debian's composer package brings composer/semver, whose VersionParser the oracle loads.
const hasComposer = requireTool('php') && requireTool('composer');

describe('packagist (Composer)', () => {
  it.each(TABLE)('%s vs %s', (a, want, b) => {
    expect(sgn(compareComposer(a, b))).toBe(want);
    expect(sgn(compareComposer(b, a))).toBe(want === 0 ? 0 : -want);
  });

  it('normalizes as Composer does', () => {
    expect(parseComposer('v2.1.0-RC1')).toEqual({
      kind: 'version',
      nums: ['2', '1', '0', '0'],
      stability: 3,
      stabilityNums: ['1'],
      dev: false,
    });
    expect(parseComposer('dev-main')).toEqual({ kind: 'branch', name: 'main' });
    expect(parseComposer('1.0.x-dev as 1.0.0')).toMatchObject({ nums: ['1', '0', '9999999', '9999999'] });
  });

  it('tells valid versions from invalid ones', () => {
    for (const v of [
      'v2.1.0-RC1',
      '1.0',
      'dev-main',
      '1.x-dev',
      '20230101',
      '1.0.0-beta.2',
      '1.0.0@dev',
      'master',
    ]) {
      expect(isValidComposer(v), v).toBe(true);
    }
    for (const v of ['', 'not a version', '1.0.0.0.0', 'abc', '1.0-gamma', '1.0.0-beta-x', 'v']) {
      expect(isValidComposer(v), v).toBe(false);
    }
  });

  it('is a total order', () => {
    const r = rng(20);
    const values = [
      ...TABLE.flatMap(([a, , b]) => [a, b]),
      ...Array.from({ length: 400 }, () => randomComposer(r)),
    ];
    expect(orderViolations(compareComposer, values, r, 20_000)).toEqual([]);
  });

  it.runIf(hasComposer)(
    "agrees with Composer's VersionParser and version_compare on 3000 generated pairs",
    () => {
      const r = rng(2033);
      const pairs: [string, string][] = TABLE.map(([a, , b]) => [a, b]);
      for (let i = 0; i < 3000; i++) {
        const a = randomComposer(r);
        const b = r.chance(0.4) ? randomComposer(r) : mutate(r, a);
        // Date versions with two trailing groups (20230101.5.1) are valid since composer/semver 3.4; Debian's 3.3 rejects them.
        if (![a, b].some((v) => /^v?\d{6,}[.:-]?\d{0,2}[.:-]\d{1,3}[.:-]\d/i.test(v))) pairs.push([a, b]);
      }
      const php = [
        'require "/usr/share/php/Composer/Semver/autoload.php";',
        '$p = new Composer\\Semver\\VersionParser();',
        'function norm($p, $v) { try { return $p->normalize($v); } catch (Throwable $e) { return null; } }',
        'foreach (file($argv[1], FILE_IGNORE_NEW_LINES) as $line) {',
        '  [$a, $b] = explode("\\t", $line, 2);',
        '  $x = norm($p, $a); $y = norm($p, $b);',
        '  if ($x === null || $y === null) { echo "invalid ", $x === null ? 0 : 1, " ", $y === null ? 0 : 1, "\\n"; }',
        '  elseif (str_starts_with($x, "dev-") || str_starts_with($y, "dev-")) { echo "branch\\n"; }',
        '  else { echo version_compare($x, $y), "\\n"; }',
        '}',
      ].join('\n');
      const answers = runBatch(pairs, (file) => exec('php', ['-r', php, file]));
      expect(answers).toHaveLength(pairs.length);
      const disagreements: string[] = [];
      let compared = 0;
      pairs.forEach(([a, b], i) => {
        const got = answers[i]!;
        if (got === 'branch') return;
        if (got.startsWith('invalid')) {
          const [, va, vb] = got.split(' ');
          if (isValidComposer(a) !== (va === '1') || isValidComposer(b) !== (vb === '1')) {
            disagreements.push(`validity ${a} ${b}: ${got}`);
          }
          return;
        }
        compared++;
        if (Number(got) !== sgn(compareComposer(a, b))) disagreements.push(`${a} vs ${b}: composer ${got}`);
      });
      expect(disagreements).toEqual([]);
      expect(compared).toBeGreaterThan(2000);
    },
    60_000,
  );
});

function randomComposer(r: Rng): string {
  let v = r.chance(0.3) ? 'v' : '';
  if (r.chance(0.05))
    return `${v}${r.pick(['2023', '2024'])}${r.pick(['0101', '.01.01', '-02-03', '0101.5'])}`;
  v += Array.from({ length: r.int(1, 4) }, () => String(r.int(0, 12))).join('.');
  if (r.chance(0.4)) {
    v += `${r.pick(['-', '.', '_', ''])}${r.pick(['alpha', 'beta', 'RC', 'rc', 'a', 'b', 'patch', 'pl', 'p', 'stable', 'BETA'])}`;
    if (r.chance(0.6)) v += `${r.pick(['', '.', '-'])}${r.int(0, 3)}`;
  }
  if (r.chance(0.1)) v += r.pick(['-dev', '.dev', 'dev']);
  if (r.chance(0.05)) v = r.pick([`${v}+build`, `${v}@beta`, `${v}.x-dev`, 'dev-main', `${v}-gamma`]);
  return v;
}

function mutate(r: Rng, v: string): string {
  return r.pick([
    () => v,
    () => `${v}.0`,
    () => v.replace(/^v/, ''),
    () => v.toUpperCase(),
    () => v.replace(/\d+/, (d) => String(Math.max(0, Number(d) + r.int(-1, 1)))),
    () => `${v}-dev`,
    () => `${v}-RC1`,
  ])();
}
