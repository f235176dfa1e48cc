import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3026.js';

const trust = (...trustedRegistries: string[]) => ({ settings: { trustedRegistries } });

describe('DL3026', () => {
  it('is off without trustedRegistries', () => {
    expectClean(rule, df('FROM random.com/debian'));
  });
  it('reports images from other registries', () => {
    expectLines(rule, df('FROM random.com/debian'), [1], trust('docker.io'));
    expectLines(rule, df('FROM x.com/debian'), [1], trust('*.random.com'));
    expectLines(rule, df('FROM debian:12'), [1], trust('ghcr.io'));
    expectLines(rule, df('FROM ghcr.io/a/b:1', 'COPY --from=quay.io/x/y:1 /a /a'), [2], trust('ghcr.io'));
    expectLines(
      rule,
      df('FROM ghcr.io/a/b:1', 'RUN --mount=type=bind,from=evil.io/x:1,target=/x make'),
      [2],
      trust('ghcr.io'),
    );
    expectLines(
      rule,
      df('FROM ghcr.io/a/b:1', 'COPY --from=nginx:1.25 /etc/nginx /etc/nginx'),
      [2],
      trust('ghcr.io'),
    );
  });
  it('accepts trusted registries, wildcards, scratch and stages', () => {
    expectClean(rule, df('FROM random.com/debian'), trust('x.com', 'random.com'));
    expectClean(rule, df('FROM scratch'), trust('x.com', 'random.com'));
    expectClean(
      rule,
      df(
        'FROM ubuntu:18.04 AS builder1',
        'FROM zemanlx/ubuntu:18.04 AS builder2',
        'FROM docker.io/zemanlx/ubuntu:18.04 AS builder3',
      ),
      trust('docker.io'),
    );
    expectClean(
      rule,
      df('FROM random.com/foo AS builder1', 'FROM builder1 AS builder2'),
      trust('random.com'),
    );
    expectClean(rule, df('FROM foo.random.com/debian'), trust('x.com', '*.random.com'));
    expectClean(rule, df('FROM mirror.corp.example/debian:12'), trust('mirror.*'));
    expectClean(rule, df('FROM ubuntu:18.04', 'FROM docker.io/zemanlx/ubuntu:18.04'), trust('*'));
    expectClean(rule, df('FROM hub.docker.com/library/debian:12'), trust('hub.docker.com'));
    expectClean(
      rule,
      df(
        'FROM ghcr.io/a:1 AS build',
        'FROM ghcr.io/b:1',
        'COPY --from=build /x /x',
        'COPY --from=0 /y /y',
        'RUN --mount=from=build,target=/s ls',
      ),
      trust('ghcr.io'),
    );
  });
});
