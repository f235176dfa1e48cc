import { describe, it } from 'vitest';
import { df, expectClean, expectFix, expectLines } from '../rule-tester.js';
import rule from './dl3021.js';

describe('DL3021', () => {
  it('reports several sources to a destination without a trailing slash', () => {
    expectLines(rule, df('FROM debian:12', 'COPY foo bar baz'), [2]);
    expectLines(rule, df('FROM debian:12', 'COPY foo bar "baz"'), [2]);
    expectLines(rule, df('FROM debian:12', 'COPY ["a", "b", "/app"]'), [2]);
    expectLines(rule, df('FROM debian:12', 'COPY --chown=1 a b \\', '  /app'), [2]);
  });
  it('accepts one source, or a destination ending in /', () => {
    expectClean(rule, df('FROM debian:12', 'COPY foo bar'));
    expectClean(rule, df('FROM debian:12', 'COPY foo bar baz/'));
    expectClean(rule, df('FROM debian:12', 'COPY foo bar "baz/"'));
    expectClean(rule, df('FROM debian:12', 'ADD foo bar baz'));
  });
  it('adds the trailing slash', () => {
    expectFix(rule, df('FROM debian:12', 'COPY a b /app'), df('FROM debian:12', 'COPY a b /app/'));
    expectFix(
      rule,
      df('FROM debian:12', 'COPY a b "/my app"  '),
      df('FROM debian:12', 'COPY a b "/my app/"  '),
    );
    expectFix(
      rule,
      df('FROM debian:12', 'COPY ["a", "b", "/app" ]'),
      df('FROM debian:12', 'COPY ["a", "b", "/app/" ]'),
    );
    expectFix(
      rule,
      df('FROM debian:12', 'COPY a b \\', '  /app'),
      df('FROM debian:12', 'COPY a b \\', '  /app/'),
    );
  });
});
