import { describe, it } from 'vitest';
import { df, expectClean, expectFix, expectLines } from '../rule-tester.js';
import rule from './dl3003.js';

describe('DL3003', () => {
  it('reports cd anywhere in a RUN', () => {
    expectLines(rule, df('FROM debian:12', 'RUN cd /usr/src/app'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN make && cd /x && make install'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN if true; then cd /tmp; fi'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN (cd /src && make)', 'RUN x=$(cd /a && pwd)'), [2, 3]);
    // hadolint parses an exec-form RUN as its words joined by spaces.
    expectLines(rule, df('FROM debian:12', 'RUN ["cd", "/tmp"]'), [2]);
  });
  it('accepts RUNs without cd', () => {
    expectClean(rule, df('FROM debian:12', 'WORKDIR /src', 'RUN make'));
    expectClean(rule, df('FROM debian:12', 'RUN echo cd /tmp'));
    expectClean(rule, df('FROM debian:12', 'RUN ["make", "-C", "/tmp"]'));
    expectClean(rule, df('FROM debian:12', 'SHELL ["pwsh", "-c"]', 'RUN cd C:\\app'));
  });
  it('turns a lone cd into WORKDIR', () => {
    expectFix(
      rule,
      df('FROM node:14', 'RUN cd /usr/src/goof', 'RUN npm ci'),
      df('FROM node:14', 'WORKDIR /usr/src/goof', 'RUN npm ci'),
    );
  });
  it('moves a leading cd out when the previous directory is known', () => {
    expectFix(
      rule,
      df('FROM debian:12', 'WORKDIR /app', 'RUN cd /src && \\', '    make', 'COPY a b'),
      df('FROM debian:12', 'WORKDIR /app', 'WORKDIR /src', 'RUN make', 'WORKDIR /app', 'COPY a b'),
    );
  });
  it('only suggests when the previous directory is unknown', () => {
    const text = df('FROM debian:12', 'RUN cd /src && make');
    expectFix(rule, text, text, { remains: 1 });
  });
});
