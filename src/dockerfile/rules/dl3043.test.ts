import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3043.js';

describe('DL3043', () => {
  it('reports ONBUILD of ONBUILD, FROM and MAINTAINER', () => {
    expectLines(rule, df('FROM debian:12', 'ONBUILD ONBUILD RUN anything'), [2]);
    expectLines(rule, df('FROM debian:12', 'ONBUILD FROM debian:buster'), [2]);
    expectLines(rule, df('FROM debian:12', 'ONBUILD MAINTAINER "BoJack Horseman"'), [2]);
    expectLines(rule, df('FROM debian:12', 'onbuild from debian:buster'), [2]);
  });
  it('accepts other triggers, and FROM or MAINTAINER outside ONBUILD', () => {
    for (const trigger of [
      'ADD anything anywhere',
      'USER anything',
      'LABEL bla="blubb"',
      'STOPSIGNAL anything',
      'COPY anything anywhere',
      'RUN anything',
      'CMD anything',
      'WORKDIR anything',
      'EXPOSE 69',
      'VOLUME anything',
      'ENTRYPOINT anything',
      'ENV MYVAR="bla"',
      'ARG anything',
      'HEALTHCHECK NONE',
    ]) {
      expectClean(rule, df('FROM debian:12', `ONBUILD ${trigger}`));
    }
    expectClean(rule, df('FROM debian:buster'));
    expectClean(rule, df('FROM debian:buster', 'MAINTAINER "Some Guy"'));
  });
});
