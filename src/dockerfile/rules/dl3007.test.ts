import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3007.js';

describe('DL3007', () => {
  it('reports the latest tag', () => {
    expectLines(rule, df('FROM debian:latest'), [1]);
    expectLines(rule, df('FROM debian:latest AS builder'), [1]);
    expectLines(rule, df('FROM localhost:5000/app:latest'), [1]);
    expectLines(rule, df('FROM debian:12', 'FROM ghcr.io/o/r:latest'), [2]);
  });
  it('accepts other tags and digests', () => {
    expectClean(rule, df('FROM debian:jessie'));
    expectClean(rule, df('FROM debian:jessie AS builder'));
    expectClean(
      rule,
      df('FROM hub.docker.io/debian@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb'),
    );
    expectClean(
      rule,
      df(
        'FROM hub.docker.io/debian:latest@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb',
      ),
    );
    expectClean(rule, df('FROM debian'));
  });
});
