import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3033.js';

describe('DL3033', () => {
  it('reports unpinned yum packages and modules', () => {
    expectLines(rule, df('FROM centos:7', 'RUN yum install -y tomcat && yum clean all'), [2]);
    expectLines(rule, df('FROM centos:7', 'ONBUILD RUN yum install -y tomcat && yum clean all'), [2]);
    expectLines(rule, df('FROM centos:7', 'RUN yum module install -y tomcat && yum clean all'), [2]);
    expectLines(rule, df('FROM centos:7', 'RUN yum install -y rpm-sign'), [2]);
    expectLines(rule, df('FROM centos:7', 'RUN yum install -y which-${WHICH_VERSION}'), [2]);
    expectLines(rule, df('FROM centos:7', 'RUN yum install -y python${PY}'), [2]);
  });
  it('accepts versions, epochs, rpm files and module streams', () => {
    expectClean(rule, df('FROM centos:7', 'RUN yum install -y tomcat-9.2 && yum clean all'));
    expectClean(rule, df('FROM centos:7', 'RUN yum install -y openssl-1:1.1.1k'));
    expectClean(rule, df('FROM centos:7', 'RUN yum install -y rpm-sign-4.16.1.3 gcc-c++-1.1.1'));
    expectClean(rule, df('FROM centos:7', 'RUN yum module install -y tomcat:9 && yum clean all'));
    expectClean(rule, df('FROM centos:7', 'RUN yum install -y /tmp/local-1.0.rpm'));
    expectClean(rule, df('FROM centos:7', 'RUN bash -c `# not even a yum command`'));
  });
  it('accepts a version from an ARG or ENV in scope', () => {
    expectClean(
      rule,
      df('FROM centos:7', 'ARG WHICH_VERSION=2.21-30.el9', 'RUN yum install -y which-${WHICH_VERSION}'),
    );
    expectClean(rule, df('ARG V=1.2', 'FROM centos:7', 'RUN yum install -y "git-core-${V}"'));
    expectClean(rule, df('FROM centos:7 AS base', 'ENV V=1.2', 'FROM base', 'RUN yum install -y git-${V}'));
    expectLines(rule, df('FROM centos:7', 'ENV V=1.2', 'FROM centos:7', 'RUN yum install -y git-${V}'), [4]);
  });
});
