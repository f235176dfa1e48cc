import { describe, expect, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule, { debugPortsIn } from './debug-port-exposed.js';

describe('debug-port-exposed', () => {
  it('reports debugger ports', () => {
    expectLines(rule, df('FROM node:20', 'EXPOSE 3000 9229'), [2]);
    expectLines(rule, df('FROM eclipse-temurin:21', 'EXPOSE 8080/tcp 5005/tcp'), [2]);
    expectLines(rule, df('FROM golang:1.22', 'EXPOSE 2345'), [2]);
    expectLines(rule, df('FROM python:3.12', 'EXPOSE "5678"'), [2]);
    expectLines(rule, df('FROM node:20', 'EXPOSE 9220-9240'), [2]);
    expectLines(rule, df('FROM node:20', 'ARG DEBUG_PORT=9229', 'EXPOSE ${DEBUG_PORT}'), [3]);
    expectLines(rule, df('FROM node:20 AS base', 'EXPOSE 9222', 'FROM base'), [2]);
    expectLines(rule, df('FROM node:20', 'ENV P=3000', 'ARG P=9229', 'EXPOSE 80 $P'), [4]);
  });
  it("reads variables of the EXPOSE's own stage, set before it", () => {
    expectClean(rule, df('FROM node:20', 'ARG P=9229', 'ENV P=3000', 'EXPOSE $P'));
    expectClean(rule, df('FROM node:20', 'EXPOSE $P', 'ARG P=9229'));
    expectClean(rule, df('FROM a AS one', 'ARG P=9229', 'FROM node:20', 'EXPOSE $P'));
  });
  it('accepts service ports, unknown variables and build stages', () => {
    expectClean(rule, df('FROM node:20', 'EXPOSE 3000 8080/tcp 443'));
    expectClean(rule, df('FROM php:8-fpm', 'EXPOSE 9000'));
    expectClean(rule, df('FROM node:20', 'EXPOSE $PORT'));
    expectClean(rule, df('FROM node:20 AS dev', 'EXPOSE 9229', 'FROM node:20', 'EXPOSE 3000'));
    expectClean(rule, df('FROM node:20', 'EXPOSE 80-443'));
  });
  it('parses ports and ranges', () => {
    expect(debugPortsIn('9229/udp')).toEqual([9229]);
    expect(debugPortsIn('5000-6000')).toEqual([5005, 5678, 5858]);
    expect(debugPortsIn('abc')).toEqual([]);
    expect(debugPortsIn('99999999999')).toEqual([]);
  });
});
