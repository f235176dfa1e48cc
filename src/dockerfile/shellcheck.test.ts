import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../../test/support/tools.js';
import { isShipshapeError } from '../core/errors.js';
import type { LintSettings } from './lint.js';
import { lintFiles } from './lint-files.js';
import { parseDockerfile } from './parse.js';
import {
  defaultSpawn,
  runShellcheck,
  SHELLCHECK_MISSING_NOTICE,
  type ShellcheckFinding,
  type SpawnFn,
  shellcheckDialect,
  shellcheckScripts,
} from './shellcheck.js';

const df = (...lines: string[]) => `${lines.join('\n')}\n`;
const itSc = requireTool('shellcheck', process.env.SHIPSHAPE_SHELLCHECK) ? it : it.skip;

async function check(text: string, settings: Partial<LintSettings> = {}) {
  const { findings, notices } = await runShellcheck([parseDockerfile(text)], { settings, required: true });
  expect(notices).toEqual([]);
  return findings[0] as ShellcheckFinding[];
}

const codes = (fs: { code: string; line: number }[]) => fs.map((f) => `${f.line}:${f.code}`);

describe('shellcheckScripts (no process)', () => {
  it('prefixes a shebang from SHELL and sorted exports of ARG, ENV and proxy variables', () => {
    const [s] = shellcheckScripts(
      parseDockerfile(
        df(
          'FROM debian:12',
          'ARG zeta',
          'ENV alpha=1 beta=2',
          'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
          'RUN echo hi',
        ),
      ),
    );
    const lines = s!.text.split('\n');
    expect(lines[0]).toBe('#!/bin/bash');
    expect(lines).toContain('export alpha=1');
    expect(lines).toContain('export zeta=1');
    expect(lines).toContain('export ALL_PROXY=1');
    expect(lines).toContain('export no_proxy=1');
    const exports = lines.slice(1, s!.preludeLines);
    expect(exports).toEqual([...exports].sort());
    expect(lines[s!.preludeLines]).toBe('echo hi');
  });

  it('resets variables per stage and inherits them from a parent stage', () => {
    const scripts = shellcheckScripts(
      parseDockerfile(df('FROM alpine AS base', 'ARG ver', 'FROM base', 'RUN a', 'FROM alpine', 'RUN b')),
    );
    expect(scripts.map((s) => s.text.includes('export ver=1'))).toEqual([true, false]);
  });

  it('skips exec form, non-POSIX shells and shells ShellCheck cannot check', () => {
    const none = (text: string) => expect(shellcheckScripts(parseDockerfile(text))).toEqual([]);
    none(df('FROM debian:12', 'RUN ["sh", "-c", "cd /x"]'));
    none(df('FROM mcr.microsoft.com/powershell', 'SHELL ["pwsh", "-c"]', 'RUN cd /x'));
    none(df('# hadolint shell=powershell', 'FROM mcr.microsoft.com/windows', 'RUN cd /x'));
    none(df('FROM debian:12', 'SHELL ["/bin/zsh", "-c"]', 'RUN cd /x'));
    none(df('FROM debian:12', 'RUN <<EOF', '#!/usr/bin/env python3', 'print(1)', 'EOF'));
  });

  it('maps SHELL to a ShellCheck dialect', () => {
    expect(shellcheckDialect(['/bin/sh', '-c'])).toBe('sh');
    expect(shellcheckDialect(['bash', '-c'])).toBe('bash');
    expect(shellcheckDialect(['/bin/ash', '-eo', 'pipefail', '-c'])).toBe('ash');
    expect(shellcheckDialect(['/usr/bin/env', 'bash', '-c'])).toBe('bash');
    expect(shellcheckDialect(['busybox', 'sh', '-c'])).toBe('sh');
    expect(shellcheckDialect(['dash', '-c'])).toBe('dash');
    expect(shellcheckDialect(['ksh', '-c'])).toBe('ksh');
    expect(shellcheckDialect(['zsh', '-c'])).toBeNull();
    expect(shellcheckDialect(['/bin/mksh', '-c'])).toBeNull();
    expect(shellcheckDialect(['fish', '-c'])).toBeNull();
  });

  it('checks the RUN wrapped in ONBUILD', () => {
    const scripts = shellcheckScripts(parseDockerfile(df('FROM debian:12', 'ONBUILD RUN cd /x')));
    expect(scripts).toHaveLength(1);
    expect(scripts[0]!.instr.onbuild?.keyword).toBe('ONBUILD');
  });
});

