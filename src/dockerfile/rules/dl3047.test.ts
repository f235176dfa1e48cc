import { describe, it } from 'vitest';
import { df, expectClean, expectFix, expectLines } from '../rule-tester.js';
import rule from './dl3047.js';

describe('DL3047', () => {
  it('reports wget without a progress option', () => {
    expectLines(rule, df('FROM node:20 as foo', 'RUN wget my.xyz'), [2]);
    expectLines(rule, df('FROM node:20', 'RUN apt-get update && wget -O /tmp/x https://x'), [2]);
    expectLines(rule, df('FROM node:20', 'ONBUILD RUN wget my.xyz'), [2]);
    expectLines(rule, df('FROM node:20', 'RUN ["wget", "my.xyz"]'), [2]);
  });
  it('accepts --progress, quiet, no-verbose and log-file options', () => {
    expectClean(rule, df('FROM node:20', 'RUN wget --progress=dot:giga my.xyz'));
    expectClean(rule, df('FROM node:20', 'RUN wget -q my.xyz'));
    expectClean(rule, df('FROM node:20', 'RUN wget --quiet my.xyz'));
    expectClean(rule, df('FROM node:20', 'RUN wget -nv my.xyz'));
    expectClean(rule, df('FROM node:20', 'RUN wget --no-verbose my.xyz'));
    expectClean(rule, df('FROM node:20', 'RUN wget --output-file=/tmp/wget.log my.xyz'));
    expectClean(rule, df('FROM node:20', 'RUN wget -o /tmp/wget.log my.xyz'));
    expectClean(rule, df('FROM node:20', 'RUN wget --append-output=/tmp/wget.log my.xyz'));
    expectClean(rule, df('FROM node:20', 'RUN wget -a /tmp/wget.log my.xyz'));
  });
  it('adds --progress=dot:giga after wget', () => {
    expectFix(
      rule,
      df('FROM node:20', 'RUN wget my.xyz'),
      df('FROM node:20', 'RUN wget --progress=dot:giga my.xyz'),
    );
    expectFix(
      rule,
      df(
        'FROM debian:12',
        'RUN set -x && \\',
        '    HTTPS_PROXY=x wget \\',
        '      https://x/a && wget https://x/b',
      ),
      df(
        'FROM debian:12',
        'RUN set -x && \\',
        '    HTTPS_PROXY=x wget --progress=dot:giga \\',
        '      https://x/a && wget --progress=dot:giga https://x/b',
      ),
    );
    expectFix(
      rule,
      df('FROM node:20', 'ONBUILD RUN wget my.xyz'),
      df('FROM node:20', 'ONBUILD RUN wget --progress=dot:giga my.xyz'),
    );
  });
  it('only suggests on busybox images, exec form and heredocs', () => {
    for (const text of [
      df('FROM alpine:3.20', 'RUN wget my.xyz'),
      df('FROM busybox AS a', 'FROM a', 'RUN wget my.xyz'),
      df('FROM node:20', 'RUN ["wget", "my.xyz"]'),
      df('FROM node:20', 'RUN <<EOF', 'wget my.xyz', 'EOF'),
    ]) {
      expectFix(rule, text, text, { remains: 1 });
    }
  });
});
