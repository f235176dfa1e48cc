import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3035.js';

describe('DL3035', () => {
  it('reports zypper dist-upgrade and dup', () => {
    expectLines(rule, df('FROM opensuse/leap', 'RUN zypper dist-upgrade'), [2]);
    expectLines(rule, df('FROM opensuse/leap', 'RUN zypper -n dup'), [2]);
    expectLines(rule, df('FROM opensuse/leap', 'RUN zypper ref && zypper dup -y && zypper clean'), [2]);
    expectLines(rule, df('FROM opensuse/leap', 'ONBUILD RUN zypper dup'), [2]);
  });
  it('accepts other zypper commands', () => {
    expectClean(rule, df('FROM opensuse/leap', 'RUN zypper -n update'));
    expectClean(rule, df('FROM opensuse/leap', 'RUN zypper -n install dup=1.0'));
    expectClean(rule, df('FROM opensuse/leap', 'RUN echo zypper dup'));
    expectClean(rule, df('FROM opensuse/leap', 'RUN zypper -n patch'));
  });
});
