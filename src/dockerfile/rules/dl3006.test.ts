import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3006.js';

describe('DL3006', () => {
  it('reports images without tag or digest', () => {
    expectLines(rule, df('FROM debian'), [1]);
    expectLines(rule, df('FROM debian AS builder'), [1]);
    expectLines(
      rule,
      df('FROM golang:1.9.3-alpine3.7 AS build', 'RUN foo', 'FROM node as unit-test', 'RUN bar'),
      [3],
    );
    expectLines(rule, df('FROM registry.example.com:5000/team/app'), [1]);
    // A stage name used before the stage is defined is an image.
    expectLines(rule, df('FROM build', 'FROM debian:12 AS build'), [1]);
  });
  it('accepts tags, digests, scratch, variables and earlier stages', () => {
    expectClean(rule, df('FROM ruby@sha256:f1dbca0f5dbc9'));
    expectClean(rule, df('FROM ruby:2'));
    expectClean(rule, df('FROM ${VALUE}'));
    expectClean(rule, df('FROM scratch'));
    expectClean(rule, df('FROM localhost:5000/app:1.0'));
    expectClean(
      rule,
      df(
        'FROM golang:1.9.3-alpine3.7 AS build',
        'RUN foo',
        'FROM build as unit-test',
        'RUN bar',
        'FROM alpine:3.7',
      ),
    );
  });
});
