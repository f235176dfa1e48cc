import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl1001.js';

describe('DL1001', () => {
  it('reports each next-instruction ignore pragma at its comment line', () => {
    expectLines(rule, df('FROM debian:12', '# hadolint ignore=DL3003', 'RUN foo bar'), [2]);
    expectLines(
      rule,
      df('# hadolint ignore=DL3006', 'FROM debian', '# hadolint ignore=DL3003,SC2086', 'RUN cd /x'),
      [1, 3],
    );
    expectLines(rule, df('FROM debian:12', '# shipshape ignore=root-final-stage', 'USER root'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN a', '# hadolint ignore = DL3059 # reason', 'RUN b'), [3]);
  });
  it('ignores other pragmas and comments', () => {
    expectClean(rule, df('# hadolint shell=powershell', 'FROM debian:12', 'RUN foo bar'));
    expectClean(rule, df('# foobar', 'FROM debian:12', 'RUN foo bar'));
    expectClean(rule, df('FROM debian', 'RUN foo bar'));
    expectClean(rule, df('# hadolint global ignore=DL3003', 'FROM debian:12', 'RUN cd /x'));
    // An invalid rule name voids the whole pragma, so it is no ignore.
    expectClean(rule, df('FROM debian:12', '# hadolint ignore=crazy,DL3002', 'USER root'));
  });
});
