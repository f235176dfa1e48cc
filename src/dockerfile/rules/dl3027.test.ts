import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3027.js';

describe('DL3027', () => {
  it('reports apt', () => {
    expectLines(rule, df('FROM debian:12', 'RUN apt install python'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN apt-get update && apt upgrade -y'), [2]);
    expectLines(rule, df('FROM debian:12', 'ONBUILD RUN apt install python'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN x=$(apt list --installed)'), [2]);
  });
  it('accepts apt-get and apt-cache', () => {
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install python=2.7'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-cache search python'));
    expectClean(rule, df('FROM debian:12', 'RUN echo apt install'));
    expectClean(rule, df('FROM debian:12', 'RUN aptitude install foo'));
  });
});
