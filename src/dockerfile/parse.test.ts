import { describe, expect, it } from 'vitest';
import { argsOffset, type Instruction, parseDockerfile, runScript, shellOf, substitute } from './parse.js';
import { parsePragmas } from './pragmas.js';
import { parseShell } from './shell.js';

const parse = (text: string) => parseDockerfile(text);
const cmds = (instr: Instruction) =>
  shellOf(instr)?.commands.map((c) => [c.name, ...c.args.map((a) => a.value)]);
const find = (text: string, keyword: string, n = 0) =>
  parse(text).instructions.filter((i) => i.keyword === keyword)[n]!;

describe('parser directives', () => {
  it('reads syntax, escape and check at the top of the file', () => {
    const m = parse(
      '# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=JSONArgsRecommended\nFROM alpine\nRUN echo a `\n  b\n',
    );
    expect(m.directives).toEqual([
      { name: 'syntax', value: 'docker/dockerfile:1', line: 1 },
      { name: 'escape', value: '`', line: 2 },
      { name: 'check', value: 'skip=JSONArgsRecommended', line: 3 },
    ]);
    expect(m.escape).toBe('`');
    expect(m.problem).toBeNull();
    const run = m.instructions[1]!;
    expect([run.line, run.endLine]).toEqual([5, 6]);
    expect(run.args).toBe('echo a   b');
    expect(cmds(run)).toEqual([['echo', 'a', 'b']]);
  });

  it('keeps a backslash literal under the backtick escape (Windows paths)', () => {
    const m = parse('# escape=`\nFROM windows\nCOPY a C:\\dir\\\nRUN dir\n');
    expect(m.instructions.map((i) => i.keyword)).toEqual(['FROM', 'COPY', 'RUN']);
    expect(m.instructions[1]!.args).toBe('a C:\\dir\\');
  });

  it('treats a directive after a comment as a comment', () => {
    const m = parse('# a comment\n# escape=`\nFROM alpine\nRUN echo a\n');
    expect(m.directives).toEqual([]);
    expect(m.escape).toBe('\\');
    expect(m.comments.map((c) => c.line)).toEqual([1, 2]);
  });

  it('treats a directive after an instruction as a comment', () => {
    const m = parse('FROM alpine\n# escape=`\nRUN echo a \\\n  b\n');
    expect(m.directives).toEqual([]);
    expect(m.escape).toBe('\\');
    expect(m.instructions[1]!.args).toBe('echo a   b');
  });
});

