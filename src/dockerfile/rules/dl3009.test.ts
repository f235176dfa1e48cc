import { describe, it } from 'vitest';
import { df, expectClean, expectFix, expectLines } from '../rule-tester.js';
import rule from './dl3009.js';

describe('DL3009', () => {
  it('reports apt-get update without removing the lists', () => {
    expectLines(rule, df('FROM scratch', 'RUN apt-get update && apt-get install python'), [2]);
    expectLines(
      rule,
      df('FROM ubuntu as foo', 'RUN hey!', 'FROM scratch', 'RUN apt-get update && apt-get install python'),
      [4],
    );
    expectLines(
      rule,
      df('FROM ubuntu as foo', 'RUN apt-get update && apt-get install python', 'FROM foo', 'RUN hey!'),
      [2],
    );
    expectLines(rule, df('FROM ubuntu', 'RUN apt update && apt install python'), [2]);
    expectLines(rule, df('FROM ubuntu', 'RUN aptitude update && aptitude install python'), [2]);
    expectLines(rule, df('FROM ubuntu as a', 'ONBUILD RUN apt-get update', 'FROM scratch', 'RUN x'), [2]);
  });
  it('accepts cleanup, unused stages and cache mounts', () => {
    expectClean(
      rule,
      df('FROM scratch', 'RUN apt-get update && apt-get install python && rm -rf /var/lib/apt/lists/*'),
    );
    expectClean(
      rule,
      df('FROM ubuntu as foo', 'RUN apt-get update && apt-get install python', 'FROM scratch', 'RUN hey!'),
    );
    expectClean(
      rule,
      df('FROM ubuntu as foo', 'RUN apt-get update && rm -rf /var/lib/apt/lists/*', 'FROM foo', 'RUN hey!'),
    );
    expectClean(
      rule,
      df(
        'FROM ubuntu',
        'RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install python',
      ),
    );
    expectClean(
      rule,
      df(
        'FROM ubuntu',
        'RUN --mount=type=cache,target=/var/lib/apt \\',
        '    --mount=type=tmpfs,target=/var/cache/apt \\',
        '    rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && apt-get install python',
      ),
    );
    expectClean(rule, df('FROM ubuntu', 'RUN apt-get install ./x.deb'));
  });
  it('reports a cache mount on only one apt directory', () => {
    expectLines(
      rule,
      df(
        'FROM ubuntu',
        'RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install python',
      ),
      [2],
    );
    expectLines(
      rule,
      df(
        'FROM ubuntu',
        'RUN rm -f /etc/apt/apt.conf.d/docker-clean',
        'RUN --mount=type=cache,target=/var/lib/apt apt-get update',
      ),
      [3],
    );
  });
  it('appends the cleanup after the last apt command of a plain && list', () => {
    expectFix(
      rule,
      df('FROM ubuntu', 'RUN apt-get update && \\', '    apt-get install -y curl && \\', '    curl -V'),
      df(
        'FROM ubuntu',
        'RUN apt-get update && \\',
        '    apt-get install -y curl && rm -rf /var/lib/apt/lists/* && \\',
        '    curl -V',
      ),
    );
    expectFix(
      rule,
      df('FROM ubuntu', 'RUN apt-get update && apt-get install -y curl'),
      df('FROM ubuntu', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'),
    );
  });
  it('only suggests when the script is not a plain && list', () => {
    const text = df('FROM ubuntu', 'RUN apt-get update; apt-get install -y curl || true');
    expectFix(rule, text, text, { remains: 1 });
    const piped = df('FROM ubuntu', 'RUN apt-get update && apt-get install -y curl > /dev/null');
    expectFix(rule, piped, piped, { remains: 1 });
  });
});
