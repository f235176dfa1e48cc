import { describe, expect, it } from 'vitest';
import { parseChallenges } from './challenge.js';

describe('parseChallenges', () => {
  it("reads Docker Hub's Bearer challenge", () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/alpine:pull',
        },
      },
    ]);
  });

  it("reads the registry's Basic challenge", () => {
    expect(parseChallenges('Basic realm="Registry Realm"')).toEqual([
      { scheme: 'basic', params: { realm: 'Registry Realm' } },
    ]);
  });

  it('keeps commas and escaped quotes inside quoted values', () => {
    expect(
      parseChallenges('Bearer realm="https://r/token", scope="repository:a:pull,push", error="x \\"y\\""'),
    ).toEqual([
      {
        scheme: 'bearer',
        params: { realm: 'https://r/token', scope: 'repository:a:pull,push', error: 'x "y"' },
      },
    ]);
  });

  it('splits several challenges joined into one header', () => {
    const all = parseChallenges('Basic realm="a", Bearer realm="https://t", service=reg, Negotiate');
    expect(all.map((c) => c.scheme)).toEqual(['basic', 'bearer', 'negotiate']);
    expect(all[1]?.params).toEqual({ realm: 'https://t', service: 'reg' });
  });

  it('is case-insensitive for schemes and parameter names, and tolerates junk', () => {
    expect(parseChallenges('BEARER Realm="x" , SERVICE = "y"')).toEqual([
      { scheme: 'bearer', params: { realm: 'x', service: 'y' } },
    ]);
    expect(parseChallenges('')).toEqual([]);
    // Junk yields something harmless, never a hang: no scheme carries a realm it did not state.
    expect(parseChallenges('=x, ,, "unterminated').every((c) => c.params.realm === undefined)).toBe(true);
    const start = Date.now();
    parseChallenges(`Bearer ${'a=", '.repeat(20_000)}`);
    expect(Date.now() - start).toBeLessThan(1000);
    expect(parseChallenges('Bearer realm="never closed')).toEqual([
      { scheme: 'bearer', params: { realm: 'never closed' } },
    ]);
  });
});
