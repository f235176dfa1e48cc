import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3053.js';

const schema = { settings: { labelSchema: { datelabel: 'rfc3339' as const } } };

describe('DL3053', () => {
  it('reports rfc3339 labels that are not date-times', () => {
    expectLines(rule, df('FROM debian:12', 'LABEL datelabel="not-date"'), [2], schema);
    expectLines(rule, df('FROM debian:12', 'LABEL datelabel="2024-05-01"'), [2], schema);
    expectLines(rule, df('FROM debian:12', 'LABEL datelabel="2024-05-01 12:00:00Z"'), [2], schema);
  });
  it('accepts RFC 3339 date-times and other labels', () => {
    expectClean(rule, df('FROM debian:12', 'LABEL datelabel="2021-03-10T10:26:33.564595127+01:00"'), schema);
    expectClean(rule, df('FROM debian:12', 'LABEL datelabel=2024-05-01T12:30:00Z'), schema);
    expectClean(rule, df('FROM debian:12', 'LABEL other="doo"'), schema);
  });
});
