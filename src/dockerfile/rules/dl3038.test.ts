import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3038.js';

describe('DL3038', () => {
  it('reports dnf and microdnf installs without -y', () => {
    expectLines(rule, df('FROM fedora:40', 'RUN dnf install httpd-2.4.24 && dnf clean all'), [2]);
    expectLines(rule, df('FROM fedora:40', 'RUN microdnf install httpd-2.4.24'), [2]);
    expectLines(rule, df('FROM fedora:40', 'RUN dnf groupinstall core'), [2]);
    expectLines(rule, df('FROM fedora:40', 'ONBUILD RUN dnf install httpd-2.4.24'), [2]);
  });
  it('accepts -y and --assumeyes', () => {
    expectClean(rule, df('FROM fedora:40', 'RUN dnf install -y httpd-2.4.24 && dnf clean all'));
    expectClean(rule, df('FROM fedora:40', 'RUN microdnf --assumeyes install httpd-2.4.24'));
    expectClean(rule, df('FROM fedora:40', 'RUN notdnf install httpd'));
    expectClean(rule, df('FROM fedora:40', 'RUN dnf clean all'));
  });
});
