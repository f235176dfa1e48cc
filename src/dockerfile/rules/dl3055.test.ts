import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3055.js';

const schema = { settings: { labelSchema: { hashlabel: 'hash' as const } } };

describe('DL3055', () => {
  it('reports hash labels that are not git hashes', () => {
    expectLines(rule, df('FROM debian:12', 'LABEL hashlabel="not-git-hash"'), [2], schema);
    expectLines(rule, df('FROM debian:12', 'LABEL hashlabel="2C7A1E9"'), [2], schema);
    expectLines(rule, df('FROM debian:12', 'LABEL hashlabel="2c7a1e9f"'), [2], schema);
  });
  it('accepts short and long hashes and other labels', () => {
    expectClean(rule, df('FROM debian:12', 'LABEL hashlabel="2c7a1e9"'), schema);
    expectClean(
      rule,
      df('FROM debian:12', 'LABEL hashlabel="43c572f1272b8b3171dc1db45bb0c9f0e3e7a7e6"'),
      schema,
    );
    expectClean(rule, df('FROM debian:12', 'LABEL other="bar"'), schema);
  });
});
