import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl4003.js';

describe('DL4003', () => {
  it('reports a second CMD in a stage', () => {
    expectLines(rule, df('FROM debian:12', 'CMD bash', 'RUN foo', 'CMD another'), [4]);
    expectLines(rule, df('FROM debian:12', 'CMD a', 'CMD b', 'CMD c'), [3, 4]);
    expectLines(rule, df('FROM debian:12', 'CMD a', 'FROM debian:12', 'CMD b', 'CMD c'), [5]);
  });
  it('accepts one CMD per stage', () => {
    expectClean(rule, df('FROM debian:12', 'CMD bash', 'RUN foo', 'FROM debian:12', 'CMD another'));
    expectClean(rule, df('FROM debian:12', 'CMD bash'));
    expectClean(rule, df('FROM debian:12', 'ONBUILD CMD a', 'CMD b'));
  });
});
