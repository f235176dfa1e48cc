import { describe, expect, it } from 'vitest';
import { df, expectClean, expectLines, lintWith } from '../rule-tester.js';
import rule from './dl3049.js';

const schema = { settings: { labelSchema: { foo: 'text' as const } } };

describe('DL3049', () => {
  it('reports a single stage without the label', () => {
    expectLines(rule, df('FROM baseimage'), [1], schema);
    expectLines(rule, df('FROM baseimage', 'LABEL bar="baz"'), [1], schema);
    expectClean(rule, df('FROM baseimage', 'LABEL foo="bar"'), schema);
  });
  it('reports each unrelated stage that lacks the label', () => {
    expectLines(rule, df('FROM stage1', 'FROM stage2'), [1, 2], schema);
    expectLines(
      rule,
      df('FROM stage1', 'LABEL bar="baz"', 'FROM stage2', 'LABEL buzz="fuzz"'),
      [1, 3],
      schema,
    );
    expectLines(rule, df('FROM baseimage', 'LABEL foo="bar"', 'FROM newimage'), [3], schema);
    expectLines(rule, df('FROM baseimage', 'FROM newimage', 'LABEL foo="bar"'), [1], schema);
    expectLines(
      rule,
      df('FROM baseimage', 'LABEL baz="bar"', 'FROM newimage', 'LABEL foo="bar"'),
      [1],
      schema,
    );
  });
  it('follows inheritance through FROM <stage>', () => {
    expectLines(rule, df('FROM baseimage as base', 'FROM base'), [1, 2], schema);
    expectClean(rule, df('FROM baseimage as base', 'FROM base', 'LABEL foo="bar"'), schema);
    expectClean(rule, df('FROM baseimage as base', 'LABEL foo="bar"', 'FROM base'), schema);
    expectLines(
      rule,
      df('FROM baseimage as base', 'FROM base', 'LABEL foo="bar"', '', 'FROM base'),
      [5],
      schema,
    );
    expectLines(
      rule,
      df('FROM baseimage as base', 'FROM base', '', 'FROM base', 'LABEL foo="bar"'),
      [2],
      schema,
    );
  });
  it('does not report stages that others copy from', () => {
    expectClean(
      rule,
      df('FROM baseimage as base', 'FROM anotherimage', 'LABEL foo="bar"', 'COPY --from=base /bar /baz'),
      schema,
    );
    expectLines(rule, df('FROM baseimage as base', 'FROM anotherimage', 'LABEL foo="bar"'), [1], schema);
    expectLines(
      rule,
      df(
        'FROM baseimage as base',
        'FROM newimage',
        'LABEL foo="bar"',
        'COPY --from=base /bar /baz',
        '',
        'FROM newimage',
        'COPY --from=base /bar /baz',
      ),
      [6],
      schema,
    );
  });
  it('resolves --from by stage index and alias case, and through labeled descendants', () => {
    expectClean(
      rule,
      df('FROM golang:1.22 AS Build', 'FROM alpine:3', 'LABEL foo=1', 'COPY --from=build /a /a'),
      schema,
    );
    expectClean(rule, df('FROM golang:1.22', 'FROM alpine:3', 'LABEL foo=1', 'COPY --from=0 /a /a'), schema);
    expectClean(rule, df('FROM debian:12 AS base', 'FROM base AS app', 'LABEL foo=1'), schema);
    expectClean(rule, df('FROM debian:12 AS a', 'FROM a AS b', 'FROM b', 'LABEL foo=1'), schema);
  });
  it('reports once per missing schema label, and not at all without a schema', () => {
    const findings = lintWith(rule, df('FROM debian:12', 'LABEL a=1'), {
      settings: { labelSchema: { a: 'text', b: 'url', c: 'semver' } },
    });
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining("label 'b'"),
      expect.stringContaining("label 'c'"),
    ]);
    expectClean(rule, df('FROM debian:12'));
  });
  it('does not count labels set by ONBUILD', () => {
    expectLines(rule, df('FROM debian:12', 'ONBUILD LABEL foo=1'), [1], schema);
  });
});
