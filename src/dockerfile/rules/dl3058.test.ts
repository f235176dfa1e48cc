import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3058.js';

const schema = { settings: { labelSchema: { maintainer: 'email' as const } } };

describe('DL3058', () => {
  it('reports email labels that are not addresses', () => {
    expectLines(rule, df('FROM debian:12', 'LABEL maintainer="not-email"'), [2], schema);
    expectLines(rule, df('FROM debian:12', 'LABEL maintainer="Jane <jane@example.com>"'), [2], schema);
  });
  it('accepts addresses and other labels', () => {
    expectClean(rule, df('FROM debian:12', 'LABEL maintainer="abcd@google.com"'), schema);
    expectClean(rule, df('FROM debian:12', 'LABEL other="doo"'), schema);
  });
});
