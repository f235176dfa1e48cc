import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShipshapeError } from '../core/errors.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import {
  configFromEnv,
  findHadolintConfig,
  ignoreApplies,
  loadLintConfig,
  parseLabelSpec,
  pathMatches,
  resolveOverrides,
} from './config.js';

let dir: string;
let home: string;
let cwd: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-config-'));
  home = join(dir, 'home');
  cwd = join(dir, 'repo', 'sub');
  mkdirSync(home, { recursive: true });
  mkdirSync(cwd, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (path: string, text: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};
const load = (env: Record<string, string> = {}, flags = {}) =>
  loadLintConfig({ cwd, env, home, flags, today: '2025-06-01' });

async function loadError(env: Record<string, string> = {}, flags = {}): Promise<ShipshapeError> {
  try {
    await load(env, flags);
  } catch (e) {
    expect(e).toBeInstanceOf(ShipshapeError);
    return e as ShipshapeError;
  }
  throw new Error('expected an error');
}

describe('defaults', () => {
  it('has hadolint defaults when nothing is configured', async () => {
    const c = await load();
    expect(c.failureThreshold).toBe('info');
    expect(c.noFail).toBe(false);
    expect(c.formats).toEqual([]);
    expect(c.files).toEqual([]);
    expect(c.settings).toMatchObject({
      ignored: [],
      overrides: {},
      trustedRegistries: [],
      strictLabels: false,
    });
  });
});

describe('hadolint config lookup', () => {
  it('follows hadolint order: $PWD, XDG, ~/.hadolint/, ~/.hadolint.yaml', async () => {
    const env = { XDG_CONFIG_HOME: join(home, 'xdg') };
    write(join(home, '.hadolint.yml'), 'ignored: [A]');
    expect(await findHadolintConfig(cwd, env, home)).toBe(join(home, '.hadolint.yml'));
    write(join(home, '.hadolint', 'config.yaml'), 'ignored: [B]');
    expect(await findHadolintConfig(cwd, env, home)).toBe(join(home, '.hadolint', 'config.yaml'));
    write(join(home, '.hadolint', 'hadolint.yml'), 'ignored: [C]');
    expect(await findHadolintConfig(cwd, env, home)).toBe(join(home, '.hadolint', 'hadolint.yml'));
    write(join(home, 'xdg', 'hadolint.yaml'), 'ignored: [D]');
    expect(await findHadolintConfig(cwd, env, home)).toBe(join(home, 'xdg', 'hadolint.yaml'));
    write(join(cwd, '.hadolint.yml'), 'ignored: [E]');
    expect(await findHadolintConfig(cwd, env, home)).toBe(join(cwd, '.hadolint.yml'));
    write(join(cwd, '.hadolint.yaml'), 'ignored: [F]');
    expect(await findHadolintConfig(cwd, env, home)).toBe(join(cwd, '.hadolint.yaml'));
    const c = await load(env);
    expect(c.settings.ignored).toEqual(['F']);
  });

  it('uses ~/.config when XDG_CONFIG_HOME is unset', async () => {
    write(join(home, '.config', 'hadolint.yaml'), 'ignored: [DL3008]');
    expect((await load()).settings.ignored).toEqual(['DL3008']);
  });

  it('--config skips the search', async () => {
    write(join(cwd, '.hadolint.yaml'), 'ignored: [DL1]');
    write(join(dir, 'other.yaml'), 'ignored: [DL2]');
    const c = await load({}, { config: join(dir, 'other.yaml') });
    expect(c.settings.ignored).toEqual(['DL2']);
    expect(c.files).toEqual([join(dir, 'other.yaml')]);
  });

  it('reads every key', async () => {
    write(
      join(cwd, '.hadolint.yaml'),
      [
        'ignored: [DL3008, SC2086]',
        'override:',
        '  error: [DL3001]',
        '  warning: [DL3042]',
        '  info: [DL3032]',
        '  style: [DL3015]',
        'trustedRegistries: [docker.io, "*.gcr.io"]',
        'label-schema:',
        '  author: text',
        '  url: url',
        '  empty:',
        'strict-labels: true',
        'disable-ignore-pragma: true',
        'failure-threshold: warning',
        'no-fail: true',
        'no-color: true',
        'verbose: true',
        'format: json',
        'formats: [sarif]',
        'some-future-key: 1',
      ].join('\n'),
    );
    const c = await load();
    expect(c.settings).toEqual({
      ignored: ['DL3008', 'SC2086'],
      overrides: { DL3001: 'error', DL3042: 'warning', DL3032: 'info', DL3015: 'style' },
      enabled: [],
      trustedRegistries: ['docker.io', '*.gcr.io'],
      labelSchema: { author: 'text', url: 'url', empty: 'text' },
      strictLabels: true,
      disableIgnorePragma: true,
    });
    expect(c).toMatchObject({ failureThreshold: 'warning', noFail: true, noColor: true, verbose: true });
    expect(c.formats).toEqual(['json', 'sarif']);
  });

  it('accepts trustedRegistries as a single string', async () => {
    write(join(cwd, '.hadolint.yaml'), 'trustedRegistries: my.registry');
    expect((await load()).settings.trustedRegistries).toEqual(['my.registry']);
  });

  it('treats an empty file as an empty config', async () => {
    write(join(cwd, '.hadolint.yaml'), '');
    expect((await load()).settings.ignored).toEqual([]);
  });
});

describe('precedence', () => {
  it('env < file < flags for scalars', async () => {
    const env = { HADOLINT_FAILURE_THRESHOLD: 'error', HADOLINT_NOFAIL: 'true' };
    expect((await load(env)).failureThreshold).toBe('error');
    write(join(cwd, '.hadolint.yaml'), 'failure-threshold: warning\nno-fail: false');
    const fromFile = await load(env);
    expect(fromFile.failureThreshold).toBe('warning');
    expect(fromFile.noFail).toBe(false);
    const fromFlags = await load(env, { failureThreshold: 'style', noFail: true });
    expect(fromFlags.failureThreshold).toBe('style');
    expect(fromFlags.noFail).toBe(true);
  });

  it('concatenates lists across env, file and flags', async () => {
    write(join(cwd, '.hadolint.yaml'), 'ignored: [DL2]\ntrustedRegistries: [b.io]');
    const c = await load(
      { HADOLINT_IGNORE: 'DL1, DL1b', HADOLINT_TRUSTED_REGISTRIES: 'a.io' },
      { ignore: ['DL3'], trustedRegistry: ['c.io'] },
    );
    expect(c.settings.ignored).toEqual(['DL1', 'DL1b', 'DL2', 'DL3']);
    expect(c.settings.trustedRegistries).toEqual(['a.io', 'b.io', 'c.io']);
  });

  it('gives a rule listed under several levels the error level', async () => {
    write(join(cwd, '.hadolint.yaml'), 'override:\n  style: [DL3008]\n  error: [DL3009]');
    const c = await load(
      { HADOLINT_OVERRIDE_ERROR: 'DL3008' },
      { style: ['DL3009'], info: ['DL3010'], warning: ['DL3010'] },
    );
    expect(c.settings.overrides).toEqual({ DL3008: 'error', DL3009: 'error', DL3010: 'warning' });
  });

  it('resolveOverrides: error > warning > info > style', () => {
    expect(
      resolveOverrides({ error: ['A'], warning: ['A', 'B'], info: ['B', 'C'], style: ['C', 'D'] }),
    ).toEqual({
      A: 'error',
      B: 'warning',
      C: 'info',
      D: 'style',
    });
  });
});

describe('environment', () => {
  it('reads HADOLINT_* variables', () => {
    const c = configFromEnv({
      HADOLINT_NOFAIL: 'YES',
      HADOLINT_VERBOSE: 'on',
      HADOLINT_STRICT_LABELS: '1',
      HADOLINT_DISABLE_IGNORE_PRAGMA: 'false',
      HADOLINT_FORMAT: 'json,sarif',
      HADOLINT_REQUIRE_LABELS: 'maintainer:email,version:semver,plain',
      NO_COLOR: '1',
    });
    expect(c).toMatchObject({
      noFail: true,
      verbose: true,
      strictLabels: true,
      disableIgnorePragma: false,
      noColor: true,
      formats: ['json', 'sarif'],
      labelSchema: { maintainer: 'email', version: 'semver', plain: 'text' },
    });
  });

  it('reads SHIPSHAPE_LINT_* spellings, which win over HADOLINT_*', () => {
    const c = configFromEnv({
      HADOLINT_IGNORE: 'DL3008',
      SHIPSHAPE_LINT_IGNORE: 'DL3009,root-final-stage',
      SHIPSHAPE_LINT_FAILURE_THRESHOLD: 'warning',
      SHIPSHAPE_LINT_NOFAIL: 'true',
    });
    expect(c).toMatchObject({
      ignored: ['DL3009', 'root-final-stage'],
      failureThreshold: 'warning',
      noFail: true,
    });
  });

  it('rejects bad values naming the variable', () => {
    expect(() => configFromEnv({ HADOLINT_FAILURE_THRESHOLD: 'bad' })).toThrow(/HADOLINT_FAILURE_THRESHOLD/);
    expect(() => configFromEnv({ HADOLINT_FORMAT: 'xml' })).toThrow(/unknown format 'xml'/);
    expect(() => configFromEnv({ HADOLINT_REQUIRE_LABELS: 'a:nope' })).toThrow(/unknown label type/);
  });

  it('parses label specs', () => {
    expect(parseLabelSpec('org.opencontainers.image.url:url', 'x')).toEqual([
      'org.opencontainers.image.url',
      'url',
    ]);
    expect(() => parseLabelSpec(':url', 'x')).toThrow(/no label name/);
  });
});

describe('invalid config files: exit 2 naming file, line and key', () => {
  it('invalid YAML', async () => {
    write(join(cwd, '.hadolint.yaml'), 'ignored: [DL3008\nfoo: bar\n');
    const e = await loadError();
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(join(cwd, '.hadolint.yaml'));
    expect(e.message).toMatch(/invalid YAML/);
  });

  it('duplicate keys', async () => {
    write(join(cwd, '.hadolint.yaml'), 'ignored: []\nignored: []\n');
    expect((await loadError()).message).toMatch(/:2:\d+: invalid YAML/);
  });

  it('wrong key types', async () => {
    write(join(cwd, '.hadolint.yaml'), 'ignored: [DL3008]\nno-fail: "yes"\n');
    const e = await loadError();
    expect(e.message).toBe(
      `${join(cwd, '.hadolint.yaml')}:2: no-fail: expected true or false, got string "yes"`,
    );
    write(join(cwd, '.hadolint.yaml'), 'ignored: DL3008\n');
    expect((await loadError()).message).toMatch(/:1: ignored: expected a list of strings/);
    write(join(cwd, '.hadolint.yaml'), 'ignored:\n  - DL1\n  - {a: 1}\n');
    expect((await loadError()).message).toMatch(/:3: ignored\.\[1\]: expected a string, got a mapping/);
    write(join(cwd, '.hadolint.yaml'), '- just\n- a list\n');
    expect((await loadError()).message).toMatch(/expected a mapping/);
  });

  it('unknown levels', async () => {
    write(join(cwd, '.hadolint.yaml'), 'override:\n  fatal: [DL3008]\n');
    expect((await loadError()).message).toMatch(/:2: override\.fatal: unknown level 'fatal'/);
    write(join(cwd, '.hadolint.yaml'), '\nfailure-threshold: critical\n');
    expect((await loadError()).message).toMatch(/:2: failure-threshold: unknown level "critical"/);
    write(join(cwd, '.hadolint.yaml'), 'label-schema:\n  a: number\n');
    expect((await loadError()).message).toMatch(/:2: label-schema\.a: unknown label type/);
    write(join(cwd, '.hadolint.yaml'), 'format: xml\n');
    expect((await loadError()).message).toMatch(/:1: format: unknown format 'xml'/);
  });

  it('a missing --config file', async () => {
    const e = await loadError({}, { config: 'nope.yaml' });
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/nope\.yaml: no such file/);
  });

  it('a config file over the size limit', async () => {
    write(join(cwd, '.hadolint.yaml'), `ignored: [${'DL3008,'.repeat(100)}]`);
    await expect(
      loadLintConfig({ cwd, env: {}, home, limits: { ...DEFAULT_LIMITS, configBytes: 100 } }),
    ).rejects.toThrow(/configBytes/);
  });

  it('a YAML alias bomb', async () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) {
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    }
    write(join(cwd, '.hadolint.yaml'), lines.join('\n'));
    const e = await loadError();
    expect(e.exitCode).toBe(2);
    expect(e.code).toBe('limit');
  });
});

