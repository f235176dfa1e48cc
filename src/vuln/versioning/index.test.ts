import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isShipshapeError } from '../../core/errors.js';
import { compareVersions as fromRoot } from '../../index.js';
import { hostileStrings, orderViolations, rng, sgn } from './fixtures/support.js';
import { baseEcosystem, compareVersions, ECOSYSTEM_VERSIONING, versioningFor } from './index.js';

describe('versioningFor', () => {
  it.each([
    ['Debian', 'deb'],
    ['Debian:12', 'deb'],
    ['Ubuntu:22.04:LTS', 'deb'],
    ['Ubuntu:Pro:18.04:LTS', 'deb'],
    ['Alpine:v3.19', 'apk'],
    ['Wolfi', 'apk'],
    ['Chainguard', 'apk'],
    ['Red Hat:enterprise_linux:9::baseos', 'rpm'],
    ['Rocky Linux:9', 'rpm'],
    ['AlmaLinux:8', 'rpm'],
    ['openSUSE:Leap 15.5', 'rpm'],
    ['SUSE:Linux Enterprise Server 15 SP5', 'rpm'],
    ['Mageia:9', 'rpm'],
    ['Photon OS:5.0', 'rpm'],
    ['npm', 'semver'],
    ['crates.io', 'semver'],
    ['Hex', 'semver'],
    ['Pub', 'semver'],
    ['PyPI', 'pep440'],
    ['Go', 'go'],
    ['Maven', 'maven'],
    ['Maven:https://repo.maven.apache.org/maven2/', 'maven'],
    ['RubyGems', 'rubygems'],
    ['NuGet', 'nuget'],
    ['Packagist', 'packagist'],
    ['pypi', 'pep440'],
    [' debian:12 ', 'deb'],
  ])('%s -> %s', (eco, id) => {
    expect(versioningFor(eco)?.id).toBe(id);
  });

  it('knows nothing of other names', () => {
    for (const eco of ['', 'Debianish', 'CRAN', 'GIT', ':12'])
      expect(versioningFor(eco), eco).toBeUndefined();
    expect(baseEcosystem('Ubuntu:Pro:18.04:LTS')).toBe('Ubuntu');
  });
});

describe('compareVersions', () => {
  it('orders by the ecosystem and ignores the release suffix', () => {
    expect(compareVersions('Debian:12', '3.0.11-1~deb12u2', '3.0.11-1')).toBe(-1);
    expect(compareVersions('Debian:11', '3.0.11-1~deb12u2', '3.0.11-1')).toBe(-1);
    expect(compareVersions('Red Hat', '1.2.3^git1', '1.2.3')).toBe(1);
    expect(compareVersions('Alpine:v3.19', '1.36.1-r15', '1.36.1-r2')).toBe(1);
    expect(compareVersions('PyPI', '1.0.post1', '1.0')).toBe(1);
    expect(compareVersions('npm', '1.0.0+a', '1.0.0+b')).toBe(0);
    expect(compareVersions('Maven', '1.0-SNAPSHOT', '1.0')).toBe(-1);
    // The same pair, three orders: the ecosystem decides.
    expect(compareVersions('Maven', '1.0.0.pre', '1.0.0')).toBe(1);
    expect(compareVersions('RubyGems', '1.0.0.pre', '1.0.0')).toBe(-1);
    expect(compareVersions('PyPI', '1.0.0.pre', '1.0.0')).toBe(-1);
  });

  it('is exported at the package root', () => {
    expect(fromRoot).toBe(compareVersions);
  });

  it('refuses an unknown ecosystem with a usage error that lists the known ones', () => {
    let err: unknown;
    try {
      compareVersions('Haskell Stack', '1', '2');
    } catch (e) {
      err = e;
    }
    expect(isShipshapeError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'usage', exitCode: 2 });
    expect((err as Error).message).toContain('Haskell Stack');
    expect((err as { hint: string }).hint).toContain('PyPI');
  });
});

