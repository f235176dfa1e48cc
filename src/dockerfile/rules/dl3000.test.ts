import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3000.js';

describe('DL3000', () => {
  it('reports relative WORKDIR, quoted or not', () => {
    expectLines(rule, df('FROM debian:12', 'WORKDIR relative/dir'), [2]);
    expectLines(rule, df('FROM debian:12', "WORKDIR 'relative/dir'"), [2]);
    expectLines(rule, df('FROM debian:12', 'WORKDIR "relative/dir"'), [2]);
    expectLines(rule, df('FROM debian:12', 'WORKDIR /app', 'WORKDIR src'), [3]);
  });
  it('accepts absolute paths, variables and Windows drives', () => {
    expectClean(rule, df('FROM debian:12', 'WORKDIR /usr/local'));
    expectClean(rule, df('FROM debian:12', 'WORKDIR ${work}'));
    expectClean(rule, df('FROM debian:12', "WORKDIR '/usr/local'"));
    expectClean(rule, df('FROM debian:12', 'WORKDIR "${dir}"'));
    expectClean(rule, df('FROM mcr.microsoft.com/windows:ltsc2022', 'WORKDIR C:/'));
    expectClean(rule, df('FROM mcr.microsoft.com/windows:ltsc2022', 'WORKDIR "C:/app"'));
    expectClean(rule, df('FROM mcr.microsoft.com/windows:ltsc2022', 'WORKDIR C:\\\\app'));
  });
});
