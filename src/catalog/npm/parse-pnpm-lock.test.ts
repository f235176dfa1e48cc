import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../memory-source.js';
import { npmCataloger } from './index.js';
import { parsePnpmLock, splitPnpmKey } from './parse-pnpm-lock.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

// What `pnpm install --prod` put in node_modules/.pnpm for these lockfiles (directory names: `+` for `/`,
// `_` before peers): the oracle the parser must agree with.
const PROD_INSTALL = fixture('pnpm-prod-install.txt')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => l.replace(/^(@[^+]+)\+/, '$1/').split('_')[0]!)
  .sort();

describe('parsePnpmLock', () => {
  for (const [file, version] of [
    ['pnpm-lock-v5.4.yaml', '5.4 (pnpm 7)'],
    ['pnpm-lock-v6.0.yaml', '6.0 (pnpm 8)'],
    ['pnpm-lock-v9.0.yaml', '9.0 (pnpm 9)'],
  ] as const) {
    it(`reads lockfile ${version} as \`pnpm install --prod\` installs it`, () => {
      const r = parsePnpmLock(fixture(file));
      if (r.ok !== true) throw new Error(JSON.stringify(r));
      expect(r.value.map((p) => `${p.name}@${p.version}`).sort()).toEqual(PROD_INSTALL);
      // Dev-only packages (is-odd and the is-number it pulls in) stay out; the aliased string-width is there.
      expect(PROD_INSTALL).not.toContain('is-odd@3.0.1');
      expect(PROD_INSTALL).toContain('string-width@4.2.3');
      expect(PROD_INSTALL).toContain('react-dom@18.2.0');
    });
  }

  it('splits keys of each lockfile generation, dropping peer suffixes', () => {
    expect(splitPnpmKey('/react-dom/18.2.0_react@18.2.0', 5)).toEqual({
      name: 'react-dom',
      version: '18.2.0',
    });
    expect(splitPnpmKey('/@emotion/react/11.11.1_3stiutgnnbnfnf3uowm5cip22i', 5)).toEqual({
      name: '@emotion/react',
      version: '11.11.1',
    });
    expect(splitPnpmKey('/@babel/core/7.22.5', 5)).toEqual({ name: '@babel/core', version: '7.22.5' });
    expect(splitPnpmKey('/@mui/base@5.0.0-beta.4(@types/react@18.2.0)(react@18.2.0)', 6)).toEqual({
      name: '@mui/base',
      version: '5.0.0-beta.4',
    });
    expect(splitPnpmKey('react-dom@18.2.0(react@18.2.0)', 9)).toEqual({
      name: 'react-dom',
      version: '18.2.0',
    });
    expect(splitPnpmKey('github.com/user/repo/6b2bd1f', 5)).toBeUndefined();
    expect(splitPnpmKey('foo@https://codeload.github.com/user/foo/tar.gz/6b2bd1f', 9)).toBeUndefined();
  });

  it('names tarball and git packages from their entries and skips links', () => {
    const v6 = `lockfileVersion: '6.0'
packages:
  github.com/user/left-pad/6b2bd1f:
    resolution: {tarball: https://codeload.github.com/user/left-pad/tar.gz/6b2bd1f}
    name: left-pad
    version: 1.3.0
    dev: false
  /lodash@4.17.21:
    resolution: {integrity: sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==}
    dev: true
`;
    expect(parsePnpmLock(v6)).toEqual({ ok: true, value: [{ name: 'left-pad', version: '1.3.0' }] });
    const v9 = `lockfileVersion: '9.0'
importers:
  .:
    dependencies:
      left-pad:
        specifier: github:user/left-pad#6b2bd1f
        version: https://codeload.github.com/user/left-pad/tar.gz/6b2bd1f
      lib:
        specifier: workspace:*
        version: link:packages/lib
packages:
  left-pad@https://codeload.github.com/user/left-pad/tar.gz/6b2bd1f:
    resolution: {tarball: https://codeload.github.com/user/left-pad/tar.gz/6b2bd1f}
    version: 1.3.0
snapshots:
  left-pad@https://codeload.github.com/user/left-pad/tar.gz/6b2bd1f: {}
`;
    expect(parsePnpmLock(v9)).toEqual({ ok: true, value: [{ name: 'left-pad', version: '1.3.0' }] });
  });

  it('keeps every scalar a string (1.10 is not 1.1)', () => {
    const r = parsePnpmLock("lockfileVersion: '6.0'\npackages:\n  /x@1.10:\n    version: 1.10\n");
    expect(r).toEqual({ ok: true, value: [{ name: 'x', version: '1.10' }] });
  });

  it('rejects what is not a pnpm lockfile, and alias bombs', () => {
    expect(parsePnpmLock('packages:\n  /a/1.0.0: {}\n')).toEqual({
      ok: false,
      reason: 'no lockfileVersion: not a pnpm-lock.yaml',
    });
    expect(parsePnpmLock('lockfileVersion: 5.4\npackages: [1, 2\n')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^line \d+: invalid YAML/),
    });
    expect(parsePnpmLock("lockfileVersion: '9.0'\npackages: [a]\n")).toEqual({
      ok: false,
      reason: '"packages" is not a mapping',
    });
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    const bomb = `lockfileVersion: '9.0'\n${levels.join('\n')}\n`;
    const t0 = performance.now();
    expect(parsePnpmLock(bomb, 100)).toMatchObject({ ok: false, reason: expect.stringContaining('aliases') });
    expect(performance.now() - t0).toBeLessThan(5000); // expanded, it is 10^8 nodes
  });

  it('is read by the npm cataloger, outside node_modules', () => {
    const fs = memorySource({
      '/app/pnpm-lock.yaml': { content: fixture('pnpm-lock-v9.0.yaml'), layer: 2 },
      '/app/node_modules/.pnpm/lock.yaml': fixture('pnpm-lock-v9.0.yaml'),
      '/app/node_modules/.pnpm/react@18.2.0/node_modules/react/package.json': {
        content: '{"name":"react","version":"18.2.0","license":"MIT"}',
        layer: 3,
      },
      '/other/pnpm-lock.yaml': 'lockfileVersion: [',
    });
    const r = npmCataloger.catalog(fs, {});
    expect(r.unknowns).toEqual([
      { path: '/other/pnpm-lock.yaml', reason: expect.stringContaining('invalid YAML') },
    ]);
    expect(r.packages).toHaveLength(PROD_INSTALL.length);
    expect(r.packages.find((p) => p.name === 'react')).toEqual({
      name: 'react',
      version: '18.2.0',
      type: 'npm',
      purl: 'pkg:npm/react@18.2.0',
      licenses: ['MIT'],
      layer: 3,
      locations: [
        '/app/node_modules/.pnpm/react@18.2.0/node_modules/react/package.json',
        '/app/pnpm-lock.yaml',
      ],
    });
  });
});
