import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTool } from '../../../test/support/tools.js';
import { exec, orderViolations, type Rng, rng, sgn } from './fixtures/support.js';
import { compareMaven, isValidMaven, MAX_MAVEN_LENGTH } from './maven.js';

// Real Maven Central versions (log4j, jackson, spring, guava, netty); [a, expected sign, b].
const TABLE: [string, -1 | 0 | 1, string][] = [
  ['1.0-SNAPSHOT', -1, '1.0'],
  ['1.0-alpha-1', -1, '1.0-beta-1'],
  ['1.0-beta-1', -1, '1.0-milestone-1'],
  ['1.0-M1', -1, '1.0-RC1'],
  ['1.0-RC1', 0, '1.0-CR1'],
  ['1.0-RC1', -1, '1.0-SNAPSHOT'],
  ['1.0', 0, '1.0-GA'],
  ['1.0', 0, '1.0.FINAL'],
  ['1.0', 0, '1.0-RELEASE'],
  ['1.0', -1, '1.0-SP1'],
  ['1.0-SP1', -1, '1.0-foo'],
  ['1.0', 0, '1.0.0'],
  ['1', 0, '1.0.0.0-0'],
  ['1.0.RC2', -1, '1.0-RC3'],
  ['1.0-RC3', -1, '1.0.1'],
  ['1.0.0.X1', -1, '1.0.0-X2'],
  ['1-1', -1, '1.1'],
  ['1-sp', -1, '1-1'],
  ['2.0-alpha1', -1, '2.0-alpha2'],
  ['2.0-beta9', -1, '2.0-rc1'],
  ['2.0-rc2', -1, '2.0'],
  ['2.15.0', -1, '2.16.0'],
  ['2.17.0', -1, '2.17.1'],
  // Jackson's .prN are pre-releases to people but an unknown qualifier to Maven: after the release.
  ['2.10.0.pr1', 1, '2.10.0'],
  ['2.10.0.pr1', -1, '2.10.1'],
  ['2.10.0.pr3', 1, '2.10.0.pr2'],
  ['2.9.10.8', 1, '2.9.10.7'],
  ['2.9.10.8', -1, '2.10.0'],
  ['2.10.0.0', 0, '2.10.0'],
  ['5.3.18', 1, '5.3.17'],
  ['5.2.20.RELEASE', 1, '5.2.19.RELEASE'],
  ['5.2.20.RELEASE', 0, '5.2.20'],
  ['31.1-jre', -1, '32.0.0-jre'],
  ['31.1-jre', 1, '31.1-android'],
  ['4.1.100.Final', 1, '4.1.99.Final'],
  ['1.0.18446744073709551616', 1, '1.0.18446744073709551615'],
];

/** Maven's own ComparableVersion, from the local repository or Debian's maven (an optional oracle). */
function findMavenArtifactJar(): string | undefined {
  const m2 = join(homedir(), '.m2/repository/org/apache/maven/maven-artifact');
  const local = existsSync(m2)
    ? readdirSync(m2)
        .filter((v) => /^3\.9\.\d+$/.test(v))
        .sort((a, b) => compareMaven(b, a))
        .map((v) => join(m2, v, `maven-artifact-${v}.jar`))
    : [];
  return [...local, '/usr/share/java/maven-artifact-3.x.jar'].find((p) => existsSync(p));
}

const jar = findTool('java') ? findMavenArtifactJar() : undefined;
if (jar === undefined) console.warn('[skip] no java or maven-artifact jar: the Maven oracle test is skipped');

/** Sign of a vs b for each pair, from one run of ComparableVersion's main (it compares adjacent arguments). */
function mavenOracle(pairs: [string, string][]): number[] {
  const args = pairs.flat();
  const out = exec('java', ['-cp', jar!, 'org.apache.maven.artifact.versioning.ComparableVersion', ...args]);
  const ops = out
    .split('\n')
    .filter((l) => l.startsWith('   '))
    .map((l, i) => l.slice(3 + args[i]!.length + 1).split(' ')[0]);
  return pairs.map((_, i) => ({ '<': -1, '==': 0, '>': 1 })[ops[2 * i]! as '<' | '==' | '>']);
}

describe('maven (ComparableVersion)', () => {
  it.each(TABLE)('%s vs %s', (a, want, b) => {
    expect(sgn(compareMaven(a, b))).toBe(want);
    expect(sgn(compareMaven(b, a))).toBe(want === 0 ? 0 : -want);
  });

  it('tells valid versions from invalid ones', () => {
    for (const v of ['1.0', '1.0-SNAPSHOT', '2.10.0.pr1', 'x']) expect(isValidMaven(v), v).toBe(true);
    for (const v of ['', '1.0 beta', '\t1', '1'.repeat(MAX_MAVEN_LENGTH + 1)])
      expect(isValidMaven(v), v).toBe(false);
  });

  it('is a total order', () => {
    const r = rng(17);
    const values = [
      ...TABLE.flatMap(([a, , b]) => [a, b]),
      ...Array.from({ length: 400 }, () => randomMaven(r)),
      '',
    ];
    expect(orderViolations(compareMaven, values, r, 20_000)).toEqual([]);
  });

  it.runIf(jar !== undefined)(
    "agrees with Maven's ComparableVersion on the table and 3000 generated pairs",
    () => {
      const r = rng(2031);
      const pairs: [string, string][] = TABLE.map(([a, , b]) => [a, b]);
      for (let i = 0; i < 3000; i++) {
        const a = randomMaven(r);
        pairs.push([a, r.chance(0.4) ? randomMaven(r) : mutate(r, a)]);
      }
      const want = mavenOracle(pairs);
      const disagreements = pairs
        .map(([a, b], i) => ({ a, b, maven: want[i], ours: sgn(compareMaven(a, b)) }))
        .filter((d) => d.maven !== d.ours);
      expect(disagreements).toEqual([]);
      for (const s of [-1, 0, 1]) expect(want.filter((x) => x === s).length).toBeGreaterThan(200);
    },
    120_000,
  );
});

const WORDS = [
  'alpha',
  'beta',
  'milestone',
  'rc',
  'cr',
  'snapshot',
  'ga',
  'final',
  'release',
  'sp',
  'jre',
  'pr',
  'foo',
];

function randomMaven(r: Rng): string {
  let v = String(r.int(0, 12));
  for (let i = r.int(0, 3); i > 0; i--) v += `.${r.chance(0.1) ? '0' : r.int(0, 20)}`;
  for (let i = r.int(0, 2); i > 0; i--) {
    const w = r.pick([...WORDS, 'a', 'b', 'm', 'A', 'RC', 'Final', 'SNAPSHOT']);
    v += `${r.pick(['-', '.', ''])}${w}${r.pick(['', String(r.int(0, 3)), `-${r.int(0, 3)}`, `.${r.int(0, 3)}`])}`;
  }
  if (r.chance(0.1)) v += r.pick(['-1', '.0', '-0', '-', '.', '..1', '--1']);
  return v;
}

function mutate(r: Rng, v: string): string {
  return r.pick([
    () => v,
    () => `${v}.0`,
    () => `${v}-0`,
    () => v.toUpperCase(),
    () => v.replace('-', '.'),
    () => v.replace('.', '-'),
    () => v.replace(/\d+/, (d) => String(Math.max(0, Number(d) + r.int(-1, 1)))),
    () => `${v}${r.pick(['-SNAPSHOT', '.RELEASE', '-sp1', '-rc1', '.Final'])}`,
  ])();
}
