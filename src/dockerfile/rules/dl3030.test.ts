import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3030.js';

describe('DL3030', () => {
  it('reports yum installs without -y', () => {
    expectLines(rule, df('FROM centos:7', 'RUN yum install httpd-2.4.24 && yum clean all'), [2]);
    expectLines(rule, df('FROM centos:7', 'RUN yum groupinstall "Development Tools"'), [2]);
    expectLines(rule, df('FROM centos:7', 'RUN yum localinstall /tmp/x.rpm'), [2]);
    expectLines(rule, df('FROM centos:7', 'ONBUILD RUN yum install httpd-2.4.24'), [2]);
    expectLines(rule, df('FROM centos:7', 'RUN ["yum", "install", "httpd-2.4"]'), [2]);
  });
  it('accepts -y and --assumeyes', () => {
    expectClean(rule, df('FROM centos:7', 'RUN yum install -y httpd-2.4.24 && yum clean all'));
    expectClean(rule, df('FROM centos:7', 'RUN yum --assumeyes install httpd-2.4.24'));
    expectClean(rule, df('FROM centos:7', 'RUN yum -qy install httpd-2.4.24'));
    expectClean(rule, df('FROM centos:7', 'RUN echo yum install httpd'));
    expectClean(rule, df('FROM centos:7', 'RUN yum update'));
  });
});
