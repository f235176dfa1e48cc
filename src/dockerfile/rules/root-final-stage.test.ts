import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './root-final-stage.js';

describe('root-final-stage', () => {
  it('reports a final stage without USER', () => {
    expectLines(rule, df('FROM node:20-slim', 'COPY . /app', 'CMD ["node", "/app/server.js"]'), [1]);
    expectLines(
      rule,
      df('FROM golang:1.22 AS build', 'USER 1000', 'FROM scratch', 'COPY --from=build /app /app'),
      [3],
    );
    expectLines(rule, df('FROM gcr.io/distroless/static-debian12', 'COPY app /app'), [1]);
    expectLines(rule, df('ARG BASE=node:20', 'FROM $BASE', 'CMD ["node"]'), [2]);
  });
  it('reports a last USER that is root', () => {
    expectLines(rule, df('FROM debian:12', 'USER app', 'RUN true', 'USER root'), [4]);
    expectLines(rule, df('FROM debian:12', 'USER 0'), [2]);
    expectLines(rule, df('FROM debian:12', 'USER 0:0'), [2]);
    expectLines(rule, df('FROM debian:12', 'USER root:app'), [2]);
    expectLines(rule, df('FROM debian:12', 'ARG U=root', 'USER ${U}'), [3]);
    expectLines(rule, df('FROM debian:12 AS base', 'USER root', 'FROM base', 'RUN true'), [2]);
  });
  it('accepts a non-root last USER, also inherited from an earlier stage', () => {
    expectClean(rule, df('FROM debian:12', 'USER root', 'RUN apt-get update', 'USER 10001:10001'));
    expectClean(rule, df('FROM debian:12', 'USER app'));
    expectClean(rule, df('FROM debian:12 AS base', 'USER 1000', 'FROM base', 'RUN true'));
    expectClean(rule, df('FROM debian:12 AS build', 'RUN make', 'FROM debian:12', 'USER 65532'));
    expectClean(rule, df('FROM debian:12', 'USER 01000'));
  });
  it('accepts distroless nonroot tags and unknown variables', () => {
    expectClean(rule, df('FROM gcr.io/distroless/static-debian12:nonroot', 'COPY app /app'));
    expectClean(rule, df('FROM gcr.io/distroless/nodejs20-debian12:debug-nonroot', 'COPY . /app'));
    expectClean(rule, df('ARG TAG=nonroot', 'FROM gcr.io/distroless/base:${TAG}', 'COPY app /'));
    expectClean(rule, df('FROM debian:12', 'USER $APP_UID'));
  });
  it('ignores USER inside ONBUILD', () => {
    expectLines(rule, df('FROM debian:12', 'USER 1000', 'ONBUILD USER root'), []);
  });
});
