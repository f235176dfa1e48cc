import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl4005.js';

describe('DL4005', () => {
  it('reports ln over /bin/sh', () => {
    expectLines(rule, df('FROM debian:12', 'RUN ln -sfv /bin/bash /bin/sh'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN rm /bin/sh && ln -s /bin/bash /bin/sh'), [2]);
    expectLines(rule, df('FROM debian:12', 'ONBUILD RUN ln -sf /bin/bash /bin/sh'), [2]);
    // As hadolint: /bin/sh anywhere among ln's words counts, also as the link source.
    expectLines(rule, df('FROM debian:12', 'RUN ln -s /bin/sh /usr/bin/mysh2'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN ["ln", "-sf", "/bin/bash", "/bin/sh"]'), [2]);
  });
  it('accepts other links and SHELL', () => {
    expectClean(rule, df('FROM debian:12', 'RUN ln -sf /bin/bash /usr/local/bin/sh'));
    expectClean(rule, df('FROM debian:12', 'SHELL ["/bin/bash", "-c"]'));
    expectClean(rule, df('FROM debian:12', 'RUN ln -s /bin/bash /usr/bin/sh2'));
    expectClean(rule, df('FROM debian:12', 'RUN echo ln /bin/sh'));
  });
});