describe('runShellcheck without shellcheck', () => {
  const model = parseDockerfile(df('FROM debian:12', 'RUN cd /x'));
  const env = { PATH: '/nonexistent-shipshape-path' };

  it('gives one notice and no findings', async () => {
    const r = await runShellcheck([model, model], { settings: {}, required: false, env });
    expect(r.notices).toEqual([SHELLCHECK_MISSING_NOTICE]);
    expect(r.findings).toEqual([[], []]);
  });

  it('is an input error when ShellCheck is required', async () => {
    const err = await runShellcheck([model], { settings: {}, required: true, env }).catch((e: unknown) => e);
    expect(isShipshapeError(err) && err.exitCode).toBe(2);
    // Also when there is nothing to check: --shellcheck promises that it ran.
    const empty = parseDockerfile(df('FROM debian:12'));
    const err2 = await runShellcheck([empty], { settings: {}, required: true, env }).catch((e: unknown) => e);
    expect(isShipshapeError(err2)).toBe(true);
  });

  it('names a missing SHIPSHAPE_SHELLCHECK binary', async () => {
    const r = await runShellcheck([model], {
      settings: {},
      required: false,
      env: { ...process.env, SHIPSHAPE_SHELLCHECK: '/nonexistent/shellcheck' },
    });
    expect(r.notices).toEqual([
      'ShellCheck not found at SHIPSHAPE_SHELLCHECK=/nonexistent/shellcheck: SC checks skipped',
    ]);
  });

  it('starts no process when there is no RUN to check', async () => {
    let spawned = 0;
    const spawn: SpawnFn = async (...a) => {
      spawned++;
      return defaultSpawn(...a);
    };
    const r = await runShellcheck([parseDockerfile(df('FROM debian:12', 'RUN ["true"]'))], {
      settings: {},
      required: false,
      spawn,
    });
    expect(spawned).toBe(0);
    expect(r).toEqual({ findings: [[]], notices: [] });
  });
});

