import { describe, it } from 'vitest';
import { df, expectClean, expectFix, expectLines } from '../rule-tester.js';
import rule from './dl3019.js';

describe('DL3019', () => {
  it('reports apk add without --no-cache', () => {
    expectLines(rule, df('FROM alpine:3.19', 'RUN apk add flex=2.6.4-r1'), [2]);
    expectLines(rule, df('FROM alpine:3.19', 'RUN apk update && apk add --update curl'), [2]);
    expectLines(
      rule,
      df('FROM alpine:3.19', 'RUN --mount=type=cache,target=/var/cache/foo apk add -U curl=7.77.0'),
      [2],
    );
    expectLines(
      rule,
      df('FROM alpine:3.19', 'RUN --mount=type=tmpfs,target=/var/cache/foo apk add -U curl=7.77.0'),
      [2],
    );
    expectLines(rule, df('FROM alpine:3.19', 'ONBUILD RUN apk add curl'), [2]);
  });
  it('accepts --no-cache and cache mounts', () => {
    expectClean(rule, df('FROM alpine:3.19', 'RUN apk add --no-cache flex=2.6.4-r1'));
    expectClean(
      rule,
      df('FROM alpine:3.19', 'RUN --mount=type=cache,target=/var/cache/apk apk add -U curl=7.77.0'),
    );
    expectClean(
      rule,
      df('FROM alpine:3.19', 'RUN --mount=type=tmpfs,target=/var/cache/apk apk add -U curl=7.77.0'),
    );
    expectClean(
      rule,
      df('FROM alpine:3.19', 'RUN --mount=type=cache,target=/var/cache/foo apk add --no-cache -U curl'),
    );
    expectClean(rule, df('FROM alpine:3.19', 'RUN apk del curl'));
  });
  it('adds --no-cache after add', () => {
    expectFix(
      rule,
      df('FROM alpine:3.19', 'RUN apk add curl && apk add --virtual .b gcc'),
      df('FROM alpine:3.19', 'RUN apk add --no-cache curl && apk add --no-cache --virtual .b gcc'),
    );
  });
});
