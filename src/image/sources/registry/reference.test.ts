import { describe, expect, it } from 'vitest';
import { formatReference, isLoopback, parseReference } from './reference.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  // Expected values as `docker pull` normalises them (github.com/distribution/reference ParseNormalizedNamed).
  it.each([
    ['alpine', 'docker.io', 'registry-1.docker.io', 'library/alpine', 'latest', undefined],
    ['alpine:3.19', 'docker.io', 'registry-1.docker.io', 'library/alpine', '3.19', undefined],
    ['docker.io/alpine', 'docker.io', 'registry-1.docker.io', 'library/alpine', 'latest', undefined],
    [
      'index.docker.io/library/alpine:edge',
      'docker.io',
      'registry-1.docker.io',
      'library/alpine',
      'edge',
      undefined,
    ],
    [
      'registry-1.docker.io/bitnami/redis',
      'docker.io',
      'registry-1.docker.io',
      'bitnami/redis',
      'latest',
      undefined,
    ],
    ['user/repo', 'docker.io', 'registry-1.docker.io', 'user/repo', 'latest', undefined],
    ['ghcr.io/o/r@' + D, 'ghcr.io', 'ghcr.io', 'o/r', undefined, D],
    ['ghcr.io/o/r:v1@' + D, 'ghcr.io', 'ghcr.io', 'o/r', 'v1', D],
    ['alpine@' + D, 'docker.io', 'registry-1.docker.io', 'library/alpine', undefined, D],
    ['localhost/foo', 'localhost', 'localhost', 'foo', 'latest', undefined],
    ['localhost:5000/foo/bar:tag', 'localhost:5000', 'localhost:5000', 'foo/bar', 'tag', undefined],
    ['127.0.0.1:5000/name:tag', '127.0.0.1:5000', '127.0.0.1:5000', 'name', 'tag', undefined],
    ['[::1]:5000/name', '[::1]:5000', '[::1]:5000', 'name', 'latest', undefined],
    [
      'Registry.Example.com/a/b_c.d--e__f',
      'Registry.Example.com',
      'Registry.Example.com',
      'a/b_c.d--e__f',
      'latest',
      undefined,
    ],
    // No '/': the part after ':' is a tag, not a port (Docker reads it the same way).
    ['example.com:5000', 'docker.io', 'registry-1.docker.io', 'library/example.com', '5000', undefined],
  ])('%s', (ref, domain, apiHost, repository, tag, digest) => {
    expect(parseReference(ref)).toEqual({ domain, apiHost, repository, tag, digest });
  });

  it('formats the full name', () => {
    expect(formatReference(parseReference('alpine'))).toBe('docker.io/library/alpine:latest');
    expect(formatReference(parseReference(`h:1/r:t@${D}`))).toBe(`h:1/r:t@${D}`);
  });

  it.each([
    ['', /empty/],
    ['Alpine', /must be lowercase/],
    ['docker.io/Library/alpine', /must be lowercase/],
    ['alpine:', /not a valid tag/],
    ['alpine:-x', /not a valid tag/],
    [`alpine:${'x'.repeat(129)}`, /not a valid tag/],
    ['alpine@sha256:abc', /not a digest/],
    [`alpine@md5:${'a'.repeat(32)}`, /not a digest/],
    [':tag', /no repository name/],
    ['a//b', /empty path component/],
    ['a/-b', /not a valid name component/],
    ['foo_-bar', /not a valid name component/],
    ['host.com:99999/r', /out of range/],
    ['ho_st.com/r', /not a valid registry host/],
    ['alpine 3.19', /white space/],
    [`r/${'a'.repeat(260)}`, /longer than 255/],
  ])('refuses %j', (ref, why) => {
    let err: unknown;
    try {
      parseReference(ref);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ exitCode: 2, message: expect.stringMatching(why) });
    expect((err as { hint?: string }).hint).toMatch(/REGISTRY/);
  });

  it('knows loopback hosts', () => {
    for (const h of ['localhost', 'localhost:5000', '127.0.0.1:5000', '127.1.2.3', '[::1]:5000'])
      expect(isLoopback(h)).toBe(true);
    for (const h of ['docker.io', '10.0.0.1:5000', 'localhost.example.com', '128.0.0.1'])
      expect(isLoopback(h)).toBe(false);
  });
});
