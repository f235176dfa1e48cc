import { describe, expect, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule, { isBuildPackage } from './build-tools-in-final-stage.js';

describe('build-tools-in-final-stage', () => {
  it('reports compilers and -dev packages in a single-stage build', () => {
    expectLines(
      rule,
      df(
        'FROM debian:12',
        'RUN apt-get update && apt-get install -y --no-install-recommends build-essential',
      ),
      [2],
    );
    expectLines(rule, df('FROM alpine:3.19', 'RUN apk add --no-cache gcc musl-dev python3'), [2]);
    expectLines(rule, df('FROM fedora:40', 'RUN dnf install -y gcc-c++ make && dnf clean all'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN sudo apt-get install -y git=1:2.39.2-1.1 libpq-dev'), [2]);
    expectLines(rule, df('FROM rockylinux:9', 'RUN yum -y install openssl-devel'), [2]);
  });
  it('reports dev dependency installs', () => {
    expectLines(rule, df('FROM node:20', 'COPY . .', 'RUN npm ci'), [3]);
    expectLines(rule, df('FROM node:20', 'RUN npm install'), [2]);
    expectLines(rule, df('FROM node:20', 'RUN yarn install --frozen-lockfile'), [2]);
    expectLines(rule, df('FROM python:3.12', 'RUN pip install --no-cache-dir -r requirements-dev.txt'), [2]);
    expectLines(rule, df('FROM python:3.12', 'RUN python -m pip install -r requirements/test.txt'), [2]);
    expectLines(rule, df('FROM php:8', 'RUN composer install'), [2]);
  });
  it('looks at the final stage and the stages it is built from only', () => {
    expectLines(
      rule,
      df('FROM node:20 AS build', 'RUN npm ci && npm run build', 'FROM node:20-slim', 'RUN npm ci'),
      [4],
    );
    expectLines(
      rule,
      df('FROM debian:12 AS base', 'RUN apt-get install -y gcc', 'FROM base', 'COPY . /app'),
      [2],
    );
    expectClean(
      rule,
      df(
        'FROM debian:12 AS build',
        'RUN apt-get install -y gcc make',
        'FROM debian:12-slim',
        'COPY --from=build /out /app',
      ),
    );
  });
  it('accepts production installs and tools removed again', () => {
    expectClean(rule, df('FROM node:20', 'RUN npm ci --omit=dev'));
    expectClean(rule, df('FROM node:20', 'RUN npm ci --only=production && npm install express'));
    expectClean(rule, df('FROM node:20', 'ENV NODE_ENV=production', 'RUN npm ci'));
    expectClean(rule, df('FROM node:20', 'RUN npm ci && npm run build && npm prune --omit=dev'));
    expectClean(
      rule,
      df(
        'FROM alpine:3.19',
        'RUN apk add --virtual .build-deps gcc musl-dev && pip install x && apk del .build-deps',
      ),
    );
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install -y gcc && make && apt-get purge -y gcc'));
    expectClean(rule, df('FROM python:3.12', 'RUN pip install -r requirements.txt && pip install gunicorn'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install -y curl ca-certificates libpq5'));
    expectClean(rule, df('FROM php:8', 'RUN composer install --no-dev --optimize-autoloader'));
  });
  it('knows build packages', () => {
    expect(isBuildPackage('gcc-12')).toBe(true);
    expect(isBuildPackage('libssl-dev')).toBe(true);
    expect(isBuildPackage('python3-devel')).toBe(true);
    expect(isBuildPackage('dev')).toBe(false);
    expect(isBuildPackage('libdevmapper1.02.1')).toBe(false);
    expect(isBuildPackage('gitlab-runner')).toBe(false);
  });
});
