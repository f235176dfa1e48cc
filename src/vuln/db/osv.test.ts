import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOsvRecord, compareTimestamps, isTimestamp } from './osv.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'osv');
const fixture = (name: string) =>
  JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;

describe('checkOsvRecord', () => {
  it('accepts every real record in the fixtures', () => {
    const files = readdirSync(FIXTURES);
    expect(files.length).toBe(12);
    for (const file of files) expect(checkOsvRecord(fixture(file)), file).toMatchObject({ ok: true });
  });

  it('accepts unknown fields and null for absent ones', () => {
    const r = { ...fixture('DLA-3008-1.json'), aliases: null, x_vendor: { any: 1 } };
    expect(checkOsvRecord(r).ok).toBe(true);
  });

  const base = () => fixture('GHSA-29mw-wpgm-hmr9.json');
  it.each([
    ['not an object', () => [1, 2], 'expected a JSON object'],
    ['no id', () => ({ ...base(), id: undefined }), 'id is missing'],
    ['no modified', () => ({ ...base(), modified: undefined }), 'modified is missing'],
    ['bad modified', () => ({ ...base(), modified: 'yesterday' }), 'modified is not an RFC 3339 timestamp'],
    ['aliases not strings', () => ({ ...base(), aliases: ['CVE-1', 2] }), 'aliases[1] is not a string'],
    [
      'a number for a version (what YAML does to 1.10)',
      () => {
        const r = base();
        (r.affected as { ranges: { events: unknown[] }[] }[])[0]!.ranges[0]!.events[1] = { fixed: 4.1 };
        return r;
      },
      'affected[0].ranges[0].events[1].fixed is not a string',
    ],
    [
      'two kinds in one event',
      () => {
        const r = base();
        (r.affected as { ranges: { events: unknown[] }[] }[])[0]!.ranges[0]!.events[0] = {
          introduced: '0',
          fixed: '1',
        };
        return r;
      },
      'affected[0].ranges[0].events[0] must hold exactly one of introduced, fixed, last_affected, limit',
    ],
    [
      'a package without a name',
      () => {
        const r = base();
        (r.affected as { package: { name?: string } }[])[2]!.package.name = undefined;
        return r;
      },
      'affected[2].package.name is missing or not a string',
    ],
    ['severity without score', () => ({ ...base(), severity: [{ type: 'CVSS_V3' }] }), 'severity[0].score'],
  ])('rejects %s', (_what, make, reason) => {
    const check = checkOsvRecord(make());
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toContain(reason);
  });
});

describe('timestamps', () => {
  it('reads RFC 3339 with any fraction and offsets', () => {
    expect(isTimestamp('0001-01-01T00:00:00Z')).toBe(true);
    expect(isTimestamp('2026-07-08T04:32:24.548042624Z')).toBe(true);
    expect(isTimestamp('2020-10-14T05:15:00+02:00')).toBe(true);
    expect(isTimestamp('2020-10-14')).toBe(false);
    expect(isTimestamp('2020-13-45T00:00:00Z')).toBe(false);
  });

  it('orders below the millisecond and across offsets', () => {
    expect(
      compareTimestamps('2026-07-08T04:32:24.548042624Z', '2026-07-08T04:32:24.548042623Z'),
    ).toBeGreaterThan(0);
    expect(compareTimestamps('2026-07-08T04:32:24.5480Z', '2026-07-08T04:32:24.548Z')).toBe(0);
    expect(compareTimestamps('2020-10-14T05:15:00+02:00', '2020-10-14T03:15:00Z')).toBe(0);
    expect(compareTimestamps('2021-01-01T00:00:00Z', '2020-12-31T23:59:59.999999Z')).toBeGreaterThan(0);
  });
});
