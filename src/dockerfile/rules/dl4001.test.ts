import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl4001.js';

describe('DL4001', () => {
  it('reports the RUN that brings the second download tool into a stage', () => {
    expectLines(rule, df('FROM debian:12', 'RUN wget http://x/a', 'RUN curl -O http://x/b'), [3]);
    expectLines(rule, df('FROM debian:12', 'RUN wget http://x/a && curl -O http://x/b'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN curl -O a', 'RUN wget b', 'RUN curl c'), [3, 4]);
    expectLines(rule, df('FROM debian:12', 'ONBUILD RUN wget a', 'ONBUILD RUN curl b'), [3]);
  });
  it('accepts one tool per stage', () => {
    expectClean(rule, df('FROM debian:12', 'RUN wget a', 'FROM debian:12', 'RUN curl b'));
    expectClean(rule, df('FROM debian:12', 'RUN curl a && curl b'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install -y wget curl'));
    expectClean(rule, df('FROM debian:12', 'RUN wget a', 'ONBUILD RUN curl b'));
  });
});
