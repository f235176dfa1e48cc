import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl4004.js';

describe('DL4004', () => {
  it('reports a second ENTRYPOINT in a stage', () => {
    expectLines(rule, df('FROM debian:12', 'ENTRYPOINT bash', 'RUN foo', 'ENTRYPOINT another'), [4]);
    expectLines(
      rule,
      df('FROM debian:12', 'ENTRYPOINT ["a"]', 'ENTRYPOINT ["b"]', 'ENTRYPOINT ["c"]'),
      [3, 4],
    );
    expectLines(
      rule,
      df('FROM debian:12', 'ENTRYPOINT a', 'FROM debian:12', 'ENTRYPOINT b', 'ENTRYPOINT c'),
      [5],
    );
  });
  it('accepts one ENTRYPOINT per stage', () => {
    expectClean(
      rule,
      df('FROM debian:12', 'ENTRYPOINT bash', 'RUN foo', 'FROM debian:12', 'ENTRYPOINT another'),
    );
    expectClean(rule, df('FROM debian:12', 'ENTRYPOINT bash'));
    expectClean(rule, df('FROM debian:12', 'ONBUILD ENTRYPOINT a', 'ENTRYPOINT b'));
  });
});
