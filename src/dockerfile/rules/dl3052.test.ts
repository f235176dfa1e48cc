import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3052.js';

const schema = { settings: { labelSchema: { urllabel: 'url' as const, textlabel: 'text' as const } } };

describe('DL3052', () => {
  it('reports url labels that are not absolute URLs', () => {
    expectLines(rule, df('FROM debian:12', 'LABEL urllabel="not-url"'), [2], schema);
    expectLines(rule, df('FROM debian:12', 'LABEL urllabel="github.com/acme/app"'), [2], schema);
    expectLines(rule, df('FROM debian:12', 'LABEL urllabel=""'), [2], schema);
  });
  it('accepts URLs, and other labels with any value', () => {
    expectClean(rule, df('FROM debian:12', 'LABEL urllabel="http://example.com"'), schema);
    expectClean(rule, df('FROM debian:12', 'LABEL urllabel=https://example.com/a?b=c#d'), schema);
    expectClean(rule, df('FROM debian:12', 'LABEL other="foo" textlabel="not-url"'), schema);
  });
});
