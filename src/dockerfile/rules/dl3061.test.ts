import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3061.js';

describe('DL3061', () => {
  it('reports instructions before the first FROM', () => {
    expectLines(rule, df('LABEL foo=bar', 'FROM foo:1'), [1]);
    expectLines(rule, df('ARG A=1', 'RUN echo', 'ENV X=1', 'FROM foo:1'), [2, 3]);
    expectLines(rule, df('ONBUILD RUN x', 'FROM foo:1'), [1]);
    expectLines(rule, df('# comment', 'WORKDIR /app'), [2]);
  });
  it('accepts FROM, ARG, comments and directives first', () => {
    expectClean(rule, df('FROM foo:1', 'LABEL foo=bar'));
    expectClean(rule, df('ARG A=B', 'FROM foo:1', 'LABEL foo=bar'));
    expectClean(rule, df('# syntax = docker/dockerfile:1.0-experimental', 'FROM node:16-alpine3.13'));
    expectClean(rule, df('FROM foo:1', 'ARG A=B', 'RUN echo bla'));
  });
});
