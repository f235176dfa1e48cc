import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './cache-bust-order.js';

describe('cache-bust-order', () => {
  it('reports installs after copying the whole context', () => {
    expectLines(rule, df('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci'), [4]);
    expectLines(rule, df('FROM node:20', 'COPY . /app', 'RUN cd /app && yarn'), [3]);
    expectLines(
      rule,
      df('FROM python:3.12', 'COPY . .', 'RUN pip install --no-cache-dir -r requirements.txt'),
      [3],
    );
    expectLines(rule, df('FROM golang:1.22', 'COPY . .', 'RUN go mod download && go build ./...'), [3]);
    expectLines(rule, df('FROM ruby:3', 'ADD . /app', 'RUN bundle install'), [3]);
    expectLines(rule, df('FROM maven:3', 'COPY . .', 'RUN mvn -B package'), [3]);
    expectLines(rule, df('FROM php:8', 'COPY ["./", "/app"]', 'RUN composer install --no-dev'), [3]);
    expectLines(
      rule,
      df('FROM node:20 AS a', 'COPY . .', 'RUN npm ci', 'FROM node:20 AS b', 'COPY . .', 'RUN pnpm install'),
      [3, 6],
    );
  });
  it('reports once per stage', () => {
    expectLines(rule, df('FROM node:20', 'COPY . .', 'RUN npm ci', 'RUN npm install'), [3]);
  });
  it('accepts manifests first, source last', () => {
    expectClean(
      rule,
      df(
        'FROM node:20',
        'COPY package.json package-lock.json ./',
        'RUN npm ci',
        'COPY . .',
        'RUN npm run build',
      ),
    );
    expectClean(
      rule,
      df('FROM maven:3', 'COPY pom.xml .', 'RUN mvn dependency:go-offline', 'COPY . .', 'RUN mvn package'),
    );
    expectClean(
      rule,
      df('FROM golang:1.22', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build'),
    );
    expectClean(rule, df('FROM node:20', 'COPY . .', 'RUN npm install express && npm run build'));
    expectClean(rule, df('FROM node:20 AS deps', 'COPY . .', 'FROM node:20', 'RUN npm ci'));
    expectClean(rule, df('FROM node:20', 'COPY --from=deps . .', 'RUN npm ci'));
    expectClean(rule, df('FROM python:3.12', 'COPY . .', 'RUN pip install gunicorn'));
  });
});
