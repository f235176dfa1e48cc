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

  it('treats a file-name glob as matching anywhere, at any depth, and nothing else', () => {
    const m = globMatcher(['/**/*.deps.json']);
    expect(m('/app/bin/App.deps.json')).toBe(true);
    expect(m('/App.deps.json')).toBe(true);
    expect(m('/app/App.deps.json/x')).toBe(false);
    expect(m('/app/Appxdeps.json')).toBe(false);
  });
});
