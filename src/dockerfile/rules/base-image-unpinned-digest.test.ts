import { describe, expect, it } from 'vitest';
import { lintText } from '../lint.js';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './base-image-unpinned-digest.js';

const D = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('base-image-unpinned-digest', () => {
  it('reports external images without a digest', () => {
    expectLines(rule, df('FROM node:20-slim'), [1]);
    expectLines(rule, df('FROM --platform=linux/amd64 ghcr.io/o/r:1.2 AS build', 'FROM build'), [1]);
    expectLines(rule, df('ARG V=20', 'FROM node:${V}'), [2]);
    expectLines(rule, df('FROM debian'), [1]);
    expectLines(rule, df('FROM node:20@sha256:abc'), [1]);
  });
  it('accepts digests, scratch, stage names and unknown variables', () => {
    expectClean(rule, df(`FROM node:20-slim@${D}`));
    expectClean(rule, df(`FROM gcr.io/distroless/nodejs20-debian12@${D}`));
    expectClean(rule, df('FROM scratch'));
    expectClean(rule, df(`FROM golang:1.22@${D} AS build`, 'FROM build AS test', 'FROM test'));
    expectClean(rule, df('ARG BASE', 'FROM $BASE'));
    expectClean(rule, df(`ARG BASE=node@${D}`, 'FROM ${BASE}'));
  });
  it('is off by default', () => {
    expect(lintText(df('FROM node:20'), { rules: [rule] }).findings).toEqual([]);
    const on = lintText(df('FROM node:20'), {
      rules: [rule],
      settings: { enabled: ['base-image-unpinned-digest'] },
    });
    expect(on.findings.map((f) => f.level)).toEqual(['info']);
  });
});
