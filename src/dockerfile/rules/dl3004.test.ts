import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3004.js';

describe('DL3004', () => {
  it('reports sudo', () => {
    expectLines(rule, df('FROM debian:12', 'RUN sudo apt-get install -y vim'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN apt-get update && sudo make install'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN if true; then sudo ls; fi'), [2]);
    expectLines(rule, df('FROM debian:12', 'ONBUILD RUN sudo ls'), [2]);
  });
  it('accepts RUNs without sudo', () => {
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install -y sudo'));
    expectClean(rule, df('FROM debian:12', 'RUN echo sudo'));
    expectClean(rule, df('FROM debian:12', 'USER root', 'RUN make install'));
    expectClean(rule, df('FROM debian:12', 'RUN gosu app ls'));
  });
});
