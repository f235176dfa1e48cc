import { describe, it } from 'vitest';
import { df, expectClean, expectFix, expectLines } from '../rule-tester.js';
import rule from './dl4000.js';

describe('DL4000', () => {
  it('reports MAINTAINER', () => {
    expectLines(rule, df('FROM busybox:1', 'MAINTAINER hudu@mail.com'), [2]);
    expectLines(rule, df('MAINTAINER x', 'FROM busybox:1'), [1]);
    expectLines(rule, df('FROM busybox:1', 'maintainer "Lukas"'), [2]);
  });
  it('accepts LABEL maintainer', () => {
    expectClean(rule, df('FROM busybox:1', 'LABEL maintainer="hudu@mail.com"'));
    expectClean(rule, df('FROM busybox:1', 'ONBUILD MAINTAINER x'));
  });
  it('rewrites to LABEL maintainer, escaping what LABEL would expand', () => {
    expectFix(
      rule,
      df('FROM busybox:1', 'MAINTAINER Jane Doe <jane@example.com>'),
      df('FROM busybox:1', 'LABEL maintainer="Jane Doe <jane@example.com>"'),
    );
    expectFix(
      rule,
      df('FROM busybox:1', 'maintainer "Jo" $x \\y'),
      df('FROM busybox:1', 'label maintainer="\\"Jo\\" \\$x \\\\y"'),
    );
    expectFix(
      rule,
      df('# escape=`', 'FROM busybox:1', 'MAINTAINER a\\b "c"'),
      df('# escape=`', 'FROM busybox:1', 'LABEL maintainer="a\\b `"c`""'),
    );
  });
});
