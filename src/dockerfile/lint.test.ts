import { describe, expect, it } from 'vitest';
import { lintText } from './lint.js';
import { defineRule, type Rule } from './rule.js';
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
