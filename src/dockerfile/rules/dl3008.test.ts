import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3008.js';

describe('DL3008', () => {
  it('reports apt-get install of unpinned packages', () => {
    expectLines(rule, df('FROM debian:12', 'RUN apt-get install python'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN apt-get update && apt-get install -y python=2.7 ruby'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN apt-get install -t stretch-backports python'), [2]);
    expectLines(rule, df('FROM debian:12', 'ONBUILD RUN apt-get install python'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN if true; then apt-get install -y curl; fi'), [2]);
  });
  it('checks an exec-form RUN as its words joined by spaces, as hadolint does', () => {
    expectLines(rule, df('FROM debian:12', 'RUN ["apt-get", "install", "python"]'), [2]);
    expectClean(rule, df('FROM debian:12', 'RUN ["apt-get", "install", "python=2.7"]'));
  });

  it('accepts pinned packages, paths and .deb files', () => {
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install python=2.7'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install ./foo.deb /tmp/bar'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install -t stretch-backports python=2.7'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install --target-release buster curl=7.64'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get update && apt-get upgrade -y'));
  });
});
