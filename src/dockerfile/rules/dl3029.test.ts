import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3029.js';

describe('DL3029', () => {
  it('reports a fixed --platform', () => {
    expectLines(rule, df('FROM --platform=linux debian:jessie'), [1]);
    expectLines(rule, df('FROM --platform=linux/amd64 debian:12 AS build'), [1]);
    expectLines(rule, df('FROM debian:12', 'FROM --platform=$FOO debian:12'), [2]);
  });
  it('accepts no flag and the BuildKit platform arguments', () => {
    expectClean(rule, df('FROM debian:jessie'));
    expectClean(rule, df('FROM --platform=$BUILDPLATFORM debian:jessie'));
    expectClean(rule, df('FROM --platform="$BUILDPLATFORM" debian:jessie'));
    expectClean(rule, df('FROM --platform=${BUILDPLATFORM} debian:jessie'));
    expectClean(rule, df('FROM --platform=${BUILDPLATFORM:-} debian:jessie'));
    expectClean(rule, df('FROM --platform="${BUILDPLATFORM:-}" debian:jessie'));
    expectClean(rule, df('FROM --platform=$TARGETPLATFORM debian:jessie'));
  });
});
