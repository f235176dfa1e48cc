import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3018.js';

describe('DL3018', () => {
  it('reports unpinned apk packages', () => {
    expectLines(rule, df('FROM alpine:3.19', 'RUN apk add flex'), [2]);
    expectLines(rule, df('FROM alpine:3.19', 'RUN apk add --no-cache flex=2.6 bison'), [2]);
    expectLines(rule, df('FROM alpine:3.19', 'RUN apk add --virtual .deps gcc'), [2]);
    expectLines(rule, df('FROM alpine:3.19', 'RUN apk update && apk add -t build make'), [2]);
    expectLines(rule, df('FROM alpine:3.19', 'ONBUILD RUN apk add flex'), [2]);
  });
  it('accepts versions, .apk files and flag values', () => {
    expectClean(rule, df('FROM alpine:3.19', 'RUN apk add flex=2.6.4-r1'));
    expectClean(rule, df('FROM alpine:3.19', 'RUN apk add "flex~2.6" "bison>3"'));
    expectClean(rule, df('FROM alpine:3.19', 'RUN apk add --virtual .deps gcc=13.2'));
    expectClean(rule, df('FROM alpine:3.19', 'RUN apk add --repository http://x/edge/main /tmp/x.apk'));
    expectClean(rule, df('FROM alpine:3.19', 'RUN apk del flex'));
  });
});
