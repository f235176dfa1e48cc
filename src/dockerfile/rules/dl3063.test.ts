import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3063.js';

describe('DL3063', () => {
  it('reports reserved stage names', () => {
    expectLines(rule, df('FROM foo:bar AS scratch'), [1]);
    expectLines(rule, df('FROM foo:bar AS context'), [1]);
    expectLines(rule, df('FROM foo:bar as Scratch'), [1]);
  });
  it('accepts other names', () => {
    expectClean(rule, df('FROM foo:bar AS foobar'));
    expectClean(rule, df('FROM scratch'));
    expectClean(rule, df('FROM scratch AS base'));
  });
});
