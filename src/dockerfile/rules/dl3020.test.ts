import { describe, it } from 'vitest';
import { df, expectClean, expectFix, expectLines } from '../rule-tester.js';
import rule from './dl3020.js';

describe('DL3020', () => {
  it('reports ADD of local files and folders', () => {
    expectLines(rule, df('FROM debian:12', 'ADD . /app'), [2]);
    expectLines(rule, df('FROM debian:12', 'ADD ["a.txt", "/app/"]'), [2]);
    expectLines(rule, df('FROM debian:12', 'ADD --chown=1000 src /app'), [2]);
    expectLines(rule, df('FROM debian:12', 'ONBUILD ADD . /app', 'ADD x.tgz y /d/'), [3]);
  });
  it('accepts archives, URLs and COPY', () => {
    expectClean(rule, df('FROM debian:12', 'ADD rootfs.tar.xz /'));
    expectClean(rule, df('FROM debian:12', 'ADD https://example.com/a.sh /a.sh'));
    expectClean(rule, df('FROM debian:12', 'ADD "app.tgz" /opt/'));
    expectClean(rule, df('FROM debian:12', 'COPY . /app'));
  });
  it('fixes ADD to COPY keeping case and flags', () => {
    expectFix(rule, df('FROM debian:12', 'ADD . /app'), df('FROM debian:12', 'COPY . /app'));
    expectFix(
      rule,
      df('from debian:12', 'add --chown=1 . /app'),
      df('from debian:12', 'copy --chown=1 . /app'),
    );
  });
  it('does not fix when a source is an archive or an ADD-only flag is used', () => {
    expectFix(rule, df('FROM debian:12', 'ADD a.tgz b /d/'), df('FROM debian:12', 'ADD a.tgz b /d/'), {
      remains: 1,
    });
    expectFix(
      rule,
      df('FROM debian:12', 'ADD --unpack=false x /d/'),
      df('FROM debian:12', 'ADD --unpack=false x /d/'),
      {
        remains: 1,
      },
    );
  });
});
