import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3056.js';

const schema = { settings: { labelSchema: { semver: 'semver' as const } } };

describe('DL3056', () => {
  it('reports semver labels that are not semantic versions', () => {
    expectLines(rule, df('FROM debian:12', 'LABEL semver="not-sem-ver"'), [2], schema);
    expectLines(rule, df('FROM debian:12', 'LABEL semver="v1.0.0"'), [2], schema);
    expectLines(rule, df('FROM debian:12', 'LABEL semver="1.0"'), [2], schema);
  });
  it('accepts semantic versions and other labels', () => {
    expectClean(rule, df('FROM debian:12', 'LABEL semver="1.0.0"'), schema);
    expectClean(rule, df('FROM debian:12', 'LABEL semver="2.0.1-rc1"'), schema);
    expectClean(rule, df('FROM debian:12', 'LABEL other="foo"'), schema);
  });
});
