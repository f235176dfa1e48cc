import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's corpus generator is plain JavaScript without types.
import { generateCorpus } from '../../bench/lint/gen-corpus.mjs';
import { commandIndex } from './command-names.js';
import { lintText } from './lint.js';
import type { Rule } from './rule.js';
import { df } from './rule-tester.js';
import { RULES } from './rules/index.js';
import { baseName, unwrap } from './seed-util.js';
import { parseShell, type ShellScript } from './shell.js';

// The plain reading of `commands` that commandIndex must agree with: every name of the script, then each
// declaration asked in turn.
const NONE: ReadonlySet<string> = new Set();

/**
 * Every name a rule may match a command by: the name as written (`/usr/bin/apt-get`), its base name, and the
 * program behind `sudo`/`env`/... (`sudo -E apt-get` gives `sudo` and `apt-get`). Empty without a script.
 */
function commandNames(script: ShellScript | null): ReadonlySet<string> {
  if (!script || script.commands.length === 0) return NONE;
  const names = new Set<string>();
  for (const cmd of script.commands) {
    names.add(cmd.name);
    names.add(baseName(cmd.name));
    names.add(unwrap(cmd).name);
  }
  return names;
}

/** Whether a set of command names has one a rule declared: exact names, or prefixes written `pip*`. */
interface CommandFilter {
  matches(names: ReadonlySet<string>): boolean;
}

function commandFilter(declared: readonly string[]): CommandFilter {
  const exact = declared.filter((d) => !d.endsWith('*'));
  const prefixes = declared.filter((d) => d.endsWith('*')).map((d) => d.slice(0, -1));
  return {
    matches(names) {
      for (let i = 0; i < exact.length; i++) if (names.has(exact[i]!)) return true;
      if (prefixes.length === 0) return false;
      for (const name of names) for (const p of prefixes) if (name.startsWith(p)) return true;
      return false;
    },
  };
}

describe('commandNames', () => {
  it('has each name as written, by base name and behind sudo/env', () => {
    const names = commandNames(
      parseShell('sudo -E apt-get update && /usr/bin/pip3 install x && env A=1 B=2 npm ci | tee log'),
    );
    expect([...names].sort()).toEqual(
      ['/usr/bin/pip3', 'apt-get', 'env', 'npm', 'pip3', 'sudo', 'tee'].sort(),
    );
  });

  it('includes commands inside $(…) and subshells', () => {
    const names = commandNames(parseShell('echo "$(curl -s https://x)" && (cd /app && make)'));
    for (const n of ['echo', 'curl', 'cd', 'make']) expect(names.has(n)).toBe(true);
  });

  it('is empty without a script or commands', () => {
    expect(commandNames(null).size).toBe(0);
    expect(commandNames(parseShell('')).size).toBe(0);
  });
});

describe('commandFilter', () => {
  it('matches exact names and `name*` prefixes', () => {
    const f = commandFilter(['apt-get', 'pip*']);
    expect(f.matches(new Set(['apt-get']))).toBe(true);
    expect(f.matches(new Set(['pip3.11']))).toBe(true);
    expect(f.matches(new Set(['apt', 'python3']))).toBe(false);
    expect(f.matches(new Set())).toBe(false);
  });
});

describe('commandIndex', () => {
  const declared = [['apt-get'], ['pip*', 'python*'], ['sudo', 'apk'], ['npm'], ['apt-get', 'yum']];
  const scripts = [
    'sudo -E apt-get update && /usr/bin/pip3 install x && env A=1 npm ci | tee log',
    'python3 -m pip install y',
    '/sbin/apk add curl',
    'echo "$(yum info x)"',
    'pipx install z; npx y',
    '',
  ];

  it('gives what each declaration matches, as commandFilter does', () => {
    for (const text of scripts) {
      const script = parseShell(text);
      const names = commandNames(script);
      expect(Array.from(commandIndex(declared)(script)), text).toEqual(
        declared.map((d) => (commandFilter(d).matches(names) ? 1 : 0)),
      );
    }
  });

  it('matches nothing without a script', () => {
    expect(Array.from(commandIndex(declared)(null))).toEqual([0, 0, 0, 0, 0]);
  });
});

// Shapes a name check can get wrong: wrappers, paths, exec form, heredocs, ONBUILD, prefixes.
const TRICKY = [
  df(
    'FROM debian:12',
    'RUN sudo apt-get install curl',
    'RUN /usr/bin/apt-get update && apt-get install -y git',
    'RUN env DEBIAN_FRONTEND=noninteractive apt-get install -y make',
    'RUN ["apt-get", "install", "wget"]',
    'ONBUILD RUN apt-get install gcc && pip install flask',
    'RUN python3 -m pip install requests',
    'RUN <<EOF',
    'apk add curl',
    'yum install httpd',
    'EOF',
    'RUN cd /tmp && wget https://x/y.tgz && tar -xzf y.tgz && rm y.tgz',
    'COPY . .',
    'RUN npm install && yarn install && go install example.com/x',
    'RUN curl -s https://x | sh && chmod 777 /data && ln -s /bin/bash /bin/sh',
    'RUN sudo useradd -u 123456789 app && zypper install x && dnf install y && gem install z',
    'RUN unzip a.zip && service x start',
  ),
];

describe('rules that declare `commands`', () => {
  const texts = [...TRICKY, ...(generateCorpus(300, 7) as [string, string][]).map(([, text]) => text)];
  const declaring = RULES.filter((r) => r.meta.commands !== undefined);

  it('are there', () => {
    expect(declaring.length).toBeGreaterThan(20);
  });

  // Without `commands` the engine calls the RUN visitor for every RUN: the findings must be the same.
  it.each(declaring.map((r) => [r.meta.id, r] as const))(
    '%s finds the same with and without it',
    (_id, rule) => {
      const unfiltered: Rule = { meta: { ...rule.meta, commands: undefined }, create: rule.create };
      const settings = rule.meta.severity === 'ignore' ? { enabled: [rule.meta.id] } : {};
      for (const text of texts) {
        const a = lintText(text, { rules: [rule], settings }).findings;
        const b = lintText(text, { rules: [unfiltered], settings }).findings;
        expect(a, text).toEqual(b);
      }
    },
  );
});
