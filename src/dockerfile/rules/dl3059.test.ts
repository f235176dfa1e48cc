import { describe, it } from 'vitest';
import { df, expectClean, expectFix, expectLines } from '../rule-tester.js';
import rule from './dl3059.js';

describe('DL3059', () => {
  it('reports consecutive short RUNs', () => {
    expectLines(rule, df('FROM debian:12', 'RUN /foo.sh', 'RUN /bar.sh'), [3]);
    expectLines(rule, df('FROM debian:12', 'RUN /foo.sh', '# a comment', '# another', 'RUN /bar.sh'), [5]);
    expectLines(
      rule,
      df(
        'FROM debian:12',
        'RUN --mount=type=secret,id=foo /foo.sh',
        'RUN --mount=type=secret,id=foo /bar.sh',
      ),
      [3],
    );
    expectLines(rule, df('FROM debian:12', 'RUN foo && bar', 'RUN foo', 'RUN bar'), [4]);
    expectLines(rule, df('FROM debian:12', 'RUN a > /log', 'RUN ["b"]'), [3]);
    expectLines(rule, df('FROM debian:12', 'RUN a', 'RUN b', 'RUN c'), [3, 4]);
  });
  it('accepts separated, long or differently flagged RUNs', () => {
    expectClean(rule, df('FROM debian:10'));
    expectClean(rule, df('FROM debian:12', 'RUN /foo.sh', 'WORKDIR /', 'RUN /bar.sh'));
    expectClean(rule, df('FROM debian:12', 'RUN --mount=type=secret,id=foo /foo.sh', 'RUN /bar.sh'));
    expectClean(
      rule,
      df(
        'FROM debian:12',
        'RUN --mount=type=secret,id=foo /foo.sh',
        'RUN --mount=type=secret,id=bar /bar.sh',
      ),
    );
    expectClean(rule, df('FROM debian:12', 'RUN foo && bar', 'RUN foobar'));
    expectClean(rule, df('FROM debian:12', 'RUN foobar', 'RUN foo && bar'));
    expectClean(rule, df('FROM debian:12', 'RUN foo && bar', 'RUN foo; bar'));
    expectClean(rule, df('FROM debian:12', 'RUN foobar', 'RUN a; b; c'));
    expectClean(rule, df('FROM debian:12', 'RUN a', 'FROM debian:12', 'RUN b'));
  });
  it('merges two simple && lists into one RUN', () => {
    expectFix(
      rule,
      df('FROM debian:12', 'RUN useradd app', 'RUN mkdir -p /data \\', '    /cache', 'USER app'),
      df('FROM debian:12', 'RUN useradd app && \\', '    mkdir -p /data \\', '    /cache', 'USER app'),
    );
    expectFix(
      rule,
      df('FROM debian:12', 'RUN --network=none a', 'RUN --network=none b', 'RUN --network=none c'),
      df('FROM debian:12', 'RUN --network=none a && \\', '    b && \\', '    c'),
    );
    expectFix(
      rule,
      df('# escape=`', 'FROM debian:12', 'RUN a', 'RUN b'),
      df('# escape=`', 'FROM debian:12', 'RUN a && `', '    b'),
    );
  });
  it('only suggests when merging could change what the commands do', () => {
    for (const text of [
      df('FROM debian:12', 'RUN cd /src', 'RUN make'),
      df('FROM debian:12', 'RUN set -e', 'RUN make'),
      df('FROM debian:12', 'RUN (a)', 'RUN c'),
      df('FROM debian:12', 'RUN a &', 'RUN b'),
      df('FROM debian:12', 'RUN export X=1', 'RUN b'),
      df('FROM debian:12', 'RUN a', '# why b', 'RUN b'),
      df('FROM debian:12', 'RUN ["a"]', 'RUN b'),
      df('FROM debian:12', 'RUN a > /log', 'RUN c'),
      df('FROM debian:12', 'RUN a', 'RUN <<EOF', 'b', 'EOF'),
    ]) {
      expectFix(rule, text, text, { remains: 1 });
    }
  });
});
