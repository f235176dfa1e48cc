import { describe, expect, it } from 'vitest';
import { lintText } from '../lint.js';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3057.js';

describe('DL3057', () => {
  it('reports a stage without HEALTHCHECK', () => {
    expectLines(rule, df('FROM scratch'), [1]);
    expectLines(rule, df('FROM scratch AS base', 'HEALTHCHECK CMD /bin/bla', 'FROM scratch'), [3]);
  });
  it('accepts HEALTHCHECK CMD and HEALTHCHECK NONE', () => {
    expectClean(rule, df('FROM scratch', 'HEALTHCHECK CMD /bin/bla'));
    expectClean(rule, df('FROM scratch', 'HEALTHCHECK NONE'));
  });
  it('lets a stage inherit the HEALTHCHECK of the stage it is built FROM', () => {
    expectClean(rule, df('FROM scratch AS base', 'HEALTHCHECK CMD /bin/bla', 'FROM base'));
  });
  it('counts a HEALTHCHECK at the end of a chain for the whole chain', () => {
    expectClean(
      rule,
      df(
        'FROM scratch AS base1',
        'FROM base1 AS base2',
        'FROM base2 AS base3',
        'FROM base3 AS end',
        'HEALTHCHECK NONE',
      ),
    );
  });
  it('reports the branch of a fork that has no HEALTHCHECK', () => {
    const text = df(
      'FROM scratch AS base1',
      'FROM base1 AS base2',
      'FROM base2 AS base3.1',
      'FROM base2 AS base3.2',
      '',
      'FROM base3.1 AS end1',
      'HEALTHCHECK NONE',
      '',
      'FROM base3.2 AS end2',
    );
    expectLines(rule, text, [4, 9]);
  });
  it('ignores HEALTHCHECK inside ONBUILD', () => {
    expectLines(rule, df('FROM debian:12', 'ONBUILD HEALTHCHECK CMD true'), [1]);
  });
  it('is off by default', () => {
    const { findings } = lintText(df('FROM debian:12'), { rules: [rule] });
    expect(findings.filter((f) => f.code === 'DL3057')).toHaveLength(0);
  });
});