describe('.shipshape.yaml', () => {
  it('is found upward and its lint section adds to the hadolint config', async () => {
    write(
      join(dir, 'repo', '.shipshape.yaml'),
      'lint:\n  ignored: [DL3007]\n  enable: [base-image-unpinned-digest]\n  failure-threshold: error\n',
    );
    write(join(cwd, '.hadolint.yaml'), 'ignored: [DL3008]\nfailure-threshold: style\n');
    const c = await load();
    expect(c.settings.ignored).toEqual(['DL3008', 'DL3007']);
    expect(c.settings.enabled).toEqual(['base-image-unpinned-digest']);
    expect(c.failureThreshold).toBe('error');
    expect(c.files).toEqual([join(cwd, '.hadolint.yaml'), join(dir, 'repo', '.shipshape.yaml')]);
  });

  it('can be given with --config', async () => {
    write(join(dir, 'ci.shipshape.yml'), 'lint:\n  override:\n    error: [DL3003]\n');
    const c = await load({}, { config: join(dir, 'ci.shipshape.yml') });
    expect(c.settings.overrides).toEqual({ DL3003: 'error' });
  });

  it('rejects unknown keys in the lint section', async () => {
    write(join(cwd, '.shipshape.yaml'), 'scan:\n  anything: 1\nlint:\n  ignore: [DL3008]\n');
    expect((await loadError()).message).toMatch(/\.shipshape\.yaml:4: lint\.ignore: unknown setting/);
  });

  it('applies ignore entries by id and path; expired ones stop with a notice', async () => {
    write(
      join(cwd, '.shipshape.yaml'),
      [
        'ignore:',
        '  - id: DL3008',
        '    path: services/**/Dockerfile',
        '    reason: pinned by renovate',
        '  - id: DL3003',
        '    expires: 2020-01-01',
        '  - id: CVE-2024-1',
        '    package: openssl',
      ].join('\n'),
    );
    const c = await load();
    expect(c.ignores).toEqual([
      { id: 'DL3008', path: 'services/**/Dockerfile', reason: 'pinned by renovate' },
    ]);
    expect(c.notices).toEqual([expect.stringMatching(/ignore of DL3003 expired on 2020-01-01/)]);
    expect(ignoreApplies(c.ignores[0]!, 'DL3008', 'services/api/Dockerfile')).toBe(true);
    expect(ignoreApplies(c.ignores[0]!, 'DL3008', 'services/Dockerfile')).toBe(true);
    expect(ignoreApplies(c.ignores[0]!, 'DL3008', 'Dockerfile')).toBe(false);
    expect(ignoreApplies(c.ignores[0]!, 'DL3009', 'services/api/Dockerfile')).toBe(false);
  });

  it('rejects a bad ignore entry', async () => {
    write(join(cwd, '.shipshape.yaml'), 'ignore:\n  - reason: no id\n');
    expect((await loadError()).message).toMatch(/:2: ignore\.\[0\]: entry has no id/);
  });
});

describe('globs', () => {
  it('matches like .gitignore-style globs', () => {
    expect(pathMatches('Dockerfile', 'a/b/Dockerfile')).toBe(true);
    expect(pathMatches('*.Dockerfile', 'x/api.Dockerfile')).toBe(true);
    expect(pathMatches('a/*/Dockerfile', 'a/b/c/Dockerfile')).toBe(false);
    expect(pathMatches('a/**/Dockerfile', 'a/b/c/Dockerfile')).toBe(true);
    expect(pathMatches('a/**/Dockerfile', 'a/Dockerfile')).toBe(true);
    // A hostile pattern is matched in linear-ish time (no regular expression to backtrack).
    expect(pathMatches(`${'a*'.repeat(50)}b`, 'a'.repeat(5000))).toBe(false);
  });
});
