import { describe, expect, it } from 'vitest';
import { lintText } from './lint.js';
import { defineRule, type Rule, type RuleVisitors } from './rule.js';
import { df } from './rule-tester.js';

// A rule whose visitors depend on the settings (as label-schema rules do) and one with a '*' visitor.
const byConfig = defineRule({
  meta: { id: 'by-config', severity: 'warning', description: 'd', help: 'h', origin: 'shipshape' },
  create(context) {
    if (context.config.trustedRegistries.length === 0) return {};
    return { FROM: (instr) => context.report({ instr }) };
  },
});
const every = defineRule({
  meta: { id: 'every', severity: 'info', description: 'd', help: 'h', origin: 'shipshape' },
  create(context) {
    let n = 0;
    return {
      '*': () => n++,
      done: () => context.report({ instr: context.file.instructions[0]!, message: `${n}` }),
    };
  },
});
const off = defineRule({
  meta: { id: 'off', severity: 'ignore', description: 'd', help: 'h', origin: 'shipshape' },
  create: (context) => ({ RUN: (instr) => context.report({ instr }) }),
});
const RULES: Rule[] = [byConfig, every, off];
const text = df('FROM a', 'RUN x', 'ONBUILD RUN y');
const codes = (settings: object) =>
  lintText(text, { rules: RULES, settings }).findings.map((f) => `${f.code}:${f.message}`);

describe('the engine reuses its dispatch across files only while it still applies', () => {
  it('follows visitors that change with the settings and rules switched on or off', () => {
    for (let k = 0; k < 3; k++) {
      expect(codes({})).toEqual(['every:3']);
      expect(codes({ trustedRegistries: ['x'] })).toEqual(['by-config:d', 'every:3']);
      expect(codes({ enabled: ['off'] })).toEqual(['every:3', 'off:d']);
      expect(codes({ overrides: { every: 'ignore' }, trustedRegistries: ['x'] })).toEqual(['by-config:d']);
    }
  });
});

describe('the engine creates a rule only when it is due', () => {
  let creates = 0;
  const healthcheck = defineRule({
    meta: { id: 'hc', severity: 'info', description: 'd', help: 'h', origin: 'shipshape' },
    create(context) {
      creates++;
      return { HEALTHCHECK: (instr) => context.report({ instr }) };
    },
  });
  const apk = defineRule({
    meta: {
      id: 'apk',
      severity: 'info',
      description: 'd',
      help: 'h',
      commands: ['apk'],
      origin: 'shipshape',
    },
    create(context) {
      creates++;
      return { RUN: (instr) => context.report({ instr }), done: () => undefined };
    },
  });
  // Breaks the contract (its keys depend on the file): the engine notices and lints that file again eagerly.
  const byFile = defineRule({
    meta: { id: 'by-file', severity: 'info', description: 'd', help: 'h', origin: 'shipshape' },
    create(context) {
      const visitors: RuleVisitors = { FROM: () => undefined };
      if (context.file.instructions.length > 2) visitors.USER = (instr) => context.report({ instr });
      return visitors;
    },
  });
  let rules = [healthcheck, apk];
  const lint = (...lines: string[]) => {
    creates = 0;
    const codes = lintText(df(...lines), { rules }).findings.map((f) => `${f.code}@${f.line}`);
    return { codes, creates };
  };

  it('skips rules whose keywords and commands a file lacks, with the same findings', () => {
    lint('FROM a');
    expect(lint('FROM a', 'RUN apt-get update')).toEqual({ codes: [], creates: 1 });
    expect(lint('FROM a', 'HEALTHCHECK NONE', 'RUN apk add x')).toEqual({
      codes: ['hc@2', 'apk@3'],
      creates: 2,
    });
    expect(lint('FROM a', 'RUN apk add x')).toEqual({ codes: ['apk@2'], creates: 1 });
  });

  it('lints a file again with every rule when one returns other visitors than planned', () => {
    rules = [healthcheck, apk, byFile];
    lint('FROM a');
    expect(lint('FROM a', 'RUN b', 'USER x').codes).toEqual(['by-file@3']);
    expect(lint('FROM a').codes).toEqual([]);
    expect(lint('FROM a', 'USER x', 'HEALTHCHECK NONE').codes).toEqual(['by-file@2', 'hc@3']);
  });
});
