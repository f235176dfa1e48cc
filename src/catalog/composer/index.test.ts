import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { memorySource } from '../memory-source.js';
import { composerCataloger, composerPurl } from './index.js';
import { parseComposerLock, parseInstalledJson } from './parse-composer.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseInstalledJson', () => {
  it('reads Composer 2 installed.json (written by composer 2.5), marking dev packages', () => {
    expect(parseInstalledJson(fixture('installed.json'))).toEqual({
      ok: true,
      value: [
        { name: 'phpunit/phpunit', version: '10.5.10', licenses: ['BSD-3-Clause'], dev: true },
        { name: 'psr/log', version: '3.0.0', licenses: ['MIT'], dev: false },
        { name: 'symfony/console', version: 'v6.4.3', licenses: ['MIT'], dev: false },
      ],
    });
  });

  it('reads the Composer 1 array, with string licences and without platform packages', () => {
    expect(parseInstalledJson(fixture('installed-composer1.json'))).toEqual({
      ok: true,
      value: [
        { name: 'monolog/monolog', version: '1.27.1', licenses: ['MIT'], dev: false },
        { name: 'acme/internal-tools', version: 'dev-main', licenses: ['proprietary'], dev: false },
      ],
    });
  });

  it('says why a file is not an installed.json', () => {
    expect(parseInstalledJson('{"packages": [')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^invalid JSON/),
    });
    expect(parseInstalledJson('{"dev": true}')).toMatchObject({ ok: false });
    // Deep nesting neither crashes nor yields packages.
    expect(parseInstalledJson(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toEqual({
      ok: true,
      value: [],
    });
  });
});

describe('parseComposerLock', () => {
  it('reads packages and packages-dev from a lock written by composer 2.5', () => {
    expect(parseComposerLock(fixture('composer.lock'))).toEqual({
      ok: true,
      value: [
        { name: 'psr/log', version: '3.0.0', licenses: ['MIT'], dev: false },
        { name: 'symfony/console', version: 'v6.4.3', licenses: ['MIT'], dev: false },
        { name: 'phpunit/phpunit', version: '10.5.10', licenses: ['BSD-3-Clause'], dev: true },
      ],
    });
    expect(parseComposerLock('[]')).toEqual({ ok: false, reason: 'no "packages" list: not a composer.lock' });
  });
});

describe('composerPurl', () => {
  it('lower-cases vendor and name and drops a v before the number', () => {
    expect(composerPurl('Symfony/Console', 'v6.4.3')).toBe('pkg:composer/symfony/console@6.4.3');
    expect(composerPurl('acme/tools', 'dev-main')).toBe('pkg:composer/acme/tools@dev-main');
    expect(composerPurl('acme/tools', 'version-2')).toBe('pkg:composer/acme/tools@version-2');
  });
});

