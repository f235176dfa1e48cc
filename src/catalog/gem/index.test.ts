import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { memorySource } from '../memory-source.js';
import { gemCataloger } from './index.js';
import { parseGemfileLock } from './parse-gemfile-lock.js';
import { parseGemspec, rubyStrings } from './parse-gemspec.js';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const GEMSPECS = readdirSync(FIXTURES).filter((f) => f.endsWith('.gemspec'));
const LOCKS = readdirSync(FIXTURES).filter((f) => f.endsWith('.lock'));

describe('parseGemspec', () => {
  it('reads a specification as RubyGems writes it for an installed native gem', () => {
    expect(parseGemspec(fixture('nokogiri-1.15.4-x86_64-linux.gemspec'))).toEqual({
      ok: true,
      value: {
        name: 'nokogiri',
        version: '1.15.4',
        platform: 'x86_64-linux',
        licenses: ['MIT'],
        authors: expect.arrayContaining(['Mike Dalessio', 'Nobuyoshi Nakada']),
      },
    });
  });

  it('reads old %q{} specs, Gem::Version.new and escaped strings', () => {
    expect(parseGemspec(fixture('old-rubygems.gemspec'))).toMatchObject({
      value: { name: 'rails', version: '2.3.5', licenses: ['MIT'] },
    });
    expect(parseGemspec(fixture('version-new.gemspec'))).toEqual({
      ok: true,
      value: {
        name: 'legacy-thing',
        version: '0.9.1.rc2',
        platform: 'universal-java',
        licenses: ['BSD-2-Clause'],
        authors: ["Jo 'Quote' Smith"],
      },
    });
    expect(parseGemspec(fixture('sass-embedded-1.69.0.pre.1.gemspec'))).toMatchObject({
      value: { authors: ['なつき', 'O\'Brien "Q"'], licenses: ['MIT', 'Apache-2.0'] },
    });
  });

  it('falls back to the stub line, and says what is missing otherwise', () => {
    expect(parseGemspec('# stub: puma 6.4.0 java lib\n')).toEqual({
      ok: true,
      value: { name: 'puma', version: '6.4.0', platform: 'java', licenses: [], authors: [] },
    });
    expect(parseGemspec('Gem::Specification.new do |s|\n  s.name = "x"\nend\n')).toEqual({
      ok: false,
      reason: 'gem specification without a version',
    });
    expect(parseGemspec('\0\0ELF')).toMatchObject({ ok: false });
  });

  it('stays linear on hostile lines', () => {
    const t0 = performance.now();
    parseGemspec(`  ${'s'.repeat(2_000_000)}\n`);
    parseGemspec(`  s.name = ${'"\\'.repeat(500_000)}\n  s.version = "1"\n`);
    parseGemspec(`  s.licenses = [${'%q{'.repeat(300_000)}]\n`);
    rubyStrings(`"${'\\u{'.repeat(200_000)}`);
    expect(performance.now() - t0).toBeLessThan(5000); // quadratic work on these inputs takes minutes
  });
});

describe('parseGemfileLock', () => {
  it('reads the GEM specs Bundler wrote, without PATH gems and dependency lines', () => {
    const r = parseGemfileLock(fixture('Gemfile.lock'));
    expect(r.ok && r.value.map((g) => `${g.name}@${g.version}`)).toEqual([
      'digest@3.1.0',
      'io-wait@0.2.1',
      'net-protocol@0.1.2',
      'net-smtp@0.3.1.1',
      'power_assert@2.0.1',
      'rexml@3.3.9',
      'test-unit@3.5.3',
      'timeout@0.2.0',
    ]);
  });

  it('splits platforms off versions and reads GIT sources', () => {
    const r = parseGemfileLock(fixture('Gemfile-platforms.lock'));
    expect(r).toEqual({
      ok: true,
      value: [
        { name: 'actionpack', version: '7.2.0.alpha' },
        { name: 'rails', version: '7.2.0.alpha' },
        { name: 'nokogiri', version: '1.15.4', platform: 'aarch64-linux' },
        { name: 'nokogiri', version: '1.15.4', platform: 'x86_64-linux' },
        { name: 'racc', version: '1.7.1' },
        { name: 'rack', version: '3.0.8' },
        { name: 'sqlite3', version: '1.6.6', platform: 'x86_64-linux-musl' },
      ],
    });
  });

  it('rejects what is not a lockfile, with a line number where there is one', () => {
    expect(parseGemfileLock('')).toEqual({
      ok: false,
      reason: 'no GEM, GIT or PATH section: not a Gemfile.lock',
    });
    expect(parseGemfileLock('GEM\n  specs:\n<<<<<<< HEAD\n')).toEqual({
      ok: false,
      reason: 'line 3: merge conflict marker',
    });
    expect(parseGemfileLock('GEM\n  specs:\n    rack 3.0.8\n')).toEqual({
      ok: false,
      reason: 'line 3: expected "    name (version)" in specs',
    });
    const t0 = performance.now();
    parseGemfileLock(`GEM\n  specs:\n    ${'a'.repeat(1_000_000)} (${'('.repeat(1_000_000)}\n`);
    expect(performance.now() - t0).toBeLessThan(5000); // quadratic work on these inputs takes minutes
  });
});

