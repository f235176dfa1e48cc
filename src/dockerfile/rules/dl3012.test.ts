import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3012.js';

describe('DL3012', () => {
  it('reports a second HEALTHCHECK in a stage', () => {
    expectLines(rule, df('FROM debian:12', 'HEALTHCHECK CMD /bin/a', 'HEALTHCHECK CMD /bin/b'), [3]);
    expectLines(
      rule,
      df('FROM debian:12', 'HEALTHCHECK NONE', 'RUN x', 'HEALTHCHECK CMD b', 'HEALTHCHECK CMD c'),
      [4, 5],
    );
  });
  it('accepts one HEALTHCHECK per stage', () => {
    expectClean(rule, df('FROM debian:12', 'HEALTHCHECK CMD /bin/a'));
    expectClean(rule, df('FROM debian:12', 'HEALTHCHECK CMD a', 'FROM debian:12', 'HEALTHCHECK CMD b'));
    expectClean(rule, df('FROM debian:12', 'ONBUILD HEALTHCHECK CMD a', 'HEALTHCHECK CMD b'));
  });
});
