import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { HOOK_MARKER, hookScript } from './hook.js';

let repo: string;
let env: Record<string, string>;

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'shipshape-hook-'));
  mkdirSync(join(repo, 'home'));
  env = {
    HOME: join(repo, 'home'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
  };
  git('init', '-q');
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

function git(...args: string[]) {
  return execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' });
}

async function hook(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['hook', ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    cwd: repo,
  });
  return { code, stdout, stderr };
}

const hookFile = () => join(repo, '.git', 'hooks', 'pre-commit');

describe('shipshape hook', () => {
  it('installs an executable pre-commit hook and uninstalls it', async () => {
    const r = await hook('install');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pre-commit hook installed/);
    expect(readFileSync(hookFile(), 'utf8')).toContain(HOOK_MARKER);
    expect(statSync(hookFile()).mode & 0o111).not.toBe(0);
    expect((await hook('install')).stdout).toMatch(/updated/);
    const u = await hook('uninstall');
    expect(u.code).toBe(0);
    expect(existsSync(hookFile())).toBe(false);
    expect((await hook('uninstall')).stdout).toMatch(/nothing to do/);
  });

  it('refuses to overwrite a foreign hook without --force, and puts it back on uninstall', async () => {
    mkdirSync(join(repo, '.git', 'hooks'), { recursive: true });
    writeFileSync(hookFile(), '#!/bin/sh\necho mine\n');
    const r = await hook('install');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists and is not shipshape's/);
    expect(readFileSync(hookFile(), 'utf8')).toBe('#!/bin/sh\necho mine\n');
    expect((await hook('install', '--force')).code).toBe(0);
    expect(readFileSync(hookFile(), 'utf8')).toContain(HOOK_MARKER);
    expect(readFileSync(join(repo, '.git', 'hooks', 'pre-commit.orig'), 'utf8')).toBe(
      '#!/bin/sh\necho mine\n',
    );
    expect((await hook('uninstall')).code).toBe(0);
    expect(readFileSync(hookFile(), 'utf8')).toBe('#!/bin/sh\necho mine\n');
  });

  it('leaves a foreign hook alone on uninstall', async () => {
    mkdirSync(join(repo, '.git', 'hooks'), { recursive: true });
    writeFileSync(hookFile(), '#!/bin/sh\necho mine\n');
    const r = await hook('uninstall');
    expect(r.code).toBe(2);
    expect(readFileSync(hookFile(), 'utf8')).toBe('#!/bin/sh\necho mine\n');
  });

  it('respects core.hooksPath', async () => {
    git('config', 'core.hooksPath', '.githooks');
    expect((await hook('install')).code).toBe(0);
    expect(readFileSync(join(repo, '.githooks', 'pre-commit'), 'utf8')).toContain(HOOK_MARKER);
    expect(existsSync(hookFile())).toBe(false);
  });

  it('fails clearly outside a git repository and on bad usage', async () => {
    rmSync(join(repo, '.git'), { recursive: true, force: true });
    const r = await hook('install');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not inside a git repository/);
    expect((await hook()).code).toBe(2);
    expect((await hook('remove')).code).toBe(2);
  });

  it('lints the staged content of Dockerfiles only and blocks the commit on failure', async () => {
    // A stand-in for shipshape: records its arguments and fails when the Dockerfile on stdin has an ADD.
    const fake = join(repo, 'home', 'fake-shipshape');
    writeFileSync(
      fake,
      `#!/bin/sh\necho "$@" >> "${join(repo, 'home', 'calls')}"\nif grep -q '^ADD' -; then echo "$3:2 DL3020 error: use COPY"; exit 1; fi\nexit 0\n`,
    );
    chmodSync(fake, 0o755);
    env.SHIPSHAPE_BIN = fake;
    expect((await hook('install')).code).toBe(0);

    mkdirSync(join(repo, 'svc'));
    writeFileSync(join(repo, 'svc', 'Dockerfile'), 'FROM x\nCOPY . /app\n');
    writeFileSync(join(repo, 'README.md'), 'hi\n');
    git('add', '.');
    // The working copy is bad, but the staged content is what gets linted.
    writeFileSync(join(repo, 'svc', 'Dockerfile'), 'FROM x\nADD . /app\n');
    const ok = spawnSync('git', ['commit', '-q', '-m', 'good'], { cwd: repo, env, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(readFileSync(join(repo, 'home', 'calls'), 'utf8')).toBe(
      'lint --file-path-in-report svc/Dockerfile -\n',
    );

    git('add', 'svc/Dockerfile');
    const bad = spawnSync('git', ['commit', '-q', '-m', 'bad'], { cwd: repo, env, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain('svc/Dockerfile:2 DL3020 error');
    expect(bad.stderr).toMatch(/Dockerfile lint failed, commit aborted/);
    expect(git('log', '--format=%s')).toBe('good\n');
  });

  it('checks the staged Kubernetes manifests too, skipping YAML and JSON that are not manifests', async () => {
    // A stand-in for shipshape: records its arguments and fails k8s when the staged manifest is privileged.
    const fake = join(repo, 'home', 'fake-shipshape');
    writeFileSync(
      fake,
      `#!/bin/sh\necho "$@" >> "${join(repo, 'home', 'calls')}"\nif [ "$1" = k8s ] && grep -q 'privileged: true' -; then echo "$3:9:13 pss/privileged"; exit 1; fi\nexit 0\n`,
    );
    chmodSync(fake, 0o755);
    env.SHIPSHAPE_BIN = fake;
    expect((await hook('install')).code).toBe(0);

    mkdirSync(join(repo, 'deploy'));
    mkdirSync(join(repo, '.github'));
    writeFileSync(join(repo, 'deploy', 'app.yaml'), 'apiVersion: v1\nkind: Pod\nspec: {}\n');
    writeFileSync(join(repo, 'deploy', 'list.json'), '{"apiVersion":"v1","kind":"List","items":[]}\n');
    writeFileSync(join(repo, '.github', 'ci.yml'), 'on: push\njobs: {}\n');
    writeFileSync(join(repo, 'package.json'), '{"name": "x"}\n');
    git('add', '.');
    const ok = spawnSync('git', ['commit', '-q', '-m', 'good'], { cwd: repo, env, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(readFileSync(join(repo, 'home', 'calls'), 'utf8')).toBe(
      'k8s --file-path-in-report deploy/app.yaml -\nk8s --file-path-in-report deploy/list.json -\n',
    );

    writeFileSync(join(repo, 'deploy', 'app.yaml'), 'apiVersion: v1\nkind: Pod\nspec:\n  privileged: true\n');
    git('add', 'deploy/app.yaml');
    const bad = spawnSync('git', ['commit', '-q', '-m', 'bad'], { cwd: repo, env, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain('deploy/app.yaml:9:13 pss/privileged');
    expect(bad.stderr).toMatch(/Kubernetes manifest check failed, commit aborted/);
    expect(bad.stderr).not.toMatch(/Dockerfile lint failed/);
    expect(git('log', '--format=%s')).toBe('good\n');
  });

  it('writes a POSIX sh script that matches Dockerfile names', () => {
    const script = hookScript("/opt/it's/bin.js");
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain("'/opt/it'\\''s/bin.js'");
    expect(script).toContain('--diff-filter=ACMR');
    const check = spawnSync('sh', ['-n'], { input: script });
    expect(check.status).toBe(0);
  });
});
