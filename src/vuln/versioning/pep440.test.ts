import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findTool } from '../../../test/support/tools.js';
import { exec, orderViolations, type Rng, rng, runBatch, sgn } from './fixtures/support.js';
import { comparePep440, isValidPep440, parsePep440 } from './pep440.js';

// Real PyPI versions; [a, expected sign, b].
const TABLE: [string, -1 | 0 | 1, string][] = [
  ['1.0.0rc1.post2.dev3+local', 1, '1.0.0rc1.post2.dev3'],
  ['1.0.0rc1.post2.dev3', -1, '1.0.0rc1.post2'],
  ['1.0.0rc1.post2', 1, '1.0.0rc1'],
  ['1.0.0rc1', -1, '1.0.0'],
  ['1.0.dev1', -1, '1.0a1'],
  ['1.0a1', -1, '1.0a2.dev1'],
  ['1.0a2.dev1', -1, '1.0a2'],
  ['1.0b1', -1, '1.0rc1'],
  ['1.0', -1, '1.0.post1'],
  ['1.0.post1.dev1', -1, '1.0.post1'],
  ['1.0+abc.5', -1, '1.0+abc.7'],
  ['1.0+5', 1, '1.0+abc'],
  ['1.0', -1, '1.0+local'],
  ['1.0', 0, '1.0.0'],
  ['1.0', 0, 'v1.0'],
  ['1.0c1', 0, '1.0rc1'],
  ['1.0-1', 0, '1.0.post1'],
  ['1.0-r1', 0, '1.0.post1'],
  ['1.0alpha1', 0, '1.0a1'],
  ['1.0.PREVIEW.2', 0, '1.0rc2'],
  ['1.0a', 0, '1.0a0'],
  ['1!0.1', 1, '2.0'],
  ['0.12.01', 0, '0.12.1'],
  ['2.31.0', 1, '2.4.0'],
  ['4.2.0', -1, '4.2.1'],
  ['3.2.19', 1, '3.2.18'],
  ['1.0.99999999999999999999', 1, '1.0.99999999999999999998'],
  ['not a version', -1, '0'],
  ['1.0-beta', 0, '1.0b0'],
  ['1.0a-', 0, '1.0a0'],
];

const hasPackaging = (() => {
  if (!findTool('python3')) return false;
  const r = spawnSync('python3', ['-c', 'import packaging.version'], { encoding: 'utf8' });
  if (r.status === 0) return true;
  // An optional oracle: PyPA's packaging is not part of the project's tool set, so missing it only skips.
  console.warn('[skip] python3 has no packaging module: the PEP 440 oracle test is skipped');
  return false;
})();

describe('pep440', () => {
  it.each(TABLE)('%s vs %s', (a, want, b) => {
    expect(sgn(comparePep440(a, b))).toBe(want);
    expect(sgn(comparePep440(b, a))).toBe(want === 0 ? 0 : -want);
  });

  it('normalizes every spelling PEP 440 allows', () => {
    expect(parsePep440(' V1!2.0.0-RC.3_post-4.DEV-5+Ubuntu-1.2 ')).toEqual({
      epoch: '1',
      release: ['2'],
      pre: [2, '3'],
      post: '4',
      dev: '5',
      local: ['ubuntu', '1', '2'],
    });
  });

  it('tells valid versions from invalid ones', () => {
    for (const v of ['1.0', '1!1.0', '1.0rc1.post2.dev3+x.y', 'v1.0', '1.0-1', '2012.10', '1.0.dev']) {
      expect(isValidPep440(v), v).toBe(true);
    }
    for (const v of ['', 'abc', '1.0+', '1.0+a..b', '1.0.x', '1.0rc1rc2', '1!', '1.0_', '1.0-']) {
      expect(isValidPep440(v), v).toBe(false);
    }
  });

  it('is a total order', () => {
    const r = rng(16);
    const values = [
      ...TABLE.flatMap(([a, , b]) => [a, b]),
      ...Array.from({ length: 300 }, () => randomPep440(r)),
    ];
    expect(orderViolations(comparePep440, values, r, 20_000)).toEqual([]);
  });

  it.runIf(hasPackaging)(
    "agrees with Python's packaging.version on validity and on 4000 generated pairs",
    () => {
      const r = rng(2030);
      const pairs: [string, string][] = TABLE.map(([a, , b]) => [a, b]);
      for (let i = 0; i < 4000; i++) {
        const a = randomPep440(r);
        pairs.push([a, r.chance(0.5) ? randomPep440(r) : mutate(r, a)]);
      }
      const py = [
        'import sys',
        'from packaging.version import Version, InvalidVersion',
        'def v(s):',
        '    try: return Version(s)',
        '    except InvalidVersion: return None',
        'for line in open(sys.argv[1], encoding="utf-8"):',
        '    a, b = line.rstrip("\\n").split("\\t")',
        '    x, y = v(a), v(b)',
        '    if x is None or y is None: print("invalid %d %d" % (x is not None, y is not None))',
        '    else: print((x > y) - (x < y))',
      ].join('\n');
      const answers = runBatch(pairs, (file) => exec('python3', ['-c', py, file]));
      expect(answers).toHaveLength(pairs.length);
      const disagreements: string[] = [];
      pairs.forEach(([a, b], i) => {
        const got = answers[i]!;
        if (got.startsWith('invalid')) {
          const [, va, vb] = got.split(' ');
          if (isValidPep440(a) !== (va === '1') || isValidPep440(b) !== (vb === '1')) {
            disagreements.push(`validity ${a} ${b}: packaging says ${got}`);
          }
        } else if (Number(got) !== sgn(comparePep440(a, b))) {
          disagreements.push(`${a} vs ${b}: packaging ${got}`);
        }
      });
      expect(disagreements).toEqual([]);
    },
    60_000,
  );
});

function randomPep440(r: Rng): string {
  let v = r.chance(0.05) ? `${r.int(0, 2)}!` : '';
  v += Array.from({ length: r.int(1, 4) }, () =>
    r.chance(0.1) ? `0${r.int(0, 9)}` : String(r.int(0, 12)),
  ).join('.');
  if (r.chance(0.3))
    v += `${r.pick(['', '.', '-', '_'])}${r.pick(['a', 'b', 'c', 'rc', 'alpha', 'beta', 'pre', 'preview'])}${r.pick(['', String(r.int(0, 3))])}`;
  if (r.chance(0.25)) v += r.pick(['-1', '.post1', 'post2', '-post', '.r3', 'rev1', '.post0']);
  if (r.chance(0.25)) v += r.pick(['.dev1', 'dev', '-dev2', '.dev0']);
  if (r.chance(0.15)) v += `+${r.pick(['local', 'ubuntu.1', '5', 'abc.5', 'abc.7', '1-2_3', 'ABC'])}`;
  if (r.chance(0.05)) v = v.toUpperCase();
  if (r.chance(0.03)) v += r.pick(['x', '..', '-', '+']);
  return v;
}

function mutate(r: Rng, v: string): string {
  return r.pick([
    () => v,
    () => `${v}.0`,
    () => v.replace(/\d+/, (d) => String(Math.max(0, Number(d) + r.int(-1, 1)))),
    () => v.replace(/\+.*$/, ''),
    () => `${v.replace(/\+.*$/, '')}.dev0`,
    () => v.replace('.', '-'),
  ])();
}