describe('runShellcheck with shellcheck', () => {
  itSc('reports SC2164 at line 6 of the seed Dockerfile', async () => {
    const text = df(
      'FROM node:14.1.0',
      '',
      'RUN mkdir /usr/src/goof',
      'RUN mkdir /tmp/extracted_files',
      'ADD . /usr/src/goof',
      'RUN cd /usr/src/goof',
      '',
      'RUN npm ci --only=production',
      'EXPOSE 3001',
      'EXPOSE 9229',
      'ENTRYPOINT npm start',
    );
    const findings = await check(text);
    expect(codes(findings)).toEqual(['6:SC2164']);
    expect(findings[0]).toMatchObject({
      level: 'warning',
      column: 1,
      file: 'Dockerfile',
      message: "Use 'cd ... || exit' or 'cd ... || return' in case cd fails.",
      script: { line: 1, column: 1, fileLine: 6 },
    });
  });

  itSc('reports unquoted undeclared variables; ARG, ENV and proxy names are declared', async () => {
    expect(codes(await check(df('FROM debian:12', 'RUN echo $x')))).toEqual(['2:SC2086', '2:SC2154']);
    // ShellCheck sees `export x=1` and knows the value needs no quotes: SC2086 goes too, as in hadolint.
    expect(codes(await check(df('FROM debian:12', 'ARG x', 'RUN echo $x')))).toEqual([]);
    expect(codes(await check(df('FROM debian:12', 'ENV x=1', 'RUN echo "$x"')))).toEqual([]);
    expect(codes(await check(df('FROM debian:12', 'RUN echo "$http_proxy $all_proxy"')))).toEqual([]);
    expect(codes(await check(df('FROM alpine AS base', 'ARG ver', 'FROM base', 'RUN echo "$ver"')))).toEqual(
      [],
    );
    expect(
      codes(await check(df('FROM alpine AS base', 'ARG ver', 'FROM alpine', 'RUN echo "$ver"'))),
    ).toEqual(['4:SC2154']);
  });

  itSc('checks bash-only syntax against the SHELL in effect', async () => {
    const sh = await check(df('FROM debian:12', 'RUN [[ -f /etc/os-release ]] && echo yes'));
    expect(sh.map((f) => f.code)).toContain('SC3010');
    const bash = await check(
      df(
        'FROM debian:12',
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
        'RUN [[ -f /etc/os-release ]] && echo yes',
      ),
    );
    expect(bash).toEqual([]);
    const pragma = await check(df('# hadolint shell=bash', 'FROM debian:12', 'RUN [[ -f /x ]] && echo yes'));
    expect(pragma).toEqual([]);
  });

  itSc('honours ignore pragmas, ignored codes and level overrides', async () => {
    expect(await check(df('FROM debian:12', '# hadolint ignore=SC2164', 'RUN cd /x'))).toEqual([]);
    expect(await check(df('# hadolint global ignore=SC2164', 'FROM debian:12', 'RUN cd /x'))).toEqual([]);
    expect(await check(df('FROM debian:12', '# hadolint stage ignore=SC2164', 'RUN cd /x'))).toEqual([]);
    const kept = await check(df('FROM debian:12', '# hadolint ignore=SC2164', 'RUN cd /x'), {
      disableIgnorePragma: true,
    });
    expect(codes(kept)).toEqual(['3:SC2164']);
    expect(await check(df('FROM debian:12', 'RUN cd /x'), { ignored: ['SC2164'] })).toEqual([]);
    expect(await check(df('FROM debian:12', 'RUN cd /x'), { overrides: { SC2164: 'ignore' } })).toEqual([]);
    const [err] = await check(df('FROM debian:12', 'RUN cd /x'), { overrides: { SC2164: 'error' } });
    expect(err?.level).toBe('error');
  });

  itSc('skips exec form and PowerShell, checks ONBUILD RUN at the ONBUILD line', async () => {
    expect(await check(df('FROM debian:12', 'RUN ["sh", "-c", "cd /x"]'))).toEqual([]);
    expect(await check(df('FROM debian:12', 'SHELL ["pwsh", "-c"]', 'RUN cd $env:x'))).toEqual([]);
    expect(codes(await check(df('FROM debian:12', 'ONBUILD RUN cd /x')))).toEqual(['2:SC2164']);
  });

  itSc('reports the RUN line and keeps the script position of continuations and heredocs', async () => {
    const [cont] = await check(
      df('FROM debian:12', 'RUN apt-get update && \\', '    # a comment', '    cd /x'),
    );
    expect(cont).toMatchObject({ code: 'SC2164', line: 2, endLine: 4, script: { line: 1, fileLine: 4 } });
    const [here] = await check(df('FROM debian:12', 'RUN <<EOF', 'echo start', 'cd /x', 'EOF'));
    expect(here).toMatchObject({ code: 'SC2164', line: 2, script: { line: 2, fileLine: 4 } });
    const [bash] = await check(df('FROM debian:12', 'RUN <<EOF', '#!/bin/bash', 'cd /x', 'EOF'));
    expect(bash).toMatchObject({ code: 'SC2164', line: 2, script: { line: 2, fileLine: 4 } });
  });

  itSc('counts the same code and message once per RUN, as hadolint does', async () => {
    const found = await check(df('FROM debian:12', 'RUN echo $a $b'));
    expect(found.map((f) => `${f.code} ${f.message}`)).toEqual([
      'SC2086 Double quote to prevent globbing and word splitting.',
      'SC2154 a is referenced but not assigned.',
      'SC2154 b is referenced but not assigned.',
    ]);
  });

  itSc(
    'checks all RUNs of all files in one shellcheck process, each distinct script once, and removes its temp dir',
    async () => {
      const calls: { cwd: string; files: number }[] = [];
      const spawn: SpawnFn = async (file, args, options) => {
        calls.push({ cwd: options.cwd, files: args.filter((a) => a.endsWith('.sh')).length });
        return defaultSpawn(file, args, options);
      };
      const models = [
        parseDockerfile(df('FROM debian:12', 'RUN cd /a', 'RUN cd /b'), { path: 'a/Dockerfile' }),
        parseDockerfile(df('FROM debian:12', 'COPY . .'), { path: 'b/Dockerfile' }),
        parseDockerfile(df('FROM debian:12', 'RUN true', 'RUN echo $y'), { path: 'c/Dockerfile' }),
        // The same scripts as a/Dockerfile: checked once, reported for both files.
        parseDockerfile(df('FROM debian:12', 'RUN cd /a', '', 'RUN cd /b'), { path: 'd/Dockerfile' }),
      ];
      const r = await runShellcheck(models, { settings: {}, required: true, spawn });
      expect(calls).toHaveLength(1);
      expect(calls[0]!.files).toBe(4);
      expect(r.findings.map((fs) => fs.map((f) => `${f.file}:${f.line}:${f.code}`))).toEqual([
        ['a/Dockerfile:2:SC2164', 'a/Dockerfile:3:SC2164'],
        [],
        ['c/Dockerfile:3:SC2086', 'c/Dockerfile:3:SC2154'],
        ['d/Dockerfile:2:SC2164', 'd/Dockerfile:4:SC2164'],
      ]);
      await expect(stat(calls[0]!.cwd)).rejects.toThrow();
    },
  );

  itSc('adds SC findings to lintFiles results, sorted with the DL findings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shipshape-sc-test-'));
    try {
      await writeFile(join(dir, 'Dockerfile'), df('FROM debian:12', 'RUN cd /x', 'RUN echo $y'));
      const r = await lintFiles(['Dockerfile'], { cwd: dir, shellcheck: true });
      const found = r.files[0]!.findings.filter((f) => f.code.startsWith('SC'));
      expect(codes(found)).toEqual(['2:SC2164', '3:SC2086', '3:SC2154']);
      expect(r.notices).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
