import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3060.js';

describe('DL3060', () => {
  it('reports yarn install without a later cache clean', () => {
    expectLines(rule, df('FROM node:20', 'RUN yarn install foo'), [2]);
    expectLines(rule, df('FROM node:20', 'RUN yarn cache clean && yarn install foo'), [2]);
    expectLines(rule, df('FROM node:20', 'RUN --mount=type=cache,target=/var/lib/foobar yarn install'), [2]);
    expectLines(rule, df('FROM node:lts-alpine as foo', 'RUN hey!', 'FROM scratch', 'RUN yarn install'), [4]);
    expectLines(rule, df('FROM node:lts-alpine as foo', 'RUN yarn install', 'FROM foo', 'RUN hey!'), [2]);
    expectLines(rule, df('FROM node:20 as a', 'ONBUILD RUN yarn install', 'FROM scratch'), [2]);
  });
  it('accepts a cache clean, a cache mount, or a stage that is not shipped', () => {
    expectClean(rule, df('FROM node:20', 'RUN foo'));
    expectClean(rule, df('FROM node:20', 'RUN yarn install bar && yarn cache clean'));
    expectClean(
      rule,
      df('FROM node:20', 'RUN --mount=type=cache,target=/root/.cache/yarn yarn install foobar'),
    );
    expectClean(
      rule,
      df('FROM node:20', 'RUN --mount=type=tmpfs,target=/root/.cache/yarn yarn install foobar'),
    );
    expectClean(
      rule,
      df('FROM node:lts-alpine as foo', 'RUN yarn install && yarn cache clean', 'FROM foo', 'RUN hey!'),
    );
    expectClean(rule, df('FROM node:lts-alpine as foo', 'RUN yarn install foo', 'FROM scratch', 'RUN hey!'));
  });
});
