import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3036.js';

describe('DL3036', () => {
  it('reports zypper install without a later clean', () => {
    expectLines(rule, df('FROM opensuse/leap', 'RUN zypper install -y httpd=2.4.46'), [2]);
    expectLines(rule, df('FROM opensuse/leap', 'RUN zypper -n in httpd=2.4.46'), [2]);
    expectLines(rule, df('FROM opensuse/leap', 'RUN zypper clean && zypper install -y httpd=2.4.46'), [2]);
    expectLines(rule, df('FROM opensuse/leap', 'ONBUILD RUN zypper install -y httpd=2.4.46'), [2]);
  });
  it('accepts zypper clean / cc afterwards, or a cache mount', () => {
    expectClean(rule, df('FROM opensuse/leap', 'RUN zypper install -y httpd=2.4.46 && zypper clean'));
    expectClean(rule, df('FROM opensuse/leap', 'RUN zypper install -y httpd=2.4.46 && zypper cc'));
    expectClean(
      rule,
      df(
        'FROM opensuse/leap',
        'RUN --mount=type=cache,target=/var/cache/zypp zypper install -y httpd=2.4.46',
      ),
    );
    expectClean(rule, df('FROM opensuse/leap', 'RUN zypper refresh'));
  });
  it('does not accept a bind mount', () => {
    expectLines(
      rule,
      df('FROM opensuse/leap', 'RUN --mount=type=bind,target=/var/cache/zypp zypper in -y a=1'),
      [2],
    );
  });
});
