// Acceptance: the seed article's Dockerfile-initial (shared/seeds/001, section 1) through the real CLI.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { lintText } from '../src/dockerfile/lint.js';
import { requireTool } from './support/tools.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = join(root, 'examples', 'goof', 'Dockerfile');
const itSc = requireTool('shellcheck') ? it : it.skip;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-seed-'));
  copyFileSync(SEED, join(dir, 'Dockerfile'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function lint(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['lint', ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { HOME: dir, PATH: process.env.PATH },
    cwd: dir,
  });
  return { code, stdout, stderr };
}

interface JsonFinding {
  code: string;
  line: number;
  level: string;
}

describe('seed 001: Dockerfile-initial', () => {
  it('is the file the article quotes', () => {
    const lines = readFileSync(SEED, 'utf8').split('\n');
    expect(lines[4]).toBe('ADD . /usr/src/goof');
    expect(lines[5]).toBe('RUN cd /usr/src/goof');
    expect(lines[10]).toBe('ENTRYPOINT npm start');
  });

  itSc("gives the article's hadolint findings, today's hadolint rules and ours; exit 1", async () => {
    const r = await lint(['-f', 'json', 'Dockerfile']);
    expect(r.code).toBe(1);
    const found = (JSON.parse(r.stdout) as JsonFinding[]).map((f) => `${f.code}@${f.line}`);
    // The article's hadolint output, in its order within a line (SC2164 before DL3003).
    const article = ['DL3020@5', 'SC2164@6', 'DL3003@6', 'DL3025@11'];
    for (const f of article) expect(found).toContain(f);
    expect(found.indexOf('SC2164@6')).toBeLessThan(found.indexOf('DL3003@6'));
    // hadolint rules newer than the article: DL3059 (consecutive RUNs) at lines 4 and 8.
    const newer = ['DL3059@4', 'DL3059@8'];
    const ours = [
      'root-final-stage@1',
      'dockerignore-missing@5',
      'cache-bust-order@8',
      'debug-port-exposed@10',
      'pid1-signals@11',
    ];
    expect([...found].sort()).toEqual([...article, ...newer, ...ours].sort());
  });

  it('hadolint-only view (our rules ignored) is exactly the hadolint set', async () => {
    const ids = [
      'root-final-stage',
      'dockerignore-missing',
      'cache-bust-order',
      'debug-port-exposed',
      'pid1-signals',
    ];
    const r = await lint([
      '-f',
      'json',
      '--no-shellcheck',
      ...ids.flatMap((id) => ['--ignore', id]),
      'Dockerfile',
    ]);
    const found = (JSON.parse(r.stdout) as JsonFinding[]).map((f) => `${f.code}@${f.line}`);
    expect(found).toEqual(['DL3059@4', 'DL3020@5', 'DL3003@6', 'DL3059@8', 'DL3025@11']);
  });

  it('a .dockerignore that excludes .git, .env* and node_modules silences dockerignore-missing', async () => {
    writeFileSync(join(dir, '.dockerignore'), '.git\n.env*\nnode_modules\n');
    const r = await lint(['-f', 'json', '--no-shellcheck', 'Dockerfile']);
    const codes = (JSON.parse(r.stdout) as JsonFinding[]).map((f) => f.code);
    expect(codes).not.toContain('dockerignore-missing');
    writeFileSync(join(dir, '.dockerignore'), 'node_modules\n');
    const again = await lint(['-f', 'json', '--no-shellcheck', 'Dockerfile']);
    expect((JSON.parse(again.stdout) as JsonFinding[]).map((f) => f.code)).toContain('dockerignore-missing');
  });

  it('--fix removes DL3020, DL3003 and DL3025, keeps the file parseable, and is idempotent', async () => {
    const fixed = await lint(['--fix', '--no-shellcheck', '-f', 'json', 'Dockerfile']);
    const text = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    const codes = (JSON.parse(fixed.stdout) as JsonFinding[]).map((f) => f.code);
    for (const gone of ['DL3020', 'DL3003', 'DL3025']) expect(codes).not.toContain(gone);
    expect(lintText(text).model.problem).toBeNull();
    expect(text).toContain('COPY . /usr/src/goof');
    expect(text).toContain('WORKDIR /usr/src/goof');
    expect(text).toContain('ENTRYPOINT ["npm", "start"]');
    await lint(['--fix', '--no-shellcheck', 'Dockerfile']);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(text);
  });

  it('--fix-dry-run prints a diff and changes nothing', async () => {
    const before = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    const r = await lint(['--fix-dry-run', '--no-shellcheck', 'Dockerfile']);
    expect(r.stdout).toMatch(/^-ADD \. \/usr\/src\/goof$/m);
    expect(r.stdout).toMatch(/^\+COPY \. \/usr\/src\/goof$/m);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(before);
  });
});
