import { describe, expect, it } from 'vitest';
import { globMatcher, globToRegExp } from './glob.js';

const PATTERNS = [
  '/etc/os-release',
  '/**/package.json',
  '/**/node_modules/*/package.json',
  '/**/*.egg-info/PKG-INFO',
  '/**/*.{jar,war}',
  '**/yarn.lock',
  '/usr/lib/**/METADATA',
  '/var/lib/dpkg/status.d/*',
];
const PATHS = [
  '/etc/os-release',
  '/etc/os-release.bak',
  '/package.json',
  '/app/package.json',
  '/app/node_modules/x/package.json',
  '/app/node_modules/x/dist/package.json',
  '/usr/lib/python3/foo.egg-info/PKG-INFO',
  '/usr/lib/python3/foo.egg-info',
  '/opt/app.jar',
  '/opt/app.jar.bak',
  '/opt/x.war',
  '/yarn.lock',
  '/a/b/yarn.lock',
  '/a/b/yarn.lockx',
  '/usr/lib/python3.11/site-packages/x.dist-info/METADATA',
  '/var/lib/dpkg/status.d/base',
  '/var/lib/dpkg/status.d/x/y',
  '/weird/pa(ck)age.json',
  '/',
];

describe('globMatcher', () => {
  it('agrees with testing every glob on its own', () => {
    const many = globMatcher(PATTERNS);
    for (const path of PATHS) {
      const one = PATTERNS.some((p) => globToRegExp(p).test(path));
      expect(many(path), path).toBe(one);
    }
  });

  it("agrees with testing every glob on its own on the catalogers' globs and random paths", () => {
    const patterns = [
      ...PATTERNS,
      '/var/lib/dpkg/info/*.list',
      '/**/specifications/*.gemspec',
      '/**/specifications/default/*.gemspec',
      '/**/node_modules/@*/*/package.json',
      '/**/*.dist-info/METADATA',
      '/usr/lib/sysimage/rpm/rpmdb.sqlite-wal',
      '/opt/{a/b,c}',
      '/srv/**',
      '/x/?.txt',
    ];
    const many = globMatcher(patterns);
    const parts = [
      '',
      'etc',
      'var',
      'lib',
      'dpkg',
      'info',
      'status.d',
      'x',
      'a',
      'b',
      'c',
      'opt',
      'srv',
      'usr',
      'node_modules',
      '@scope',
      'pkg',
      'package.json',
      'specifications',
      'default',
      'rack.gemspec',
      'libc6.list',
      'y.dist-info',
      'METADATA',
      'PKG-INFO',
      'f.egg-info',
      'app.jar',
      'yarn.lock',
      'q.txt',
      'qq.txt',
      'os-release',
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 20_000; n++) {
      const depth = 1 + (next() % 6);
      const path = `/${Array.from({ length: depth }, () => parts[next() % parts.length]).join('/')}`;
      const one = patterns.some((p) => globToRegExp(p).test(path));
      expect(many(path), path).toBe(one);
    }
    expect(many('/opt/a/b')).toBe(true);
    expect(many('/srv/x/y')).toBe(true);
    expect(many('/var/lib/dpkg/info/libc6.list')).toBe(true);
  });

  it('treats a file-name glob as matching anywhere, at any depth, and nothing else', () => {
    const m = globMatcher(['/**/*.deps.json']);
    expect(m('/app/bin/App.deps.json')).toBe(true);
    expect(m('/App.deps.json')).toBe(true);
    expect(m('/app/App.deps.json/x')).toBe(false);
    expect(m('/app/Appxdeps.json')).toBe(false);
  });
});
