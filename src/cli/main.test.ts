import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitCode } from './commands/lint.js';
import { type CliIO, main } from './main.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-cli-'));
  mkdirSync(join(dir, 'home'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(
  argv: string[],
  opts: { stdin?: CliIO['stdin']; env?: Record<string, string>; isTTY?: boolean } = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdin: opts.stdin,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { HOME: join(dir, 'home'), XDG_CONFIG_HOME: join(dir, 'home', '.config'), ...opts.env },
    cwd: dir,
    isTTY: opts.isTTY ?? false,
  });
  return { code, stdout, stderr };
}

const BAD = 'FROM node:20\nADD . /app\nRUN cd /app && npm ci\n';
// Nothing for any rule to say: scratch has no shell, a numeric user, a plain COPY.
const CLEAN = 'FROM scratch\nCOPY a /a\nUSER 10001\n';
const write = (name: string, text: string) => {
  mkdirSync(join(dir, name, '..'), { recursive: true });
  writeFileSync(join(dir, name), text);
};

describe('lint: output and exit codes', () => {
  it('reports findings in tty format and exits 1', async () => {
    write('Dockerfile', BAD);
    const r = await cli(['lint', '--no-shellcheck', 'Dockerfile']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Dockerfile:2 DL3020 error: /m);
    expect(r.stdout).toMatch(/^Dockerfile:3 DL3003 warning: /m);
    expect(r.stdout).toMatch(/^\d+ problems? \(.*\) in 1 file$/m);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('exits 0 for a clean file and prints nothing', async () => {
    write('Dockerfile', CLEAN);
    const r = await cli(['lint', '--no-shellcheck', 'Dockerfile']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('prints json', async () => {
    write('Dockerfile', BAD);
    const r = await cli(['lint', '-f', 'json', 'Dockerfile']);
    const items = JSON.parse(r.stdout) as { code: string; file: string }[];
    expect(items.find((i) => i.code === 'DL3020')).toMatchObject({
      file: 'Dockerfile',
      line: 2,
      level: 'error',
    });
    write('Clean.Dockerfile', CLEAN);
    expect((await cli(['lint', '-f', 'json', 'Clean.Dockerfile'])).stdout).toBe('[]\n');
  });

  it('colours on a TTY unless --no-color or NO_COLOR', async () => {
    write('Dockerfile', BAD);
    expect((await cli(['lint', 'Dockerfile'], { isTTY: true })).stdout).toContain('\u001b[');
    expect((await cli(['lint', '--no-color', 'Dockerfile'], { isTTY: true })).stdout).not.toContain(
      '\u001b[',
    );
    expect((await cli(['lint', 'Dockerfile'], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(
      '\u001b[',
    );
  });

  it('applies the failure threshold, --no-fail and codeclimate', async () => {
    write('Dockerfile', 'FROM scratch\nCOPY a /a\nUSER 10001\nRUN cd /x\n');
    expect((await cli(['lint', '--no-shellcheck', '--ignore', 'DL3003', 'Dockerfile'])).code).toBe(0);
    expect((await cli(['lint', '--no-shellcheck', '--style', 'DL3003', 'Dockerfile'])).code).toBe(0);
    expect(
      (await cli(['lint', '--no-shellcheck', '--style', 'DL3003', '-t', 'none', 'Dockerfile'])).code,
    ).toBe(1);
    expect((await cli(['lint', '--no-shellcheck', '-t', 'error', 'Dockerfile'])).code).toBe(0);
    expect(
      (await cli(['lint', '--no-shellcheck', '--error', 'DL3003', '-t', 'error', 'Dockerfile'])).code,
    ).toBe(1);
    expect((await cli(['lint', '--no-shellcheck', '--no-fail', 'Dockerfile'])).code).toBe(0);
    expect((await cli(['lint', '--no-shellcheck', '-f', 'codeclimate', 'Dockerfile'])).code).toBe(0);
    expect(
      (await cli(['lint', '--no-shellcheck', 'Dockerfile'], { env: { HADOLINT_NOFAIL: '1' } })).code,
    ).toBe(0);
  });

  it('exit rule follows hadolint', () => {
    const report = (level: 'error' | 'warning' | 'info' | 'style', code = 'DL1') => ({
      files: [{ path: 'D', findings: [{ code, level, message: '', file: 'D', line: 1, column: 1 }] }],
    });
    const cfg = (failureThreshold: 'error' | 'info' | 'none' | 'ignore', noFail = false) => ({
      failureThreshold,
      noFail,
    });
    expect(exitCode(report('style'), cfg('info'), ['tty'])).toBe(0);
    expect(exitCode(report('info'), cfg('info'), ['tty'])).toBe(1);
    expect(exitCode(report('style'), cfg('none'), ['tty'])).toBe(1);
    expect(exitCode(report('style'), cfg('ignore'), ['tty'])).toBe(1);
    expect(exitCode(report('warning'), cfg('error'), ['tty'])).toBe(0);
    expect(exitCode(report('error', 'DL1000'), cfg('error'), ['json'])).toBe(1);
    expect(exitCode(report('error'), cfg('info', true), ['tty'])).toBe(0);
    expect(exitCode(report('error'), cfg('info'), ['json', 'codeclimate'])).toBe(0);
    expect(exitCode(report('error'), cfg('info'), ['gitlab_codeclimate'])).toBe(1);
    expect(exitCode({ files: [] }, cfg('none'), ['tty'])).toBe(0);
  });

  it('writes -o files paired with formats', async () => {
    write('Dockerfile', BAD);
    const r = await cli(['lint', '-f', 'sarif', '-o', 'out.sarif', '-f', 'json', 'Dockerfile']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toBeInstanceOf(Array);
    const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const mismatch = await cli(['lint', '-f', 'json', '-o', 'a', '-o', 'b', 'Dockerfile']);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/2 --output files but 1 format/);
  });

  it('uses .hadolint.yaml from the working directory', async () => {
    write('Dockerfile', BAD);
    write('.hadolint.yaml', 'ignored: [DL3020]\n');
    const r = await cli(['lint', '-f', 'json', 'Dockerfile']);
    expect(r.stdout).not.toContain('DL3020');
  });

  it('applies .shipshape.yaml ignore entries by path', async () => {
    write('a/Dockerfile', BAD);
    write('b/Dockerfile', BAD);
    write('.shipshape.yaml', 'ignore:\n  - id: DL3020\n    path: a/Dockerfile\n    reason: test\n');
    const items = JSON.parse((await cli(['lint', '-f', 'json', '.'])).stdout) as {
      code: string;
      file: string;
    }[];
    expect(items.filter((i) => i.code === 'DL3020').map((i) => i.file)).toEqual(['b/Dockerfile']);
  });

  it('lints directories', async () => {
    write('svc/api.Dockerfile', BAD);
    write('svc/Containerfile', BAD);
    write('svc/readme.md', 'x');
    const items = JSON.parse((await cli(['lint', '-f', 'json', 'svc'])).stdout) as { file: string }[];
    expect(new Set(items.map((i) => i.file))).toEqual(new Set(['svc/Containerfile', 'svc/api.Dockerfile']));
  });

  it('shows code frames with --verbose', async () => {
    write('Dockerfile', BAD);
    const r = await cli(['lint', '-V', 'Dockerfile']);
    expect(r.stdout).toMatch(/Dockerfile:2 DL3020 error: .*\n {2}2 \| ADD \. \/app\n/);
  });

  it('prints notices on stderr in tty format only, and names config files with --verbose', async () => {
    write('Dockerfile', BAD);
    write('.shipshape.yaml', 'ignore:\n  - id: DL3020\n    expires: 2000-01-01\n');
    const tty = await cli(['lint', '--no-shellcheck', 'Dockerfile']);
    expect(tty.stderr).toMatch(
      /^shipshape: .*ignore of DL3020 expired on 2000-01-01 and no longer applies\n$/,
    );
    expect(tty.stdout).toContain('DL3020');
    expect((await cli(['lint', '--no-shellcheck', '-f', 'json', 'Dockerfile'])).stderr).toBe('');
    expect((await cli(['lint', '--no-shellcheck', '-q', 'Dockerfile'])).stderr).toBe('');
    const verbose = await cli(['lint', '--no-shellcheck', '-V', '-f', 'json', 'Dockerfile']);
    expect(verbose.stderr).toContain(`using config ${join(dir, '.shipshape.yaml')}`);
  });

  it('--quiet drops the summary line', async () => {
    write('Dockerfile', BAD);
    expect((await cli(['lint', '-q', 'Dockerfile'])).stdout).not.toMatch(/problems/);
  });
});

describe('lint: stdin', () => {
  it('reads - from stdin and reports it as -', async () => {
    const r = await cli(['lint', '-f', 'json', '-'], { stdin: BAD });
    const items = JSON.parse(r.stdout) as { file: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.file === '-')).toBe(true);
  });

  it('reads a stream', async () => {
    async function* chunks() {
      yield Buffer.from('FROM node:20\nADD');
      yield Buffer.from(' . /app\n');
    }
    const r = await cli(['lint', '-f', 'json', '-'], { stdin: chunks() });
    expect(r.stdout).toContain('DL3020');
  });

  it('--file-path-in-report names the file', async () => {
    const r = await cli(['lint', '--file-path-in-report', 'services/Dockerfile', '-'], { stdin: BAD });
    expect(r.stdout).toMatch(/^services\/Dockerfile:2 DL3020/m);
  });

  it('enforces the size limit on stdin', async () => {
    const r = await cli(['lint', '-'], { stdin: BAD, env: { SHIPSHAPE_MAX_DOCKERFILE_BYTES: '10' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dockerfileBytes/);
  });
});

describe('lint: bad input', () => {
  it('missing file: exit 2, one clear message, no stack', async () => {
    const r = await cli(['lint', 'nope/Dockerfile']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'shipshape: nope/Dockerfile: no such file or directory\nhint: check the path and try again\n',
    );
  });

  it('unknown flag: exit 2 with a hint', async () => {
    const r = await cli(['lint', '--bogus', 'Dockerfile']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "shipshape: lint: unknown option '--bogus'\nhint: run `shipshape lint --help` for the options\n",
    );
  });

  it('flag without its value', async () => {
    const r = await cli(['lint', 'Dockerfile', '--format']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format needs a value/);
  });

  it('unknown format or threshold', async () => {
    write('Dockerfile', CLEAN);
    expect((await cli(['lint', '-f', 'xml', 'Dockerfile'])).stderr).toMatch(/unknown format 'xml'/);
    const r = await cli(['lint', '-t', 'fatal', 'Dockerfile']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--failure-threshold: unknown level 'fatal'/);
  });

  it('invalid config: exit 2 naming file and line', async () => {
    write('Dockerfile', CLEAN);
    write('.hadolint.yaml', 'ignored: [DL3008\n');
    const r = await cli(['lint', 'Dockerfile']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.hadolint\.yaml:\d+:\d+: invalid YAML/);
    write('bad.yaml', 'override:\n  fatal: [DL3008]\n');
    const r2 = await cli(['lint', '-c', 'bad.yaml', 'Dockerfile']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/bad\.yaml:2: override\.fatal: unknown level/);
  });

  it('no Dockerfile given: exit 2', async () => {
    const r = await cli(['lint']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no Dockerfile given/);
  });

  it('empty file: no findings', async () => {
    write('Dockerfile', '');
    expect((await cli(['lint', '-f', 'json', 'Dockerfile'])).stdout).toBe('[]\n');
  });

  it('binary garbage: a DL1000 parse error, exit 1', async () => {
    writeFileSync(
      join(dir, 'Dockerfile'),
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0xff, 0xfe, 10]),
    );
    const r = await cli(['lint', '-f', 'json', 'Dockerfile']);
    expect(r.code).toBe(1);
    const items = JSON.parse(r.stdout) as { code: string }[];
    expect(items.map((i) => i.code)).toEqual(['DL1000']);
    const tty = await cli(['lint', 'Dockerfile']);
    expect(tty.stdout).not.toContain('\u001b');
  });

  it('a directory without Dockerfiles: exit 2', async () => {
    mkdirSync(join(dir, 'empty'));
    expect((await cli(['lint', 'empty'])).code).toBe(2);
  });
});

describe('lint --fix', () => {
  it('rewrites the file in place and reports what is left', async () => {
    write('Dockerfile', BAD);
    const r = await cli(['lint', '--fix', '-f', 'json', 'Dockerfile']);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(BAD.replace('ADD', 'COPY'));
    expect(r.stderr).toMatch(/fixed 1 problem in Dockerfile/);
    const items = JSON.parse(r.stdout) as { code: string }[];
    expect(items.map((i) => i.code)).not.toContain('DL3020');
    expect(items.map((i) => i.code)).toContain('DL3003');
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('prints the fixed text for stdin and the report on stderr', async () => {
    const r = await cli(['lint', '--fix', '-'], { stdin: BAD });
    expect(r.stdout).toBe(BAD.replace('ADD', 'COPY'));
    expect(r.stderr).toMatch(/^-:3 DL3003 warning/m);
    expect(r.code).toBe(1);
  });

  it('leaves symbolic links alone', async () => {
    write('real/Dockerfile', BAD);
    symlinkSync(join(dir, 'real', 'Dockerfile'), join(dir, 'Dockerfile'));
    const r = await cli(['lint', '--fix', 'Dockerfile']);
    expect(r.stderr).toMatch(/symbolic link; left unchanged/);
    expect(readFileSync(join(dir, 'real', 'Dockerfile'), 'utf8')).toBe(BAD);
  });

  it('--fix-dry-run prints a unified diff and changes nothing', async () => {
    write('Dockerfile', BAD);
    const r = await cli(['lint', '--fix-dry-run', 'Dockerfile']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('--- a/Dockerfile\n+++ b/Dockerfile\n');
    expect(r.stdout).toContain('-ADD . /app\n+COPY . /app\n');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(BAD);
    write('Clean.Dockerfile', CLEAN);
    expect(await cli(['lint', '--fix-dry-run', 'Clean.Dockerfile'])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });
});

describe('program', () => {
  it('prints help and version', async () => {
    expect((await cli(['--help'])).stdout).toMatch(/Usage: shipshape <command>/);
    expect((await cli(['lint', '--help'])).stdout).toMatch(/--failure-threshold/);
    expect((await cli(['--version'])).stdout).toMatch(/^shipshape \d+\.\d+\.\d+/);
  });

  it('says which commands are not built yet', async () => {
    for (const command of ['check']) {
      const r = await cli([command, 'x']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`\`shipshape ${command}\` is not available in this version yet`);
    }
  });

  it('rejects unknown commands and a bare call', async () => {
    expect((await cli(['lnt'])).code).toBe(2);
    expect((await cli([])).code).toBe(2);
  });

  it('turns an unexpected exception into exit 3 without a stack unless --verbose', async () => {
    write('Dockerfile', BAD);
    const broken = {
      [Symbol.asyncIterator]() {
        throw new TypeError('boom');
      },
    } as unknown as AsyncIterable<string>;
    const r = await cli(['lint', '-'], { stdin: broken });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^shipshape: internal error: boom, please report/);
    expect(r.stderr).not.toMatch(/at .*main/);
    const v = await cli(['lint', '-V', '-'], { stdin: broken });
    expect(v.code).toBe(3);
    expect(v.stderr).toMatch(/TypeError: boom\n\s+at /);
  });
});

describe('lint: SPEC severity flags', () => {
  it('--severity shows only the listed severities; --fail-on maps onto the failure threshold', async () => {
    write('Dockerfile', BAD);
    const all = await cli(['lint', '--no-shellcheck', '-f', 'json', 'Dockerfile']);
    const levels = (JSON.parse(all.stdout) as { level: string }[]).map((f) => f.level);
    expect(levels).toContain('error');
    expect(levels).toContain('warning');
    const high = await cli(['lint', '--no-shellcheck', '-f', 'json', '--severity', 'high', 'Dockerfile']);
    expect((JSON.parse(high.stdout) as { level: string }[]).every((f) => f.level === 'error')).toBe(true);
    // BAD has an error (DL3020): --fail-on high fails, --fail-on none never does.
    expect((await cli(['lint', '--no-shellcheck', '--fail-on', 'high', 'Dockerfile'])).code).toBe(1);
    expect((await cli(['lint', '--no-shellcheck', '--fail-on', 'none', 'Dockerfile'])).code).toBe(0);
    write('Dockerfile', 'FROM scratch\nCOPY a /a\nUSER 10001\nRUN true\nRUN true\n');
    // Only DL3059 (info, i.e. low) is left: it fails at low, not at medium.
    expect((await cli(['lint', '--no-shellcheck', '--fail-on', 'medium', 'Dockerfile'])).code).toBe(0);
    expect((await cli(['lint', '--no-shellcheck', '--fail-on', 'low', 'Dockerfile'])).code).toBe(1);
  });

  it('rejects bad values and --fail-on with --failure-threshold', async () => {
    write('Dockerfile', BAD);
    expect((await cli(['lint', '--severity', 'urgent', 'Dockerfile'])).code).toBe(2);
    expect((await cli(['lint', '--fail-on', 'urgent', 'Dockerfile'])).code).toBe(2);
    expect((await cli(['lint', '--fail-on', 'high', '-t', 'error', 'Dockerfile'])).code).toBe(2);
  });
});
