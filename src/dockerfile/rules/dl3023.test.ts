import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3023.js';

describe('DL3023', () => {
  it('reports COPY --from of the current stage', () => {
    expectLines(rule, df('FROM node:20 as foo', 'COPY --from=foo bar .'), [2]);
    expectLines(rule, df('FROM node:20 AS Foo', 'COPY --from=foo bar .'), [2]);
    expectLines(rule, df('FROM node:20 AS a', 'FROM node:20 AS b', 'COPY --from="b" x .'), [3]);
  });
  it('accepts other stages', () => {
    expectClean(
      rule,
      df('FROM scratch as build', 'RUN foo', 'FROM node:20 as run', 'COPY --from=build foo .', 'RUN baz'),
    );
    expectClean(rule, df('FROM node:20', 'COPY --from=foo bar .'));
    expectClean(rule, df('FROM node:20 AS foo', 'COPY bar .'));
  });
});
