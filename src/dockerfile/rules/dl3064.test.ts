import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3064.js';

describe('DL3064', () => {
  it('reports ARG and ENV names that look like secrets', () => {
    expectLines(rule, df('ARG AWS_ACCESS_KEY_ID', 'FROM debian:bullseye', 'RUN foobar'), [1]);
    expectLines(rule, df('ARG openai_api_key', 'FROM debian:bullseye'), [1]);
    expectLines(rule, df('FROM debian:bullseye', 'ENV AWS_ACCESS_KEY_ID=abcdefghijklmnopqrstuvwxyz'), [2]);
    expectLines(rule, df('FROM debian:bullseye', 'ENV my_password=abcdefghijklmnopqrstuvwxyz'), [2]);
    expectLines(rule, df('FROM debian:bullseye', 'ENV A=1 DB_PRIVATE_URL=x'), [2]);
    expectLines(rule, df('FROM debian:bullseye', 'ENV GH_TOKEN abc'), [2]);
    expectLines(rule, df('FROM debian:bullseye', 'ONBUILD ARG NPM_TOKEN'), [2]);
    expectLines(rule, df('FROM debian:bullseye', 'ARG VERSION CLIENT_KEY'), [2]);
  });
  it('accepts ordinary names', () => {
    expectClean(rule, df('FROM debian:bullseye', 'RUN foobar'));
    expectClean(rule, df('ARG foobar', 'FROM debian:bullseye', 'RUN foobar'));
    expectClean(rule, df('FROM debian:bullseye', 'ENV foobar=barfoo'));
    expectClean(rule, df('FROM debian:bullseye', 'ENV NODE_ENV=production PATH=/x:$PATH'));
    expectClean(rule, df('FROM debian:bullseye', 'LABEL secret=no'));
  });
});
