import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3037.js';

describe('DL3037', () => {
  it('reports zypper install of unpinned packages', () => {
    expectLines(rule, df('FROM opensuse/leap', 'RUN zypper install -y httpd && zypper clean'), [2]);
    expectLines(rule, df('FROM opensuse/leap', 'RUN zypper -n in httpd=2.4 curl'), [2]);
    expectLines(rule, df('FROM opensuse/leap', 'ONBUILD RUN zypper install -y httpd'), [2]);
    expectLines(rule, df('FROM opensuse/leap', 'RUN ["zypper", "install", "-y", "httpd"]'), [2]);
  });
  it('accepts versions, ranges and rpm files', () => {
    expectClean(rule, df('FROM opensuse/leap', 'RUN zypper install -y httpd=2.4.46 && zypper clean'));
    expectClean(rule, df('FROM opensuse/leap', 'RUN zypper install -y "httpd>=2.4" "curl<8"'));
    expectClean(rule, df('FROM opensuse/leap', 'RUN zypper install -y /tmp/foo.rpm'));
    expectClean(rule, df('FROM opensuse/leap', 'RUN zypper remove -y httpd'));
  });
});
