import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3034.js';

describe('DL3034', () => {
  it('reports zypper without a non-interactive switch', () => {
    expectLines(rule, df('FROM opensuse/leap', 'RUN zypper install httpd=2.4.24 && zypper clean'), [2]);
    expectLines(rule, df('FROM opensuse/leap', 'RUN zypper rm httpd'), [2]);
    expectLines(rule, df('FROM opensuse/leap', 'RUN zypper patch'), [2]);
    expectLines(rule, df('FROM opensuse/leap', 'ONBUILD RUN zypper in httpd=2.4.24'), [2]);
  });
  it('accepts -n, --non-interactive, -y and --no-confirm', () => {
    expectClean(rule, df('FROM opensuse/leap', 'RUN zypper install -n httpd=2.4.24 && zypper clean'));
    expectClean(rule, df('FROM opensuse/leap', 'RUN zypper --non-interactive install httpd=2.4.24'));
    expectClean(rule, df('FROM opensuse/leap', 'RUN zypper install -y httpd=2.4.24'));
    expectClean(rule, df('FROM opensuse/leap', 'RUN zypper install --no-confirm httpd=2.4.24'));
    expectClean(rule, df('FROM opensuse/leap', 'RUN zypper refresh'));
  });
});
