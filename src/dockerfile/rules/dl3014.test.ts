import { describe, it } from 'vitest';
import { df, expectClean, expectFix, expectLines } from '../rule-tester.js';
import rule from './dl3014.js';

describe('DL3014', () => {
  it('reports apt-get install without -y', () => {
    expectLines(rule, df('FROM debian:12', 'RUN apt-get install python'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN apt-get install -q python'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN apt-get install --quiet python'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN apt-get install -qqq python'), [2]);
    expectLines(rule, df('FROM debian:12', 'ONBUILD RUN apt-get install python'), [2]);
  });
  it('accepts the yes switches', () => {
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install -yq python'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get -y install python'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install --yes python'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install --assume-yes python'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install -qq python'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install -q -q python'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install --quiet --quiet python'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install -q=2 python'));
    expectClean(rule, df('FROM debian:12', 'RUN apt-get update'));
  });
  it('adds -y after install', () => {
    expectFix(
      rule,
      df('FROM debian:12', 'RUN apt-get update && apt-get install python && apt-get install ruby'),
      df('FROM debian:12', 'RUN apt-get update && apt-get install -y python && apt-get install -y ruby'),
    );
    expectFix(
      rule,
      df('FROM debian:12', 'RUN apt-get update && \\', '    apt-get install\\', '      curl'),
      df('FROM debian:12', 'RUN apt-get update && \\', '    apt-get install -y\\', '      curl'),
    );
    expectFix(
      rule,
      df('FROM debian:12', 'ONBUILD RUN apt-get install curl'),
      df('FROM debian:12', 'ONBUILD RUN apt-get install -y curl'),
    );
  });
  it('fixes heredoc RUNs when the body maps exactly', () => {
    expectFix(
      rule,
      df('FROM debian:12', 'RUN <<EOF', 'apt-get update', 'apt-get install curl', 'EOF'),
      df('FROM debian:12', 'RUN <<EOF', 'apt-get update', 'apt-get install -y curl', 'EOF'),
    );
  });
});
