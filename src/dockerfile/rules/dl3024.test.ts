import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3024.js';

describe('DL3024', () => {
  it('reports a stage name used twice', () => {
    expectLines(rule, df('FROM node:20 AS foo', 'RUN x', 'FROM scratch AS foo'), [3]);
    expectLines(
      rule,
      df('FROM node:20 AS foo', 'FROM node:20 AS bar', 'FROM scratch AS foo', 'FROM a:1 AS foo'),
      [3, 4],
    );
    expectLines(rule, df('FROM node:20 AS foo', 'FROM scratch AS FOO'), [2]);
  });
  it('accepts unique names', () => {
    expectClean(rule, df('FROM node:20 AS foo', 'FROM scratch AS bar'));
    expectClean(rule, df('FROM node:20', 'FROM node:20'));
    expectClean(rule, df('FROM node:20 AS foo', 'FROM foo'));
  });
});
