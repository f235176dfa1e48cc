import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3041.js';

describe('DL3041', () => {
  it('reports unpinned dnf packages and modules', () => {
    expectLines(rule, df('FROM fedora:40', 'RUN dnf install -y tomcat && dnf clean all'), [2]);
    expectLines(rule, df('FROM fedora:40', 'RUN microdnf install -y tomcat && microdnf clean all'), [2]);
    expectLines(rule, df('FROM fedora:40', 'RUN dnf install -y rpm-sign && dnf clean all'), [2]);
    expectLines(rule, df('FROM fedora:40', 'RUN dnf module install -y tomcat && dnf clean all'), [2]);
    expectLines(rule, df('FROM fedora:40', 'ONBUILD RUN dnf install -y tomcat'), [2]);
    expectLines(rule, df('FROM fedora:40', 'RUN dnf install -y "git-core-${GIT_VER}"'), [2]);
  });
  it('accepts versions, epochs and module streams', () => {
    expectClean(rule, df('FROM fedora:40', 'RUN dnf install -y tomcat-9.0.1 && dnf clean all'));
    expectClean(rule, df('FROM fedora:40', 'RUN microdnf install -y openssl-1:1.1.1k'));
    expectClean(rule, df('FROM fedora:40', 'RUN dnf install -y rpm-sign-4.16.1.3 && dnf clean all'));
    expectClean(rule, df('FROM fedora:40', 'RUN dnf module install -y tomcat:9 && dnf clean all'));
    expectClean(rule, df('FROM fedora:40', 'RUN dnf group install -y "Development Tools"'));
    expectClean(rule, df('FROM fedora:40', 'RUN notdnf install tomcat'));
  });
  it('accepts a version from an ARG or ENV in scope', () => {
    expectClean(
      rule,
      df('ARG GIT_VER=2.51.0-2.fc42', 'FROM fedora:40', 'RUN dnf install -y "git-core-${GIT_VER}"'),
    );
    expectClean(rule, df('FROM fedora:40', 'ENV V=1', 'RUN dnf install -y git-${V}'));
    expectLines(rule, df('FROM fedora:40', 'ENV V=1', 'RUN dnf install -y git-$V'), [3]);
  });
});
