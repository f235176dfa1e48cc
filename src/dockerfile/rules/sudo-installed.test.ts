import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './sudo-installed.js';

describe('sudo-installed', () => {
  it('reports sudo installed with any package manager', () => {
    expectLines(
      rule,
      df('FROM debian:12', 'RUN apt-get update && apt-get install -y --no-install-recommends curl sudo'),
      [2],
    );
    expectLines(rule, df('FROM alpine:3.19', 'RUN apk add --no-cache sudo=1.9.15-r0'), [2]);
    expectLines(rule, df('FROM fedora:40', 'RUN dnf install -y sudo'), [2]);
    expectLines(rule, df('FROM opensuse/leap', 'RUN zypper --non-interactive in sudo'), [2]);
    expectLines(rule, df('FROM rockylinux:9', 'RUN yum -y install sudo && yum clean all'), [2]);
  });
  it('reports sudo from a stage the final image is built on', () => {
    expectLines(
      rule,
      df('FROM debian:12 AS base', 'RUN apt-get install -y sudo', 'FROM base', 'USER 1000'),
      [2],
    );
  });
  it('accepts build stages, removal and other packages', () => {
    expectClean(
      rule,
      df(
        'FROM debian:12 AS build',
        'RUN apt-get install -y sudo',
        'FROM debian:12',
        'COPY --from=build /a /a',
      ),
    );
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install -y sudo && make && apt-get purge -y sudo'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install -y sudo-ldap-docs gosu'));
    expectClean(rule, df('FROM debian:12', 'RUN sudo apt-get install -y curl'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-cache show sudo'));
  });
});
