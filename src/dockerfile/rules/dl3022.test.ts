import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3022.js';

describe('DL3022', () => {
  it('reports --from that is no earlier stage', () => {
    expectLines(rule, df('COPY --from=foo bar .'), [1]);
    expectLines(rule, df('FROM scratch', 'COPY --from=build foo .', 'FROM node:20 as build', 'RUN baz'), [2]);
    expectLines(rule, df('COPY --from=0 bar .'), [1]);
    expectLines(rule, df('FROM debian:12 AS a', 'COPY --from=2 x .', 'FROM debian:12'), [2]);
  });
  it('accepts earlier stages by name or index, and images with a tag', () => {
    expectClean(
      rule,
      df('FROM scratch as build', 'RUN foo', 'FROM node:20', 'COPY --from=build foo .', 'RUN baz'),
    );
    expectClean(rule, df('COPY --from=haskell:latest bar .'));
    expectClean(rule, df('FROM scratch as build', 'RUN foo', 'FROM node:20', 'COPY --from=0 foo .'));
    expectClean(rule, df('FROM scratch', 'RUN foo', 'FROM node:20', 'COPY --from=0 foo .'));
    expectClean(rule, df('FROM scratch AS Build', 'FROM node:20', 'COPY --from="build" foo .'));
    expectClean(rule, df('FROM scratch', 'COPY foo .'));
  });
});
