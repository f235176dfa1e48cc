import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3040.js';

describe('DL3040', () => {
  it('reports dnf installs and upgrades without a later clean', () => {
    expectLines(rule, df('FROM fedora:40', 'RUN dnf install -y mariadb-10.4'), [2]);
    expectLines(rule, df('FROM fedora:40', 'RUN microdnf install -y mariadb-10.4'), [2]);
    expectLines(rule, df('FROM fedora:40', 'RUN dnf install -y mariadb-10.4 && microdnf clean all'), [2]);
    expectLines(rule, df('FROM fedora:40', 'RUN dnf -y upgrade'), [2]);
    expectLines(rule, df('FROM fedora:40', 'RUN dnf clean all && dnf in -y mariadb-10.4'), [2]);
    expectLines(rule, df('FROM fedora:40', 'ONBUILD RUN dnf install -y mariadb-10.4'), [2]);
  });
  it('flags a clean-up before an install even when another follows (as hadolint 2.15)', () => {
    expectLines(rule, df('FROM fedora:40', 'RUN dnf clean all && dnf install -y a-1 && dnf clean all'), [2]);
  });
  it('accepts a clean-up after the installs, or a cache mount', () => {
    expectClean(rule, df('FROM fedora:40', 'RUN dnf install -y mariadb-10.4 && dnf clean all'));
    expectClean(rule, df('FROM fedora:40', 'RUN microdnf install -y mariadb-10.4 && microdnf clean all'));
    expectClean(rule, df('FROM fedora:40', 'RUN dnf install -y mariadb-10.4 && rm -rf /var/cache/yum/*'));
    expectClean(
      rule,
      df('FROM fedora:40', 'RUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y a-1'),
    );
    expectClean(rule, df('FROM fedora:40', 'RUN notdnf install mariadb'));
  });
});