describe('line continuations', () => {
  it('drops comment lines and blank lines inside a continuation, as BuildKit', () => {
    const run = find(
      'FROM alpine\nRUN apk add \\\n# a comment\n\n    # indented comment\n  curl \\\n  git\n',
      'RUN',
    );
    expect(run.args).toBe('apk add   curl   git');
    expect([run.line, run.endLine]).toEqual([2, 7]);
    expect(cmds(run)).toEqual([['apk', 'add', 'curl', 'git']]);
  });

  it('continues after an escaped escape at the end of a line, as BuildKit', () => {
    // BuildKit's continuation regex does not look at the character before the escape: USER is part of RUN.
    const m = parse('FROM alpine\nRUN echo a\\\\\nUSER 1\n');
    expect(m.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN']);
    expect(m.instructions[1]!.endLine).toBe(3);
  });

  it('allows blanks after the escape character', () => {
    expect(find('FROM alpine\nRUN echo a \\  \n  b\n', 'RUN').args).toBe('echo a   b');
  });

  it('reads CRLF line endings', () => {
    const m = parse('FROM alpine\r\nRUN apk add \\\r\n  curl\r\nCMD ["a"]\r\n');
    expect(m.problem).toBeNull();
    expect(m.instructions.map((i) => [i.keyword, i.line, i.endLine])).toEqual([
      ['FROM', 1, 1],
      ['RUN', 2, 3],
      ['CMD', 4, 4],
    ]);
    expect(m.instructions[1]!.args).toBe('apk add   curl');
    expect(m.instructions[2]!.json).toEqual(['a']);
    expect(m.instructions[0]!.args).toBe('alpine');
  });

  it('maps every character of args to its offset in the file across continuations', () => {
    const text = 'FROM alpine\nRUN apt-get update \\\n# note\n    && apt-get install -y curl\n';
    const m = parse(text);
    const run = m.instructions[1]!;
    for (let i = 0; i < run.args.length; i++) expect(m.text[argsOffset(run, i)]).toBe(run.args[i]);
    const at = run.args.indexOf('&&');
    expect(argsOffset(run, at)).toBe(text.indexOf('&&'));
    expect(run.argsStart).toBe(text.indexOf('apt-get'));
    // Out-of-range indexes clamp instead of returning undefined.
    expect(argsOffset(run, -5)).toBe(run.argsStart);
    expect(argsOffset(run, 10_000)).toBe(run.argsMap[run.argsMap.length - 1]);
  });
});

describe('heredocs', () => {
  it('RUN <<EOF: the body is the script', () => {
    const run = find('FROM alpine\nRUN <<EOF\napk add curl\necho hi\nEOF\n', 'RUN');
    expect(run.heredocs).toHaveLength(1);
    expect(run.heredocs[0]).toMatchObject({
      name: 'EOF',
      content: 'apk add curl\necho hi\n',
      terminated: true,
    });
    expect(run.args).toBe('<<EOF');
    expect(runScript(run)).toBe('apk add curl\necho hi\n');
    expect(cmds(run)).toEqual([
      ['apk', 'add', 'curl'],
      ['echo', 'hi'],
    ]);
  });

  it('COPY <<EOF /x: body and destination', () => {
    const text = 'FROM alpine\nCOPY <<EOF /x\nhello $X\nEOF\nUSER 1\n';
    const m = parse(text);
    const copy = m.instructions[1]!;
    expect(copy.args).toBe('<<EOF /x');
    expect(copy.heredocs[0]).toMatchObject({ name: 'EOF', content: 'hello $X\n', expand: true });
    expect(text.slice(copy.heredocs[0]!.contentStart, copy.heredocs[0]!.contentEnd)).toBe('hello $X');
    expect(m.instructions[2]!.keyword).toBe('USER');
  });

  it('several heredocs in one instruction', () => {
    const run = find('FROM alpine\nRUN <<A cat - <<B\na body\nA\nb body\nB\n', 'RUN');
    expect(run.heredocs.map((h) => [h.name, h.content])).toEqual([
      ['A', 'a body\n'],
      ['B', 'b body\n'],
    ]);
    expect(runScript(run)).toBe('<<A cat - <<B\na body\nA\nb body\nB\n');
    expect(cmds(run)).toEqual([['cat', '-']]);
  });

  it('<<- strips leading tabs from the body and the terminator', () => {
    const run = find('FROM alpine\nRUN <<-EOF\n\t\tapk add curl\n\tEOF\nUSER 1\n', 'RUN');
    expect(run.heredocs[0]).toMatchObject({ stripTabs: true, content: 'apk add curl\n', terminated: true });
    expect(cmds(run)).toEqual([['apk', 'add', 'curl']]);
  });

  it('a quoted name is not expanded', () => {
    const m = parse(
      'FROM alpine\nRUN <<"EOF"\necho $HOME\nEOF\nRUN <<\'X\'\necho $A\nX\nRUN <<Y\necho $B\nY\n',
    );
    expect(m.instructions.slice(1).map((i) => i.heredocs[0]!.expand)).toEqual([false, false, true]);
    expect(runScript(m.instructions[1]!)).toBe('echo $HOME\n');
  });

  it('RUN cmd <<EOF: the command reads the body; the body is not shell', () => {
    const run = find('FROM alpine\nRUN python3 <<EOF\nimport os\nprint(1)\nEOF\n', 'RUN');
    expect(run.args).toBe('python3 <<EOF');
    expect(runScript(run)).toBe('python3 <<EOF\nimport os\nprint(1)\nEOF\n');
    expect(cmds(run)).toEqual([['python3']]);
  });

  it('an unterminated heredoc is a parse problem', () => {
    const m = parse('FROM alpine\nRUN <<EOF\necho never closed\n');
    expect(m.instructions[1]!.heredocs[0]!.terminated).toBe(false);
    expect(m.problem).toMatchObject({ line: 2, column: 1 });
    expect(m.problem!.message).toContain("'EOF'");
  });
});

describe('JSON and shell form', () => {
  const m = parse(
    'FROM alpine\nCMD ["a", b]\nCMD ["a", 1]\nENTRYPOINT [ "x" , "y" ]\nCMD []\nRUN ["/bin/sh", "-c", "echo"]\nCMD echo [x]\nCMD ["a",\n',
  );
  const [, bad, nonString, spaced, empty, run, shell, open] = m.instructions;

  it('a valid JSON array of strings is exec form', () => {
    expect(spaced!.json).toEqual(['x', 'y']);
    expect(empty!.json).toEqual([]);
    expect(run!.json).toEqual(['/bin/sh', '-c', 'echo']);
    expect(runScript(run!)).toBeNull();
    // Rules see the exec form as its words joined by spaces (hadolint does the same); ShellCheck does not.
    expect(shellOf(run!)?.commands.map((c) => c.name)).toEqual(['/bin/sh']);
  });

  it('invalid JSON, non-string items and unclosed arrays fall back to shell form', () => {
    expect(bad!.json).toBeNull();
    expect(bad!.args).toBe('["a", b]');
    expect(nonString!.json).toBeNull();
    expect(shell!.json).toBeNull();
    expect(open!.json).toBeNull();
    expect(m.problem).toBeNull();
  });
});

describe('ONBUILD', () => {
  const m = parse('FROM alpine AS base\nONBUILD RUN apk add curl\nONBUILD COPY ["a", "/b"]\n');
  it('wraps a trigger with its own keyword, a link back and the stage', () => {
    const [, onRun, onCopy] = m.instructions;
    expect(onRun!.keyword).toBe('ONBUILD');
    expect(onRun!.trigger).toMatchObject({ keyword: 'RUN', args: 'apk add curl', stage: 0 });
    expect(onRun!.trigger!.onbuild).toBe(onRun);
    expect(cmds(onRun!.trigger!)).toEqual([['apk', 'add', 'curl']]);
    expect(onCopy!.trigger).toMatchObject({ keyword: 'COPY', json: ['a', '/b'] });
    // Triggers are reached through `trigger`, not listed as instructions.
    expect(m.instructions).toHaveLength(3);
  });

  it('an unknown trigger keyword is a parse problem', () => {
    expect(parse('FROM alpine\nONBUILD NOPE x\n').problem).toMatchObject({
      line: 2,
      message: "ONBUILD: unknown instruction 'NOPE'",
    });
  });
});

describe('stages', () => {
  const m = parse(
    'FROM alpine AS Build\nRUN x\nFROM --platform=linux/amd64 build AS second\nRUN y\nFROM BUILD\nFROM scratch\nFROM second\n',
  );
  it('names are lower-cased, indexes count FROMs, parents resolve aliases case-insensitively', () => {
    expect(m.stages.map((s) => [s.index, s.name, s.image, s.parent, s.platform])).toEqual([
      [0, 'build', 'alpine', null, null],
      [1, 'second', 'build', 0, 'linux/amd64'],
      [2, null, 'BUILD', 0, null],
      [3, null, 'scratch', null, null],
      [4, null, 'second', 1, null],
    ]);
    expect(m.instructions.map((i) => i.stage)).toEqual([0, 0, 1, 1, 2, 3, 4]);
    expect(m.stages[0]!.instructions.map((i) => i.keyword)).toEqual(['RUN']);
  });

  it('instructions before the first FROM have stage -1', () => {
    expect(parse('ARG V=1\nFROM alpine:$V\n').instructions.map((i) => i.stage)).toEqual([-1, 0]);
  });

  it('a stage cannot be its own parent', () => {
    expect(parse('FROM build AS build\n').stages[0]!.parent).toBeNull();
  });
});

describe('SHELL', () => {
  const m = parse(
    [
      'FROM mcr.microsoft.com/windows AS win',
      'SHELL ["pwsh", "-Command"]',
      'RUN Get-Item x',
      'FROM win AS child',
      'RUN Get-Item y',
      'FROM alpine',
      'RUN echo',
      'FROM x',
      'SHELL ["C:\\\\Windows\\\\cmd.exe", "/S", "/C"]',
      'RUN dir',
      'SHELL ["/bin/bash", "-c"]',
      'RUN echo',
      '',
    ].join('\n'),
  );
  const at = (line: number) => m.instructions.find((i) => i.line === line)!;

  it('switches posixShell off for pwsh and cmd.exe, and back on for bash', () => {
    expect(at(3)).toMatchObject({ shell: ['pwsh', '-Command'], posixShell: false });
    expect(shellOf(at(3))).toBeNull();
    expect(at(10)).toMatchObject({ posixShell: false });
    expect(at(12)).toMatchObject({ shell: ['/bin/bash', '-c'], posixShell: true });
  });

  it('resets per FROM and carries over into a stage built FROM an alias', () => {
    expect(at(5)).toMatchObject({ shell: ['pwsh', '-Command'], posixShell: false });
    expect(at(7)).toMatchObject({ shell: ['/bin/sh', '-c'], posixShell: true });
  });

  it('a FROM carries the shell of the stage it starts', () => {
    expect(at(4).shell).toEqual(['pwsh', '-Command']);
    expect(at(6)).toMatchObject({ shell: ['/bin/sh', '-c'], posixShell: true });
  });
});

describe('# hadolint shell= pragma', () => {
  it('before any FROM it is the default for every stage', () => {
    const m = parse(
      '# hadolint shell=powershell\nFROM a\nRUN x\nFROM b\nRUN y\n# hadolint shell=bash\nRUN z\nFROM c\nRUN w\n',
    );
    expect(m.pragmas.defaultShell).toBe('powershell');
    const runs = m.instructions.filter((i) => i.keyword === 'RUN');
    expect(runs.map((r) => [r.args, r.shell[0], r.posixShell])).toEqual([
      ['x', 'powershell', false],
      ['y', 'powershell', false],
      ['z', 'bash', true],
      ['w', 'powershell', false],
    ]);
  });

  it('after a FROM it applies to the rest of that stage only', () => {
    const m = parse('FROM a\n# hadolint shell=pwsh\nRUN x\nFROM b\nRUN y\n');
    expect(m.pragmas.defaultShell).toBeNull();
    const runs = m.instructions.filter((i) => i.keyword === 'RUN');
    expect(runs.map((r) => r.posixShell)).toEqual([false, true]);
  });

  it('accepts a trailing comment, rejects trailing words', () => {
    expect(parsePragmas([{ line: 1, text: ' hadolint shell=bash # why' }]).shells).toEqual([
      { line: 1, shell: 'bash' },
    ]);
    expect(parsePragmas([{ line: 1, text: ' hadolint shell=bash extra' }]).shells).toEqual([]);
    expect(
      parsePragmas([{ line: 1, text: ' hadolint ignore=DL3000 , DL3001 # c' }]).next.get(2)?.codes,
    ).toEqual(['DL3000', 'DL3001']);
  });
});

describe('substitute', () => {
  const vars = new Map([
    ['A', '1'],
    ['B', '2'],
    ['EMPTY', ''],
  ]);
  it('replaces $VAR and ${VAR}; unknown variables are empty', () => {
    expect(substitute('$A-${B}-$NOPE-${NOPE}-x', vars)).toBe('1-2---x');
    expect(substitute('$$ $1 ${', vars)).toBe('$$ $1 ${');
  });
  it(':- and :+ treat empty as unset; - and + only unset', () => {
    expect(substitute('${A:-d} ${EMPTY:-d} ${NOPE:-d}', vars)).toBe('1 d d');
    expect(substitute('${A-d} ${EMPTY-d} ${NOPE-d}', vars)).toBe('1  d');
    expect(substitute('${A:+y} ${EMPTY:+y} ${NOPE:+y}', vars)).toBe('y  ');
    expect(substitute('${A+y} ${EMPTY+y} ${NOPE+y}', vars)).toBe('y y ');
  });
});

describe('text encoding', () => {
  it('drops a UTF-8 BOM without shifting offsets', () => {
    const m = parse('\uFEFFFROM alpine\nRUN echo hi\n');
    expect(m.problem).toBeNull();
    expect(m.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN']);
    expect(m.instructions[0]!.args).toBe('alpine');
    const run = m.instructions[1]!;
    expect(m.text.slice(run.argsStart, run.argsStart + 4)).toBe('echo');
  });

  it('keeps a BOM-prefixed directive working', () => {
    expect(parse('\uFEFF# escape=`\nFROM a\n').escape).toBe('`');
  });

  it('maps shell word offsets to string indexes with é and emoji', () => {
    const m = parse('FROM alpine\nRUN echo é 😀 \\\n  && ls "ü😀x" done\n');
    const run = m.instructions[1]!;
    const script = shellOf(run)!;
    expect(script.error).toBeNull();
    const words = script.commands.flatMap((c) => c.args);
    expect(words.map((w) => w.value)).toEqual(['é', '😀', 'ü😀x', 'done']);
    for (const w of words) expect(run.args.slice(w.start, w.end)).toBe(w.raw);
    expect(words[2]!.raw).toBe('"ü😀x"');
    // And back to the file through argsMap.
    const done = words[3]!;
    expect(m.text.slice(argsOffset(run, done.start), argsOffset(run, done.end - 1) + 1)).toBe('done');
    const echo = script.commands[0]!;
    const ls = script.commands[1]!;
    expect(run.args.slice(echo.start, echo.end)).toBe('echo é 😀');
    expect(run.args.slice(ls.start, ls.end)).toBe('ls "ü😀x" done');
  });

  it('decodes non-ASCII in single quotes, assignments and redirect targets', () => {
    const s = parseShell("X='naïve' printf '%s' 'ça' > /tmp/é");
    expect(s.commands[0]!.assigns).toEqual([{ name: 'X', value: 'naïve' }]);
    expect(s.commands[0]!.args.map((a) => a.value)).toEqual(['%s', 'ça']);
    expect(s.commands[0]!.redirects).toEqual([{ op: '>', target: '/tmp/é' }]);
  });
});

describe('shell chains', () => {
  it('walks long && and | chains without hitting the depth budget, in source order', () => {
    for (const sep of [' && ', ' | ', ' || ']) {
      const s = parseShell(Array.from({ length: 2000 }, (_, i) => `echo ${i}`).join(sep));
      expect(s.error).toBeNull();
      expect(s.commands).toHaveLength(2000);
      expect(s.commands.map((c) => c.args[0]!.value)).toEqual(
        Array.from({ length: 2000 }, (_, i) => String(i)),
      );
      expect(s.hasPipe).toBe(sep === ' | ');
    }
  });

  it('marks piped commands per operator', () => {
    const s = parseShell('a | b && c || d | e; f');
    expect(s.commands.map((c) => [c.name, c.piped])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
      ['d', true],
      ['e', true],
      ['f', false],
    ]);
  });
});

describe('BuildKit details', () => {
  it('continues a line that ends in a doubled escape, as BuildKit does', () => {
    const m = parseDockerfile('FROM a\nRUN echo a\\\\\n  b\n');
    const run = m.instructions[1]!;
    expect(run.endLine).toBe(3);
    expect(run.args).toBe('echo a\\  b');
  });

  it('does not treat a heredoc body with a non-shell shebang as shell', () => {
    const py = parseDockerfile(
      'FROM a\nRUN <<EOF\n#!/usr/bin/env python3\nimport os; os.system("cd /x")\nEOF\n',
    );
    expect(shellOf(py.instructions[1]!)).toBeNull();
    const bash = parseDockerfile('FROM a\nRUN <<EOF\n#!/bin/bash\ncd /x\nEOF\n');
    expect(shellOf(bash.instructions[1]!)?.commands.map((c) => c.name)).toEqual(['cd']);
  });
});