// RubyGems and Bundler are the reference readers of these files.
const itRuby = requireTool('ruby') ? it : it.skip;
describe('against RubyGems and Bundler', () => {
  itRuby(
    'reads every specification and lockfile as Gem::Specification.load and Bundler::LockfileParser do',
    () => {
      const system = ['/usr/lib/ruby/gems', '/var/lib/gems', '/usr/share/rubygems-integration']
        .filter(existsSync)
        .flatMap((root) =>
          readdirSync(root, { recursive: true, encoding: 'utf8' })
            .filter((f) => /(^|\/)specifications\/(default\/)?[^/]+\.gemspec$/.test(f))
            .map((f) => join(root, f)),
        );
      const files = [...GEMSPECS, ...LOCKS].map((f) => join(FIXTURES, f)).concat(system);
      const dir = mkdtempSync(join(tmpdir(), 'shipshape-gem-'));
      try {
        // Bundler resolves PATH sources against a Gemfile; an empty one is enough.
        writeFileSync(join(dir, 'Gemfile'), '');
        const r = spawnSync('ruby', [join(FIXTURES, 'oracle.rb'), ...files], {
          encoding: 'utf8',
          env: { ...process.env, BUNDLE_GEMFILE: join(dir, 'Gemfile') },
          maxBuffer: 64 * 1024 * 1024,
        });
        expect(r.status, r.stderr).toBe(0);
        const oracle = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
        expect(oracle.length).toBeGreaterThan(GEMSPECS.length + LOCKS.length);
        for (const o of oracle) {
          const text = readFileSync(o.path as string, 'utf8');
          if (o.specs) {
            const want = (
              o.specs as Array<{ name: string; version: string; platform: string; source: string }>
            )
              .filter((s) => s.source !== 'Path')
              .map((s) => ({
                name: s.name,
                version: s.version,
                ...(s.platform !== 'ruby' ? { platform: s.platform } : {}),
              }));
            const got = parseGemfileLock(text);
            const sort = (a: { name: string }[]) =>
              [...a].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
            expect(got.ok && sort(got.value), o.path as string).toEqual(sort(want));
          } else {
            expect(parseGemspec(text), o.path as string).toEqual({
              ok: true,
              value: {
                name: o.name,
                version: o.version,
                ...(o.platform !== 'ruby' ? { platform: o.platform } : {}),
                licenses: o.licenses,
                authors: o.authors,
              },
            });
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('gemCataloger', () => {
  it('reports installed gems and lockfile gems, merged by purl, with corrupt files as unknowns', () => {
    const fs = memorySource({
      '/usr/local/bundle/specifications/nokogiri-1.15.4-x86_64-linux.gemspec': {
        content: fixture('nokogiri-1.15.4-x86_64-linux.gemspec'),
        layer: 4,
      },
      '/usr/local/bundle/specifications/rack-3.0.8.gemspec': {
        content: fixture('rack-3.0.8.gemspec'),
        layer: 4,
      },
      '/usr/local/lib/ruby/gems/3.2.0/specifications/default/json-2.6.3.gemspec':
        '# stub: json 2.6.3 ruby lib\nGem::Specification.new do |s|\n  s.name = "json".freeze\n  s.version = "2.6.3"\n  s.licenses = ["Ruby".freeze]\nend\n',
      '/usr/local/bundle/specifications/broken.gemspec': 'Gem::Specification.new do |s|\nend\n',
      '/app/Gemfile.lock': { content: fixture('Gemfile-platforms.lock'), layer: 5 },
      '/usr/local/bundle/gems/rack-3.0.8/Gemfile.lock': 'GEM\n  specs:\n    minitest (5.0.0)\n',
      '/app/vendor/Gemfile.lock': 'garbage',
    });
    const r = gemCataloger.catalog(fs, {});
    expect(r.unknowns).toEqual([
      { path: '/usr/local/bundle/specifications/broken.gemspec', reason: 'gem specification without a name' },
      { path: '/app/vendor/Gemfile.lock', reason: 'no GEM, GIT or PATH section: not a Gemfile.lock' },
    ]);
    const by = Object.fromEntries(r.packages.map((p) => [p.purl, p]));
    expect(Object.keys(by).sort()).toEqual([
      'pkg:gem/actionpack@7.2.0.alpha',
      'pkg:gem/json@2.6.3',
      'pkg:gem/nokogiri@1.15.4?platform=aarch64-linux',
      'pkg:gem/nokogiri@1.15.4?platform=x86_64-linux',
      'pkg:gem/racc@1.7.1',
      'pkg:gem/rack@3.0.8',
      'pkg:gem/rails@7.2.0.alpha',
      'pkg:gem/sqlite3@1.6.6?platform=x86_64-linux-musl',
    ]);
    expect(by['pkg:gem/nokogiri@1.15.4?platform=x86_64-linux']).toEqual({
      name: 'nokogiri',
      version: '1.15.4',
      type: 'gem',
      purl: 'pkg:gem/nokogiri@1.15.4?platform=x86_64-linux',
      licenses: ['MIT'],
      layer: 4,
      locations: [
        '/usr/local/bundle/specifications/nokogiri-1.15.4-x86_64-linux.gemspec',
        '/app/Gemfile.lock',
      ],
    });
    expect(by['pkg:gem/json@2.6.3']!.licenses).toEqual(['Ruby']);
  });
});
