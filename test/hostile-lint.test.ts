// Hostile input through the whole lint command: every case exits 0/1/2 with readable output, never a stack trace.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIO, main } from '../src/cli/main.js';
import { lintText } from '../src/dockerfile/lint.js';
import { parsePragmas } from '../src/dockerfile/pragmas.js';
import { dropQuotes } from '../src/dockerfile/rule-util.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-hostile-'));
  mkdirSync(join(dir, 'home'));
});
afterAll(() => {
  try {
    chmodSync(join(dir, 'ro'), 0o755);
  } catch {
    // not created
  }
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], env: Record<string, string> = {}, cwd?: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { HOME: join(dir, 'home'), XDG_CONFIG_HOME: join(dir, 'home', '.config'), ...env },
    cwd: cwd ?? dir,
    isTTY: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** One project directory per case, so config files do not leak between cases. */
function project(name: string, files: Record<string, string | Buffer>): string {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

function noStack(r: Run) {
  expect(r.stderr).not.toMatch(/^\s{4}at /m);
  expect(r.stdout).not.toMatch(/^\s{4}at /m);
  expect(r.stderr).not.toContain('internal error');
}

const lint = (cwd: string, ...args: string[]) => cli(['lint', '--no-shellcheck', ...args], {}, cwd);

describe('files that are missing, empty or not Dockerfiles', () => {
  it('a missing file: exit 2 naming the path', async () => {
    const r = await lint(project('missing', {}), 'nope/Dockerfile');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope/Dockerfile: no such file or directory');
    noStack(r);
  });

  it('a directory with no Dockerfile: exit 2', async () => {
    const root = project('nodockerfile', { 'src/readme.txt': 'hi\n' });
    const r = await lint(root, 'src');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('src: no Dockerfile found');
    noStack(r);
  });

  it('an empty file: exit 0, no findings', async () => {
    const r = await lint(project('empty', { Dockerfile: '' }), 'Dockerfile');
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(lintText('').findings).toEqual([]);
  });

  it('binary garbage: DL1000 with line and column, printable message, exit 1', async () => {
    const buf = Buffer.alloc(8192);
    let x = 12345;
    for (let i = 0; i < buf.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      buf[i] = (x >> 16) & 0xff;
    }
    const root = project('garbage', { Dockerfile: buf });
    const r = await cli(['lint', '--no-shellcheck', '-f', 'json', 'Dockerfile'], {}, root);
    expect(r.code).toBe(1);
    noStack(r);
    const items = JSON.parse(r.stdout) as { code: string; line: number; column: number; message: string }[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ code: 'DL1000', line: expect.any(Number), column: expect.any(Number) });
    expect(items[0]!.line).toBeGreaterThanOrEqual(1);
    expect(items[0]!.message).toMatch(/^[\x20-\x7e]+$/);
    const tty = await lint(root, 'Dockerfile');
    expect(tty.code).toBe(1);
    expect(tty.stdout).toMatch(/^Dockerfile:\d+:\d+ /m);
  });

  it('a NUL byte in the middle', async () => {
    const inRun = await lint(
      project('nul1', { Dockerfile: 'FROM alpine:3\nRUN echo a\0b\nUSER 1000\n' }),
      'Dockerfile',
    );
    expect(inRun.code).toBeLessThanOrEqual(1);
    noStack(inRun);
    const alone = await lint(project('nul2', { Dockerfile: 'FROM alpine:3\n\0\nUSER 1000\n' }), 'Dockerfile');
    expect(alone.code).toBe(1);
    expect(alone.stdout).toMatch(/^Dockerfile:2:1 unexpected '\?'/m);
    noStack(alone);
  });

  it('an unterminated heredoc: DL1000', async () => {
    const r = await lint(
      project('heredoc', { Dockerfile: 'FROM alpine:3\nRUN <<EOF\necho never closed\n' }),
      'Dockerfile',
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Dockerfile:2:1 unterminated heredoc/m);
    noStack(r);
  });

  it('invalid JSON form is linted as shell form', async () => {
    const r = await lint(
      project('json', { Dockerfile: 'FROM alpine:3\nCMD ["a", b]\nENTRYPOINT ["x", 1]\nUSER 1000\n' }),
      'Dockerfile',
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Dockerfile:2 DL3025 /m);
    noStack(r);
  });
});

describe('size budgets', () => {
  // 10 MB parses in about 20 s with the limit raised; 5 MB shows the same within the test timeout.
  const big = `FROM alpine:3\n${`RUN echo ${'x'.repeat(100)}\n`.repeat(50_000)}USER 1000\n`;

  it('a Dockerfile over 4 MiB: exit 2 naming the limit and how to raise it', async () => {
    const root = project('big', { Dockerfile: big });
    const r = await lint(root, 'Dockerfile');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Dockerfile too large');
    expect(r.stderr).toContain('dockerfileBytes');
    expect(r.stderr).toContain('SHIPSHAPE_MAX_DOCKERFILE_BYTES=N');
    noStack(r);
  });

  it('10 MB is refused before it is read', async () => {
    const root = project('huge', { Dockerfile: `FROM alpine:3\n${'#'.repeat(10 * 1024 * 1024)}\n` });
    const r = await lint(root, 'Dockerfile');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dockerfileBytes');
    noStack(r);
  });

  it('with the limit raised, the same file is linted', async () => {
    const r = await cli(
      ['lint', '--no-shellcheck', 'Dockerfile'],
      { SHIPSHAPE_MAX_DOCKERFILE_BYTES: '20000000' },
      join(dir, 'big'),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DL3059/);
    noStack(r);
  });

  it('a bad override value is a usage error', async () => {
    const r = await cli(['lint', 'Dockerfile'], { SHIPSHAPE_MAX_DOCKERFILE_BYTES: 'lots' }, join(dir, 'big'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SHIPSHAPE_MAX_DOCKERFILE_BYTES=lots');
    noStack(r);
  });
});

describe('pathological shell', () => {
  it('10,000 continuation lines in one RUN', async () => {
    const text = `FROM alpine:3\nRUN echo start \\\n${'  && echo x \\\n'.repeat(10_000)}  && echo end\nUSER 1000\n`;
    const r = await lint(project('cont', { Dockerfile: text }), 'Dockerfile');
    expect(r.code).toBe(0);
    noStack(r);
    const run = lintText(text).model.instructions[1]!;
    expect([run.line, run.endLine]).toEqual([2, 10_003]);
  });

  it('5,000 &&-chained commands are all seen', async () => {
    const chain = Array.from({ length: 5000 }, (_, i) => `echo ${i}`).join(' && ');
    const text = `FROM debian:12\nRUN ${chain} && apt-get install -y curl\nUSER 1000\n`;
    const r = await lint(project('chain', { Dockerfile: text }), 'Dockerfile');
    expect(r.code).toBe(1);
    // The last command of the chain is still analysed: apt-get without a pinned version.
    expect(r.stdout).toMatch(/DL3008/);
    noStack(r);
  });

  it('a line of 1 MB', async () => {
    const text = `FROM alpine:3\nRUN echo ${'a'.repeat(1024 * 1024)}\nUSER 1000\n`;
    const r = await lint(project('longline', { Dockerfile: text }), 'Dockerfile');
    expect(r.code).toBe(0);
    noStack(r);
  });

  it('2,000 levels of nested $( ) command substitution', async () => {
    const text = `FROM alpine:3\nRUN echo ${'$( '.repeat(2000)}true${' )'.repeat(2000)}\nRUN echo ${'"$('.repeat(2000)}true${')"'.repeat(2000)}\nUSER 1000\n`;
    const r = await lint(project('nest', { Dockerfile: text }), 'Dockerfile');
    expect(r.code).toBeLessThanOrEqual(1);
    noStack(r);
  });

  it('3,000 nested subshells', async () => {
    const text = `FROM alpine:3\nRUN ${'( '.repeat(3000)}true${' )'.repeat(3000)}\nUSER 1000\n`;
    const r = await lint(project('subshell', { Dockerfile: text }), 'Dockerfile');
    expect(r.code).toBeLessThanOrEqual(1);
    noStack(r);
  });
});

describe('hostile config', () => {
  it('a .hadolint.yaml alias bomb: exit 2, clear message', async () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) {
      const name = String.fromCharCode(97 + i);
      lines.push(
        `${name}: &${name} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    }
    const root = project('bomb', {
      Dockerfile: 'FROM alpine:3\nUSER 1000\n',
      '.hadolint.yaml': `${lines.join('\n')}\n`,
    });
    const r = await lint(root, 'Dockerfile');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/alias/);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    noStack(r);
  });

  it('a config that is not a mapping: exit 2', async () => {
    for (const body of ['- a\n- b\n', 'just a string\n', '42\n']) {
      const root = project(`notmap-${body.length}`, {
        Dockerfile: 'FROM alpine:3\nUSER 1000\n',
        '.hadolint.yaml': body,
      });
      const r = await lint(root, 'Dockerfile');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/\.hadolint\.yaml.*expected a mapping/);
      noStack(r);
    }
  });
});

describe('--fix on files it must not write', () => {
  const FIXABLE = 'FROM alpine:3\nRUN apk add curl\nUSER 1000\n';

  it('does not write through a symlink, even to a file outside the directory', async () => {
    const outside = project('outside', { Dockerfile: FIXABLE });
    const root = project('linked', {});
    symlinkSync(join(outside, 'Dockerfile'), join(root, 'Dockerfile'));
    const r = await cli(['lint', '--no-shellcheck', '--fix', 'Dockerfile'], {}, root);
    noStack(r);
    expect(r.code).toBeLessThanOrEqual(1);
    expect(r.stderr).toContain('is a symbolic link; left unchanged');
    expect(readFileSync(join(outside, 'Dockerfile'), 'utf8')).toBe(FIXABLE);
  });

  it('a read-only file in a read-only directory: exit 2, clear', async () => {
    const root = project('ro', { Dockerfile: FIXABLE });
    chmodSync(join(root, 'Dockerfile'), 0o444);
    chmodSync(root, 0o555);
    const r = await cli(['lint', '--no-shellcheck', '--fix', 'Dockerfile'], {}, root);
    chmodSync(root, 0o755);
    noStack(r);
    // root can write anywhere: then the fix goes through, keeping the file's mode.
    if (process.getuid?.() === 0) {
      expect(r.code).toBeLessThanOrEqual(1);
      return;
    }
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^shipshape: Dockerfile: permission denied/m);
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toBe(FIXABLE);
  });
});

describe('regular expressions on untrusted text stay linear', () => {
  // Each of these took about 10 s on 100k characters before the fix; the test timeout is the budget.
  const N = 100_000;

  it('pragmas', () => {
    const pragmas = parsePragmas([
      { line: 1, text: ` hadolint ignore=DL3000${' '.repeat(N)}x` },
      { line: 2, text: ` hadolint ignore=${' '.repeat(N)}#\u2028` },
      { line: 3, text: ` hadolint shell=${'#'.repeat(N)}\u2028` },
      { line: 4, text: ` hadolint shell=bash${' '.repeat(N)}x` },
    ]);
    expect(pragmas.next.size).toBe(0);
    expect(pragmas.shells).toEqual([]);
  });

  it('dropQuotes', () => {
    expect(dropQuotes(`a${'"'.repeat(N)}x`)).toBe(`a${'"'.repeat(N)}x`);
    expect(dropQuotes(`"'a'"`)).toBe('a');
    expect(dropQuotes('"""')).toBe('');
  });

  it('rules over long runs of trailing characters', () => {
    const text = [
      'FROM alpine:3',
      `COPY a${' '.repeat(N)}b /dst/`,
      `CMD echo${' '.repeat(N)}x`,
      `LABEL a${'_'.repeat(N)}x=1`,
      `COPY a${'/'.repeat(N)}x /b`,
      `ADD https://example.com/${'#'.repeat(N)}\u2028x /y`,
      `RUN curl ${'1'.repeat(N)}x | python${'1'.repeat(N)}x`,
      // A quoted newline in a word: only a heredoc body has one.
      `RUN <<EOF\nwget "-${'O'.repeat(N)}\nx" https://e.com/x\nEOF`,
      `RUN ls "${'"'.repeat(N)}x"`,
      'USER 1000',
      '',
    ].join('\n');
    const { findings } = lintText(text, { settings: { enabled: ['DL3048'], labelSchema: {} } });
    expect(findings.filter((f) => f.code === 'DL1000')).toEqual([]);
  });
});
