import { describe, it } from 'vitest';
import { df, expectClean, expectFix, expectLines } from '../rule-tester.js';
import rule from './dl3015.js';

describe('DL3015', () => {
  it('reports apt-get install without --no-install-recommends', () => {
    expectLines(rule, df('FROM debian:12', 'RUN apt-get install -y python'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN apt-get update && apt-get -y install python'), [2]);
    expectLines(rule, df('FROM debian:12', 'ONBUILD RUN apt-get install python'), [2]);
    expectLines(
      rule,
      df('FROM debian:12', 'RUN apt-get install --no-install-recommends a && apt-get install b'),
      [2],
    );
  });
  it('accepts the switch or the apt option', () => {
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install -y --no-install-recommends python'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get -o APT::Install-Recommends=false install python'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get update'));
    expectClean(rule, df('FROM debian:12', 'RUN apt install python'));
  });
  it('adds --no-install-recommends after install', () => {
    expectFix(
      rule,
      df('FROM debian:12', 'RUN apt-get update && apt-get install -y python'),
      df('FROM debian:12', 'RUN apt-get update && apt-get install --no-install-recommends -y python'),
    );
  });
});
