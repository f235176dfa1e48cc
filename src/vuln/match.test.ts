import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchAffected, type OsvRange, walkRange } from './match.js';
import { deb } from './versioning/deb.js';
import { semver } from './versioning/semver.js';

const r = (type: string, ...events: Record<string, string>[]): OsvRange => ({ type, events });
const hit = (range: OsvRange, v: string) => walkRange(range, v, range.type === 'SEMVER' ? semver : deb);

describe('walkRange (OSV range semantics)', () => {
  it('introduced "0" is before everything and fixed is exclusive', () => {
    const range = r('SEMVER', { introduced: '0' }, { fixed: '1.2.3' });
    expect(hit(range, '0.0.0')).toEqual({ fixed: '1.2.3' });
    expect(hit(range, '1.2.2')).toEqual({ fixed: '1.2.3' });
    expect(hit(range, '1.2.3-rc.1')).toEqual({ fixed: '1.2.3' });
    expect(hit(range, '1.2.3')).toBeUndefined();
    expect(hit(range, '2.0.0')).toBeUndefined();
  });

  it('last_affected is inclusive and leaves no fix', () => {
    const range = r('SEMVER', { introduced: '1.0.0' }, { last_affected: '1.4.0' });
    expect(hit(range, '0.9.9')).toBeUndefined();
    expect(hit(range, '1.0.0')).toEqual({ fixed: undefined });
    expect(hit(range, '1.4.0')).toEqual({ fixed: undefined });
    expect(hit(range, '1.4.1')).toBeUndefined();
  });

  it('several introduced/fixed pairs, given unsorted, are walked in version order', () => {
    const range = r(
      'SEMVER',
      { fixed: '2.3.1' },
      { introduced: '2.0.0' },
      { fixed: '1.5.2' },
      { introduced: '0' },
      { introduced: '3.0.0' },
    );
    expect(hit(range, '1.5.1')).toEqual({ fixed: '1.5.2' });
    expect(hit(range, '1.5.2')).toBeUndefined();
    expect(hit(range, '1.9.0')).toBeUndefined();
    expect(hit(range, '2.2.0')).toEqual({ fixed: '2.3.1' });
    expect(hit(range, '2.3.1')).toBeUndefined();
    expect(hit(range, '3.1.0')).toEqual({ fixed: undefined });
  });

  it('limit caps the range', () => {
    const range = r('SEMVER', { introduced: '1.0.0' }, { limit: '2.0.0' });
    expect(hit(range, '1.5.0')).toEqual({ fixed: undefined });
    expect(hit(range, '2.0.0')).toBeUndefined();
  });

  it('an empty interval (introduced X, fixed X) affects nothing', () => {
    expect(hit(r('SEMVER', { introduced: '1.0.0' }, { fixed: '1.0.0' }), '1.0.0')).toBeUndefined();
  });

  it('ECOSYSTEM ranges use the ecosystem order (dpkg: ~, epochs, +debNuM, +bN)', () => {
    const range = r('ECOSYSTEM', { introduced: '0' }, { fixed: '3.0.11-1~deb12u2' });
    expect(hit(range, '3.0.11-1~deb12u1')).toEqual({ fixed: '3.0.11-1~deb12u2' });
    expect(hit(range, '3.0.11-1')).toBeUndefined();
    expect(hit(range, '3.0.9-1')).toEqual({ fixed: '3.0.11-1~deb12u2' });
    expect(hit(range, '1:1.0-1')).toBeUndefined();
    const binnmu = r('ECOSYSTEM', { introduced: '0' }, { fixed: '2.36-9+deb12u4' });
    expect(hit(binnmu, '2.36-9+deb12u3+b1')).toEqual({ fixed: '2.36-9+deb12u4' });
    expect(hit(binnmu, '2.36-9+deb12u4+b1')).toBeUndefined();
  });
});

describe('matchAffected', () => {
  it('matches versions[] as exact strings, ranges by order, and skips GIT ranges', () => {
    const entry = {
      ranges: [r('GIT', { introduced: '0' }, { fixed: 'abc123' })],
      versions: ['1.0.0', '1.0.1'],
    };
    expect(matchAffected(entry, '1.0.1', deb, semver)).toEqual({ fixedVersions: [], via: 'versions' });
    expect(matchAffected(entry, '1.0.2', deb, semver)).toBeUndefined();
    expect(matchAffected({}, '1.0.0', deb, semver)).toBeUndefined();
  });

  it('real records: GHSA (SEMVER) and a Debian DLA (ECOSYSTEM)', () => {
    const samples = join(__dirname, '..', '..', '..', 'shared', 'osv-samples');
    const load = (p: string) => JSON.parse(readFileSync(join(samples, p), 'utf8'));
    let dla: { affected: { package: { name: string }; ranges: OsvRange[] }[] };
    try {
      dla = load('debian/DLA-3008-1.json');
    } catch {
      return; // the shared samples sit beside the repository; fixtures in src/vuln/db cover a clean clone
    }
    const entry = dla.affected[0];
    if (!entry) throw new Error('no affected entry');
    const fixedAt = entry.ranges[0]?.events.find((e) => e.fixed)?.fixed as string;
    expect(matchAffected(entry, fixedAt, deb, semver)).toBeUndefined();
    expect(matchAffected(entry, `${fixedAt}~`, deb, semver)?.fixedVersions).toEqual([fixedAt]);
  });
});