describe('every scheme, on hostile input', () => {
  const schemes = [...new Set(Object.values(ECOSYSTEM_VERSIONING))];
  const hostile = hostileStrings();

  it.each(schemes.map((v) => [v.id, v] as const))('%s never throws and stays a total order', (_id, v) => {
    const r = rng(99);
    for (const a of hostile) {
      expect(() => v.isValid(a)).not.toThrow();
      for (const b of hostile) expect(Number.isFinite(v.compare(a, b))).toBe(true);
    }
    expect(orderViolations((a, b) => v.compare(a, b), hostile, r, 5000)).toEqual([]);
  });

  it.each(schemes.map((v) => [v.id, v] as const))('%s compares 64 KB strings in linear time', (_id, v) => {
    const n = 1 << 16;
    const big = [
      `1.${'9'.repeat(n)}`,
      `1${'.1'.repeat(n / 2)}`,
      `1${'-a1'.repeat(n / 4)}`,
      'x'.repeat(n),
      `${'1.'.repeat(n / 2)}x`,
    ];
    const started = performance.now();
    for (const a of big) for (const b of big) v.compare(a, b);
    for (const a of big) v.isValid(a);
    // 25 comparisons of 64 KB strings take well under a second; a quadratic or backtracking step takes
    // minutes.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

// Real OSV records (shared/osv-samples): osv.dev enumerated each `versions` list from the record's ranges with
// the ecosystem's own ordering, so every listed version must fall inside a range under our comparator.
const samples = join(fileURLToPath(new URL('../../../', import.meta.url)), '..', 'shared', 'osv-samples');

interface Affected {
  package?: { ecosystem: string; name: string };
  versions?: string[];
  ranges?: { type: string; events: Record<string, string>[] }[];
}

/** OSV's range walk: events sorted by version (introduced "0" first), then applied in order. */
function inRanges(
  cmp: (a: string, b: string) => number,
  v: string,
  ranges: NonNullable<Affected['ranges']>,
): boolean {
  const at = (e: Record<string, string>) => Object.values(e)[0]!;
  const order = (x: Record<string, string>, y: Record<string, string>) =>
    x.introduced === '0' ? -1 : y.introduced === '0' ? 1 : cmp(at(x), at(y));
  return ranges.some((range) => {
    let affected = false;
    for (const e of [...range.events].sort(order)) {
      if (e.introduced !== undefined && (e.introduced === '0' || cmp(v, e.introduced) >= 0)) affected = true;
      if (e.fixed !== undefined && cmp(v, e.fixed) >= 0) affected = false;
      if (e.last_affected !== undefined && cmp(v, e.last_affected) > 0) affected = false;
    }
    return affected;
  });
}

describe.skipIf(!existsSync(samples) && !process.env.CI)('real OSV records (shared/osv-samples)', () => {
  it('places every enumerated version inside its ranges, and knows every version string', () => {
    expect(existsSync(samples), `missing ${samples}`).toBe(true);
    let checked = 0;
    const outside: string[] = [];
    const invalid: string[] = [];
    for (const dir of readdirSync(samples, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const file of readdirSync(join(samples, dir.name)).filter((f) => f.endsWith('.json'))) {
        const record = JSON.parse(readFileSync(join(samples, dir.name, file), 'utf8')) as {
          affected?: Affected[];
        };
        for (const a of record.affected ?? []) {
          const v = a.package && versioningFor(a.package.ecosystem);
          if (!v || !a.package) continue;
          const ranges = (a.ranges ?? []).filter((r) => r.type === 'ECOSYSTEM' || r.type === 'SEMVER');
          const events = ranges.flatMap((r) => r.events.flatMap((e) => Object.values(e)));
          for (const s of [...(a.versions ?? []), ...events]) {
            if (s !== '0' && !v.isValid(s)) invalid.push(`${file} ${a.package.ecosystem}: ${s}`);
          }
          if (ranges.length === 0) continue;
          for (const version of a.versions ?? []) {
            checked++;
            if (!inRanges(v.compare, version, ranges)) outside.push(`${file} ${a.package.name} ${version}`);
          }
        }
      }
    }
    console.log(`osv-samples: ${checked} enumerated versions checked against their ranges`);
    expect(outside).toEqual([]);
    expect(invalid).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  });
});

it('sgn helper agrees with Math.sign', () => {
  expect([-5, 0, 3].map(sgn)).toEqual([-1, 0, 1]);
});
