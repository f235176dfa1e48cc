import { describe, expect, it } from 'vitest';
import { memorySource } from '../memory-source.js';
import { npmCataloger } from './index.js';
import { parsePackageJson } from './parse-package-json.js';
import { parsePackageLock } from './parse-package-lock.js';

const LOCK_V3 = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': {
      name: 'app',
      version: '1.0.0',
      dependencies: { express: '^4.19.2' },
      devDependencies: { vitest: '^1' },
    },
    'node_modules/express': {
      version: '4.19.2',
      resolved: 'https://registry.npmjs.org/express/-/express-4.19.2.tgz',
      license: 'MIT',
    },
    'node_modules/@babel/code-frame': { version: '7.24.7', license: 'MIT' },
    'node_modules/express/node_modules/debug': { version: '2.6.9', license: 'MIT' },
    'node_modules/vitest': { version: '1.6.0', dev: true, license: 'MIT' },
    'node_modules/lib-a': { resolved: 'packages/lib-a', link: true },
    'packages/lib-a': { name: 'lib-a', version: '0.0.1' },
    'node_modules/aliased': { name: 'real-name', version: '3.0.0' },
  },
});

const LOCK_V1 = JSON.stringify({
  name: 'old-app',
  version: '1.0.0',
  lockfileVersion: 1,
  dependencies: {
    lodash: { version: '4.17.21', integrity: 'sha512-x' },
    mocha: { version: '10.0.0', dev: true },
    request: { version: '2.88.2', dependencies: { qs: { version: '6.5.3' } } },
  },
});

describe('parsePackageLock', () => {
  it('reads the v2/v3 packages map without the root, links and dev dependencies', () => {
    const r = parsePackageLock(LOCK_V3);
    expect(r.ok).toBe(true);
    if (r.ok !== true) return;
    expect(r.value.map((p) => `${p.name}@${p.version}`)).toEqual([
      'express@4.19.2',
      '@babel/code-frame@7.24.7',
      'debug@2.6.9',
      'real-name@3.0.0',
    ]);
  });

  it('walks the v1 dependencies tree', () => {
    const r = parsePackageLock(LOCK_V1);
    if (r.ok !== true) throw new Error('expected packages');
    expect(r.value.map((p) => `${p.name}@${p.version}`)).toEqual([
      'lodash@4.17.21',
      'request@2.88.2',
      'qs@6.5.3',
    ]);
  });

  it('rejects corrupt lockfiles with a reason', () => {
    expect(parsePackageLock('{"lockfileVersion": 3, "packages": ')).toMatchObject({ ok: false });
    expect(parsePackageLock('[]')).toEqual({ ok: false, reason: 'not a JSON object' });
    expect(parsePackageLock('{"name":"x"}')).toMatchObject({ ok: false });
  });
});

describe('parsePackageJson', () => {
  it('reads licenses in all three shapes and skips name-less markers', () => {
    expect(parsePackageJson('{"name":"a","version":"1.0.0","license":"ISC"}')).toEqual({
      ok: true,
      value: { name: 'a', version: '1.0.0', licenses: ['ISC'] },
    });
    expect(parsePackageJson('{"name":"b","version":"1.0.0","license":{"type":"MIT"}}')).toMatchObject({
      value: { licenses: ['MIT'] },
    });
    expect(
      parsePackageJson('{"name":"c","version":"1.0.0","licenses":[{"type":"MIT"},{"type":"Apache-2.0"}]}'),
    ).toMatchObject({ value: { licenses: ['MIT', 'Apache-2.0'] } });
    expect(parsePackageJson('{"type":"module"}')).toEqual({ ok: 'skip' });
    expect(parsePackageJson('{nope')).toMatchObject({ ok: false });
  });
});

describe('npmCataloger', () => {
  it('reports installed packages, merges the lockfile, and records corrupt files as unknowns', () => {
    const fs = memorySource({
      '/app/package.json': '{"name":"app","version":"1.0.0"}',
      '/app/package-lock.json': { content: LOCK_V3, layer: 4 },
      '/app/node_modules/express/package.json': {
        content: '{"name":"express","version":"4.19.2","license":"MIT"}',
        layer: 5,
      },
      '/app/node_modules/express/lib/package.json': '{"type":"commonjs"}',
      '/app/node_modules/@babel/code-frame/package.json': {
        content: '{"name":"@babel/code-frame","version":"7.24.7"}',
        layer: 5,
      },
      '/app/node_modules/express/node_modules/debug/package.json': {
        content: '{"name":"debug","version":"2.6.9"}',
        layer: 5,
      },
      '/app/node_modules/broken/package.json': '{"name": "broken", ',
      '/app/node_modules/esm-only/dist/package.json': '{"type":"module"}',
    });
    const r = npmCataloger.catalog(fs, {});
    expect(r.unknowns).toEqual([
      { path: '/app/node_modules/broken/package.json', reason: expect.stringContaining('invalid JSON') },
    ]);
    const byName = Object.fromEntries(r.packages.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(['@babel/code-frame', 'debug', 'express', 'real-name']);
    expect(byName['@babel/code-frame']!.purl).toBe('pkg:npm/%40babel/code-frame@7.24.7');
    expect(byName.express).toEqual({
      name: 'express',
      version: '4.19.2',
      type: 'npm',
      purl: 'pkg:npm/express@4.19.2',
      licenses: ['MIT'],
      layer: 5,
      locations: ['/app/node_modules/express/package.json', '/app/package-lock.json'],
    });
    expect(byName['real-name']!.locations).toEqual(['/app/package-lock.json']);
  });
});
