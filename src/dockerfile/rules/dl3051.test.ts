import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3051.js';

const schema = { settings: { labelSchema: { emptylabel: 'text' as const, other: 'url' as const } } };

describe('DL3051', () => {
  it('reports empty schema labels', () => {
    expectLines(rule, df('FROM debian:12', 'LABEL emptylabel=""'), [2], schema);
    expectLines(rule, df('FROM debian:12', "LABEL emptylabel=''"), [2], schema);
    expectLines(rule, df('FROM debian:12', 'LABEL emptylabel='), [2], schema);
  });
  it('reports each empty schema label of a LABEL', () => {
    expectLines(rule, df('FROM debian:12', 'LABEL emptylabel="" other=""'), [2, 2], schema);
  });
  it('accepts filled schema labels and empty labels outside the schema', () => {
    expectClean(rule, df('FROM debian:12', 'LABEL emptylabel="foo"'), schema);
    expectClean(rule, df('FROM debian:12', 'LABEL emptylabel=" "'), schema);
    expectClean(rule, df('FROM debian:12', 'LABEL notinschema=""'), schema);
  });
  it('is off without a schema', () => {
    expectClean(rule, df('FROM debian:12', 'LABEL emptylabel=""'));
  });
});
