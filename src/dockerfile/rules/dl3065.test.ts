import { describe, it } from 'vitest';
import { df, expectClean, expectFix, expectLines } from '../rule-tester.js';
import rule from './dl3065.js';

describe('DL3065', () => {
  it('reports --platform=$TARGETPLATFORM', () => {
    expectLines(rule, df('FROM --platform=$TARGETPLATFORM alpine:3.20'), [1]);
    expectLines(rule, df('FROM --platform=${TARGETPLATFORM} alpine:3.20'), [1]);
    expectLines(rule, df('FROM alpine:3.20', 'FROM --platform="$TARGETPLATFORM" alpine:3.20 AS x'), [2]);
  });
  it('accepts other platforms and no flag', () => {
    expectClean(rule, df('FROM alpine:3.20'));
    expectClean(rule, df('FROM --platform=$FOOBAR alpine:3.20'));
    expectClean(rule, df('FROM --platform=foobar alpine:3.20'));
    expectClean(rule, df('FROM --platform=foobar/arm64 alpine:3.20'));
    expectClean(rule, df('FROM --platform=$BUILDPLATFORM alpine:3.20'));
  });
  it('removes the flag', () => {
    expectFix(rule, df('FROM --platform=$TARGETPLATFORM alpine:3.20 AS a'), df('FROM alpine:3.20 AS a'));
    expectFix(rule, df('from  --platform=${TARGETPLATFORM}   alpine:3.20'), df('from  alpine:3.20'));
  });
});
