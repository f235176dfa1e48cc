import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3032.js';

describe('DL3032', () => {
  it('reports yum install without a later clean', () => {
    expectLines(rule, df('FROM centos:7', 'RUN yum install -y mariadb-10.4'), [2]);
    expectLines(rule, df('FROM centos:7', 'ONBUILD RUN yum install -y mariadb-10.4'), [2]);
    expectLines(rule, df('FROM centos:7', 'RUN yum clean all && yum install -y mariadb-10.4'), [2]);
    expectLines(rule, df('FROM centos:7', 'RUN yum install -y a-1 && dnf clean all'), [2]);
  });
  it('accepts a clean-up after the install', () => {
    expectClean(rule, df('FROM centos:7', 'RUN yum install -y mariadb-10.4 && yum clean all'));
    expectClean(rule, df('FROM centos:7', 'RUN yum install -y mariadb-10.4 && rm -rf /var/cache/yum/*'));
    expectClean(rule, df('FROM centos:7', 'RUN bash -c `# not even a yum command`'));
    expectClean(rule, df('FROM centos:7', 'RUN yum makecache'));
  });
});
