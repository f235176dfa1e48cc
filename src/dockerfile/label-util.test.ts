import { describe, expect, it } from 'vitest';
import { isEmail, isGitHash, isRfc3339, isSemver, isSpdxId, isUri, labelKeyProblem } from './label-util.js';

/** Runs `fn` on a long hostile input and checks it returns quickly (no catastrophic backtracking). */
function fast(fn: (s: string) => boolean, input: string) {
  const t = performance.now();
  fn(input);
  expect(performance.now() - t).toBeLessThan(200);
}

describe('labelKeyProblem', () => {
  it('accepts reverse-DNS keys', () => {
    for (const k of [
      'validlabel',
      'org.valid-key.label3',
      'org.opencontainers.image.source',
      'a',
      'my.label/with_under',
    ])
      expect(labelKeyProblem(k), k).toBeNull();
  });
  it('rejects bad starts, ends, characters, separators and reserved namespaces', () => {
    for (const k of [
      '.invalid',
      '-invalid',
      '1invalid',
      'Upper',
      'invalid.',
      'inv$alid',
      'invalid..x',
      'invalid--x',
      'ünï',
    ])
      expect(labelKeyProblem(k), k).not.toBeNull();
    for (const k of ['com.docker.label', 'io.docker.label', 'org.dockerproject.label'])
      expect(labelKeyProblem(k)).toMatch(/reserves/);
  });
});

describe('isRfc3339', () => {
  it('accepts RFC 3339 date-times', () => {
    for (const v of [
      '2021-03-10T10:26:33.564595127+01:00',
      '1985-04-12T23:20:50.52Z',
      '1996-12-19T16:39:57-08:00',
      '1990-12-31T23:59:60Z',
      '2024-02-29T00:00:00z',
      '2024-01-01t00:00:00+0100',
      ' 2024-01-01T00:00:00Z ',
    ])
      expect(isRfc3339(v), v).toBe(true);
  });
  it('rejects other dates', () => {
    for (const v of [
      'not-date',
      '',
      '2024-01-01',
      '2024-01-01 00:00:00Z',
      '2024-01-01T00:00:00',
      '2023-02-29T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T00:00:00.Z',
      '24-01-01T00:00:00Z',
    ])
      expect(isRfc3339(v), v).toBe(false);
  });
  it('is linear on hostile input', () => fast(isRfc3339, `2024-01-01T00:00:00.${'1'.repeat(100_000)}x`));
});

describe('isUri', () => {
  it('accepts absolute URIs', () => {
    for (const v of [
      'http://example.com',
      'https://user:pw@example.com:8443/a/b?q=1&r=%20#frag',
      'mailto:team@example.com',
      'urn:isbn:0451450523',
      'file:///etc/passwd',
      'http://[::1]:80/',
      'http://[2001:db8::7]/c=GB?objectClass?one',
      'http://[v7.fe80::a]/',
      'git+ssh://git@github.com/acme/app.git',
    ])
      expect(isUri(v), v).toBe(true);
  });
  it('rejects relative references and bad characters', () => {
    for (const v of [
      'not-url',
      '',
      'example.com',
      '//example.com',
      'http://exa mple.com',
      'http://example.com/%zz',
      'http://[::1/',
      'http://[1:2:3:4:5:6:7:8:9]/',
      'http://example.com:80a/',
      '1http://x',
      'https://example.com/a b',
      'http://ex<ample>.com',
    ])
      expect(isUri(v), v).toBe(false);
  });
  it('is linear on hostile input', () => {
    fast(isUri, `http://${'a'.repeat(100_000)}:${'1'.repeat(100_000)}!`);
    fast(isUri, `a${'+'.repeat(200_000)}`);
    fast(isUri, `http://[${'1:'.repeat(50_000)}]`);
  });
});

describe('isEmail', () => {
  it('accepts addr-specs', () => {
    for (const v of [
      'abcd@google.com',
      'first.last+tag@sub.example.org',
      '"john doe"@example.com',
      'a@localhost',
      'x@[192.0.2.1]',
    ])
      expect(isEmail(v), v).toBe(true);
  });
  it('rejects other values', () => {
    for (const v of [
      'not-email',
      '',
      'Jane <jane@example.com>',
      '@example.com',
      'a@',
      'a..b@example.com',
      '.a@example.com',
      'a@example..com',
      'a b@example.com',
      'a@b@c',
      '"unterminated@example.com',
    ])
      expect(isEmail(v), v).toBe(false);
  });
  it('is linear on hostile input', () => {
    fast(isEmail, `${'a.'.repeat(100_000)}@${'b.'.repeat(100_000)}`);
    fast(isEmail, `"${'\\a'.repeat(100_000)}`);
    fast(isEmail, `a@[${'x'.repeat(200_000)}`);
  });
});

describe('isGitHash, isSpdxId, isSemver', () => {
  it('checks git hashes', () => {
    expect(isGitHash('2c7a1e9')).toBe(true);
    expect(isGitHash('a'.repeat(40))).toBe(true);
    for (const v of ['', '2C7A1E9', '2c7a1e', 'a'.repeat(41), 'g'.repeat(7), 'main'])
      expect(isGitHash(v), v).toBe(false);
    fast(isGitHash, 'a'.repeat(200_000));
  });
  it('checks SPDX ids exactly', () => {
    for (const v of ['MIT', 'BSD-3-Clause', 'Apache-2.0', 'GPL-2.0']) expect(isSpdxId(v), v).toBe(true);
    for (const v of ['not-spdx', 'mit', 'MIT OR Apache-2.0', ' MIT', '']) expect(isSpdxId(v), v).toBe(false);
  });
  it('checks semantic versions', () => {
    for (const v of ['1.0.0', '2.0.1-rc1', '1.0.0-alpha.1+build.5', '0.0.0'])
      expect(isSemver(v), v).toBe(true);
    for (const v of ['not-sem-ver', 'v1.0.0', '1.0', '01.0.0', ' 1.0.0', '=1.0.0', '1.0.0-', ''])
      expect(isSemver(v), v).toBe(false);
    fast(isSemver, `1.0.0-${'a.'.repeat(100_000)}`);
  });
});
