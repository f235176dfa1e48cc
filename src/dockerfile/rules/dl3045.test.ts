import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3045.js';

describe('DL3045', () => {
  it('reports COPY to a relative destination without WORKDIR', () => {
    expectLines(rule, df('FROM debian:12', 'COPY bla.sh blubb.sh'), [2]);
    expectLines(rule, df('FROM debian:12', 'COPY bla.sh "blubb.sh"'), [2]);
    expectLines(rule, df('COPY a b'), [1]);
    expectLines(
      rule,
      df('FROM debian:buster as stage1', 'WORKDIR /usr', 'FROM debian:buster', 'COPY foo bar'),
      [4],
    );
    expectLines(
      rule,
      df(
        'FROM microsoft/windowsservercore as stage1',
        'WORKDIR c:\\\\system32',
        'FROM microsoft/windowsservercore',
        'COPY foo bar',
      ),
      [4],
    );
    expectLines(rule, df('FROM debian:12', 'COPY . .', 'WORKDIR /app'), [2]);
  });
  it('accepts absolute or variable destinations, and WORKDIR in the stage or its parents', () => {
    expectClean(rule, df('FROM debian:12', 'COPY bla.sh /usr/local/bin/blubb.sh'));
    expectClean(rule, df('FROM debian:12', 'COPY bla.sh "/usr/local/bin/blubb.sh"'));
    expectClean(rule, df('FROM debian:12', 'COPY bla.sh c:\\\\system32\\\\blubb.sh'));
    expectClean(rule, df('FROM debian:12', 'COPY bla.sh "d:\\\\mypath\\\\blubb.sh"'));
    expectClean(rule, df('FROM debian:12', 'COPY bla.sh c:/system32/blubb.sh'));
    expectClean(rule, df('FROM scratch', 'WORKDIR /usr', 'COPY bla.sh blubb.sh'));
    expectClean(rule, df('FROM scratch', 'WORKDIR c:\\\\system32', 'COPY bla.sh blubb.sh'));
    expectClean(rule, df('FROM debian:12', 'COPY src.sh ${SRC_BASE_ENV}'));
    expectClean(rule, df('FROM debian:12', 'COPY src.sh "$SRC_BASE_ENV"'));
    expectClean(
      rule,
      df(
        'FROM debian:buster as base',
        'WORKDIR /usr',
        'FROM debian:buster as stage-inbetween',
        'RUN foo',
        'FROM base',
        'COPY foo bar',
      ),
    );
    expectClean(
      rule,
      df(
        'FROM debian:buster as base1',
        'WORKDIR /usr',
        'FROM base1 as base2',
        'RUN foo',
        'FROM base2',
        'COPY foo bar',
      ),
    );
    expectClean(rule, df('FROM debian:buster', 'ONBUILD WORKDIR /usr/local/lib', 'ONBUILD COPY foo bar'));
  });
});
