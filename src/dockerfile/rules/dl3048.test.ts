import { describe, expect, it } from 'vitest';
import { df, expectClean, expectLines, lintWith } from '../rule-tester.js';
import rule from './dl3048.js';

describe('DL3048', () => {
  it('reports reserved namespaces', () => {
    expectLines(rule, df('FROM debian:12', 'LABEL com.docker.label="foo"'), [2]);
    expectLines(rule, df('FROM debian:12', 'LABEL io.docker.label="foo"'), [2]);
    expectLines(rule, df('FROM debian:12', 'LABEL org.dockerproject.label="foo"'), [2]);
  });
  it('reports invalid characters, starts, ends and doubled separators', () => {
    expectLines(rule, df('FROM debian:12', 'LABEL invalid$character="foo"'), [2]);
    expectLines(rule, df('FROM debian:12', 'LABEL .invalid="foo"'), [2]);
    expectLines(rule, df('FROM debian:12', 'LABEL -invalid="foo"'), [2]);
    expectLines(rule, df('FROM debian:12', 'LABEL 1invalid="foo"'), [2]);
    expectLines(rule, df('FROM debian:12', 'LABEL invalid.="foo"'), [2]);
    expectLines(rule, df('FROM debian:12', 'LABEL Maintainer="me"'), [2]);
    expectLines(rule, df('FROM debian:12', 'LABEL invalid..character="foo"'), [2]);
    expectLines(rule, df('FROM debian:12', 'LABEL invalid--character="foo"'), [2]);
  });
  it('reports a LABEL once, with the key and the reason', () => {
    const [f, ...rest] = lintWith(rule, df('FROM debian:12', 'LABEL A=1 b=2 C=3'));
    expect(rest).toHaveLength(0);
    expect(f?.message).toMatch(/'A' must start with a lowercase letter/);
    expect(f?.level).toBe('style');
  });
  it('accepts valid keys, also quoted and on continuation lines', () => {
    expectClean(rule, df('FROM debian:12', 'LABEL org.valid-key.label3="foo"'));
    expectClean(rule, df('FROM debian:12', 'LABEL validlabel="foo"'));
    expectClean(
      rule,
      df('FROM debian:12', 'LABEL "org.opencontainers.image.title"="x" \\', '  my.label/with_underscore=y'),
    );
  });
  it('does not look inside ONBUILD (as hadolint)', () => {
    expectClean(rule, df('FROM debian:12', 'ONBUILD LABEL Bad=1'));
  });
});
