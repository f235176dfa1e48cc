import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3002.js';

describe('DL3002', () => {
  it('reports a stage whose last USER is root', () => {
    expectLines(rule, df('FROM scratch', 'USER root'), [2]);
    expectLines(rule, df('FROM scratch', 'USER 0'), [2]);
    expectLines(rule, df('FROM scratch', 'USER root:root'), [2]);
    expectLines(rule, df('FROM scratch', 'USER 0:0'), [2]);
    expectLines(rule, df('FROM scratch', 'USER foo', 'RUN x', 'USER root'), [4]);
  });
  it('reports root inherited by a later stage, and root in any stage', () => {
    expectLines(
      rule,
      df('FROM debian:12 AS base', 'USER root', 'RUN something', 'FROM base', 'RUN something else'),
      [2],
    );
    expectLines(
      rule,
      df('FROM debian:12 AS base', 'USER root', 'RUN x', 'FROM scratch', 'USER foo', 'RUN y'),
      [2],
    );
  });
  it('accepts a non-root last USER', () => {
    expectClean(rule, df('FROM scratch', 'USER foo'));
    expectClean(rule, df('FROM scratch', 'USER root', 'RUN something', 'USER foo'));
    expectClean(
      rule,
      df('FROM debian:12 AS base', 'USER root', 'RUN x', 'USER foo', 'FROM scratch', 'RUN y'),
    );
    expectClean(rule, df('FROM scratch', 'USER rooty'));
    expectClean(rule, df('FROM scratch', 'ONBUILD USER root'));
  });
});
