import { describe, expect, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule, { worldWritable } from './chmod-world-writable.js';

describe('chmod-world-writable', () => {
  it('reports world-writable modes in RUN', () => {
    expectLines(rule, df('FROM debian:12', 'RUN chmod 777 /app'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN chmod -R 0666 /data'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN mkdir -p /x && chmod -R o+w /x'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN chmod a=rwx /run.sh'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN sudo chmod ugo+rwx /srv'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN mkdir -m 777 /shared'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN install -m 0666 a /etc/a'), [2]);
  });
  it('reports --chmod on COPY and ADD', () => {
    expectLines(rule, df('FROM debian:12', 'COPY --chmod=777 run.sh /run.sh'), [2]);
    expectLines(rule, df('FROM debian:12', 'ADD --chmod=o+w a /a'), [2]);
  });
  it('accepts private, read-only and sticky modes', () => {
    expectClean(rule, df('FROM debian:12', 'RUN chmod 755 /app && chmod 644 /app/a'));
    expectClean(rule, df('FROM debian:12', 'RUN chmod 1777 /tmp/shared'));
    expectClean(rule, df('FROM debian:12', 'RUN chmod +x /run.sh && chmod u+w,g+w /x'));
    expectClean(rule, df('FROM debian:12', 'RUN chmod o-w /x && chmod a+rX /y'));
    expectClean(rule, df('FROM debian:12', 'RUN chmod +w /x'));
    expectClean(rule, df('FROM debian:12', 'COPY --chmod=755 run.sh /run.sh'));
    expectClean(rule, df('FROM debian:12', 'RUN chmod $MODE /x'));
    expectClean(rule, df('FROM debian:12', 'RUN echo chmod 777'));
  });
  it('reads modes', () => {
    expect(worldWritable('2')).toBe(true);
    expect(worldWritable('772')).toBe(true);
    expect(worldWritable('775')).toBe(false);
    expect(worldWritable('a+rwxt')).toBe(false);
    expect(worldWritable('u=rwx,o=rw')).toBe(true);
    expect(worldWritable('go-w+w')).toBe(true);
    expect(worldWritable('-w')).toBe(false);
  });
});
