import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3011.js';

describe('DL3011', () => {
  it('reports ports above 65535', () => {
    expectLines(rule, df('FROM debian:12', 'EXPOSE 80000'), [2]);
    expectLines(rule, df('FROM debian:12', 'EXPOSE 40000-80000/tcp'), [2]);
    expectLines(rule, df('FROM debian:12', 'EXPOSE 80 65536/udp'), [2]);
    expectLines(rule, df('FROM debian:12', 'EXPOSE 70000-70001'), [2]);
  });
  it('accepts valid ports and variables', () => {
    expectClean(rule, df('FROM debian:12', 'EXPOSE 60000'));
    expectClean(rule, df('FROM debian:12', 'EXPOSE ${FOOBAR}'));
    expectClean(rule, df('FROM debian:12', 'EXPOSE 40000-60000/tcp'));
    expectClean(rule, df('FROM debian:12', 'EXPOSE 40000-${FOOBAR}'));
    expectClean(rule, df('FROM debian:12', 'EXPOSE 65535 0 80/tcp 53/udp'));
  });
});
