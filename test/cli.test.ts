// Whole-program tests: the built binary (the package's bin, dist/shipshape.mjs, from `npm run build`) run as a real process.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist', 'shipshape.mjs');
let dir: string;

beforeAll(() => {
  if (!existsSync(bin)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'shipshape-bin-'));
  mkdirSync(join(dir, 'home'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(dir, 'home') });

function shipshape(args: string[], input?: string) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: dir, env: env(), input, encoding: 'utf8' });
}

describe('the shipshape binary', () => {
  it('lints a file: findings on stdout, exit 1', () => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20\nADD . /app\n');
    const r = shipshape(['lint', '--no-shellcheck', 'Dockerfile']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Dockerfile:2 DL3020 error: /m);
  });

  it('reads stdin with -', () => {
    const r = shipshape(['lint', '-f', 'json', '-'], 'FROM node:20\nADD . /app\n');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toContainEqual(
      expect.objectContaining({ code: 'DL3020', file: '-', line: 2 }),
    );
  });

  it('bad input exits 2 with one clear message and no stack trace', () => {
    const missing = shipshape(['lint', 'nope']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(
      'shipshape: nope: no such file or directory\nhint: check the path and try again\n',
    );
    const flag = shipshape(['lint', '--nope']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes files (sbom -o, scan -o, k8s --fix, lint --fix) from the bundled CLI', () => {
    const image = join(root, 'examples', 'goof', 'image.tar');
    const sbom = shipshape(['sbom', image, '-o', 'sbom.json']);
    expect(sbom.stderr).toBe('');
    expect(sbom.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'sbom.json'), 'utf8')).bomFormat).toBe('CycloneDX');
    const scan = shipshape(['scan', '--demo-db', image, '--format', 'json', '-o', 'scan.json', '--quiet']);
    expect(scan.status, scan.stderr).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'scan.json'), 'utf8')).findings.length).toBeGreaterThan(0);
    writeFileSync(
      join(dir, 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.25\n',
    );
    const fix = shipshape(['k8s', '--fix', 'pod.yaml']);
    expect(fix.stderr).not.toMatch(/internal error/);
    expect(readFileSync(join(dir, 'pod.yaml'), 'utf8')).toMatch(/runAsNonRoot: true/);
    writeFileSync(join(dir, 'Dockerfile.fix'), 'FROM node:20\nADD . /app\n');
    const lint = shipshape(['lint', '--fix', '--no-shellcheck', 'Dockerfile.fix']);
    expect(lint.stderr).not.toMatch(/internal error/);
    expect(readFileSync(join(dir, 'Dockerfile.fix'), 'utf8')).toContain('COPY . /app');
  });

  it('hashes on worker threads even when the parent runs with --input-type=module', () => {
    const file = join(dir, 'blob.bin');
    writeFileSync(file, 'shipshape');
    const url = new URL(`file://${join(root, 'dist', 'image', 'hash-range.js')}`).href;
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(url)}); console.log(await m.hashRange({ path: ${JSON.stringify(file)}, offset: 0, size: 9 }));`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`sha256:${createHash('sha256').update('shipshape').digest('hex')}`);
  });

  it('prints its version', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(shipshape(['--version']).stdout).toBe(`shipshape ${pkg.version}\n`);
  });

  it('stops a commit of a bad Dockerfile through the pre-commit hook', () => {
    const repo = join(dir, 'repo');
    mkdirSync(repo);
    const gitEnv = {
      ...env(),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'T',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 'T',
      GIT_COMMITTER_EMAIL: 't@example.com',
      SHIPSHAPE_BIN: `${process.execPath} ${bin}`,
    };
    const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, env: gitEnv, encoding: 'utf8' });
    git('init', '-q');
    const install = spawnSync(process.execPath, [bin, 'hook', 'install'], {
      cwd: repo,
      env: gitEnv,
      encoding: 'utf8',
    });
    expect(install.status).toBe(0);
    writeFileSync(join(repo, 'Dockerfile'), 'FROM node:20\nADD . /app\n');
    git('add', 'Dockerfile');
    const commit = git('commit', '-q', '-m', 'bad');
    expect(commit.status).not.toBe(0);
    // git sends hook output to stderr.
    expect(commit.stdout + commit.stderr).toMatch(/^Dockerfile:2 DL3020 error/m);
    expect(commit.stderr).toMatch(/commit aborted/);
  });
});