// Composer is the reference reader: `composer show` lists what it considers installed and locked.
const itComposer = requireTool('composer') && requireTool('php') ? it : it.skip;
describe('against composer itself', () => {
  itComposer(
    'reads installed.json and composer.lock as `composer show` does, with and without --no-dev',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'shipshape-composer-'));
      try {
        const pkg = (name: string, json: object) => {
          mkdirSync(join(dir, 'pkgs', name), { recursive: true });
          writeFileSync(join(dir, 'pkgs', name, 'composer.json'), JSON.stringify(json));
        };
        pkg('console', {
          name: 'symfony/console',
          version: 'v6.4.3',
          license: 'MIT',
          require: { 'psr/log': '^3.0' },
        });
        pkg('log', { name: 'psr/log', version: '3.0.0', license: ['MIT'] });
        pkg('carbon', {
          name: 'nesbot/carbon',
          version: '2.72.3',
          license: 'MIT',
          require: { 'psr/log': '*' },
        });
        pkg('phpunit', { name: 'phpunit/phpunit', version: '10.5.10', license: 'BSD-3-Clause' });
        mkdirSync(join(dir, 'app'));
        writeFileSync(
          join(dir, 'app', 'composer.json'),
          JSON.stringify({
            name: 'acme/shop',
            repositories: [
              { type: 'path', url: '../pkgs/*', options: { symlink: false } },
              { 'packagist.org': false },
            ],
            require: { 'symfony/console': '^6.4', 'nesbot/carbon': '^2.72' },
            'require-dev': { 'phpunit/phpunit': '^10.5' },
          }),
        );
        const env = { ...process.env, COMPOSER_HOME: join(dir, 'home'), COMPOSER_ALLOW_SUPERUSER: '1' };
        const composer = (...args: string[]) => {
          const r = spawnSync('composer', ['--no-interaction', ...args], {
            cwd: join(dir, 'app'),
            env,
            encoding: 'utf8',
          });
          expect(r.status, r.stderr).toBe(0);
          return r.stdout;
        };
        const shown = (json: string, key: string) =>
          (JSON.parse(json)[key] as { name: string; version: string }[])
            .map((p) => `${p.name}@${p.version}`)
            .sort();
        const ours = (r: ReturnType<typeof parseInstalledJson>) =>
          r.ok ? r.value.map((p) => `${p.name}@${p.version}`).sort() : [r.reason];

        for (const args of [[], ['--no-dev']]) {
          composer('install', '--no-progress', ...args);
          const installed = readFileSync(join(dir, 'app', 'vendor', 'composer', 'installed.json'), 'utf8');
          expect(ours(parseInstalledJson(installed))).toEqual(
            shown(composer('show', '--format=json'), 'installed'),
          );
        }
        const lock = readFileSync(join(dir, 'app', 'composer.lock'), 'utf8');
        expect(ours(parseComposerLock(lock))).toEqual(
          shown(composer('show', '--locked', '--format=json'), 'locked'),
        );
        expect(ours(parseComposerLock(lock))).toContain('phpunit/phpunit@10.5.10');
        // The cataloger reports a lock alone as `composer show --locked --no-dev` does: no require-dev packages.
        const fromLock = composerCataloger
          .catalog(memorySource({ '/app/composer.lock': lock }), {})
          .packages.map((p) => `${p.name}@${p.version}`)
          .sort();
        expect(fromLock).toEqual(shown(composer('show', '--locked', '--no-dev', '--format=json'), 'locked'));
        expect(fromLock).not.toContain('phpunit/phpunit@10.5.10');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('composerCataloger', () => {
  it('merges installed and locked packages, skips locks inside vendor/, and reports corrupt files', () => {
    const fs = memorySource({
      '/var/www/vendor/composer/installed.json': { content: fixture('installed.json'), layer: 6 },
      '/var/www/composer.lock': { content: fixture('composer.lock'), layer: 5 },
      '/var/www/vendor/psr/log/composer.lock': '{"packages":[{"name":"evil/dev-only","version":"1.0.0"}]}',
      '/srv/legacy/vendor/composer/installed.json': fixture('installed-composer1.json'),
      '/srv/broken/composer.lock': '{"packages": [',
    });
    const r = composerCataloger.catalog(fs, {});
    expect(r.unknowns).toEqual([
      { path: '/srv/broken/composer.lock', reason: expect.stringMatching(/^invalid JSON/) },
    ]);
    expect(r.packages.map((p) => p.purl).sort()).toEqual([
      'pkg:composer/acme/internal-tools@dev-main',
      'pkg:composer/monolog/monolog@1.27.1',
      'pkg:composer/phpunit/phpunit@10.5.10',
      'pkg:composer/psr/log@3.0.0',
      'pkg:composer/symfony/console@6.4.3',
    ]);
    expect(r.packages.find((p) => p.name === 'symfony/console')).toEqual({
      name: 'symfony/console',
      version: 'v6.4.3',
      type: 'composer',
      purl: 'pkg:composer/symfony/console@6.4.3',
      licenses: ['MIT'],
      layer: 6,
      locations: ['/var/www/vendor/composer/installed.json', '/var/www/composer.lock'],
    });
  });
});
