import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3046.js';

describe('DL3046', () => {
  it('reports useradd with a long uid and no -l', () => {
    expectLines(rule, df('FROM debian:12', 'RUN useradd -u 123456 luser'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN useradd -m -u 100000 -s /bin/sh app'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN groupadd app && useradd -g app -u 1000000 app'), [2]);
    expectLines(rule, df('FROM debian:12', 'ONBUILD RUN useradd -u 123456 luser'), [2]);
  });
  it('accepts -l, --no-log-init, short uids and no uid', () => {
    expectClean(rule, df('FROM debian:12', 'RUN useradd -l -u 123456 luser'));
    expectClean(rule, df('FROM debian:12', 'RUN useradd --no-log-init -u 123456 luser'));
    expectClean(rule, df('FROM debian:12', 'RUN useradd -u 12345 luser'));
    expectClean(rule, df('FROM debian:12', 'RUN useradd luser'));
    expectClean(rule, df('FROM debian:12', 'RUN adduser -u 123456 luser'));
  });
});
