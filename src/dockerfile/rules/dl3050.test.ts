import { describe, expect, it } from 'vitest';
import { df, expectClean, expectLines, lintWith } from '../rule-tester.js';
import rule from './dl3050.js';

const strict = { settings: { labelSchema: { required: 'text' as const }, strictLabels: true } };

describe('DL3050', () => {
  it('reports labels outside the schema', () => {
    expectLines(rule, df('FROM debian:12', 'LABEL other="bar"'), [2], strict);
    expectLines(rule, df('FROM debian:12', 'LABEL required="foo" other="bar"'), [2], strict);
    const [f] = lintWith(rule, df('FROM debian:12', 'LABEL a=1 b=2 a=3'), strict);
    expect(f?.message).toMatch(/labels 'a', 'b' not in the label-schema/);
  });
  it('accepts schema labels and files without labels', () => {
    expectClean(rule, df('FROM debian:12'), strict);
    expectClean(rule, df('FROM debian:12', 'LABEL required="foo"'), strict);
  });
  it('treats every label as superfluous when the schema is empty', () => {
    expectLines(rule, df('FROM debian:12', 'LABEL a=1'), [2], { settings: { strictLabels: true } });
  });
  it('is off without strict-labels', () => {
    expectClean(rule, df('FROM debian:12', 'LABEL other="bar"'), {
      settings: { labelSchema: { required: 'text' } },
    });
  });
});
