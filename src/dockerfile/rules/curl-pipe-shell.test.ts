import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './curl-pipe-shell.js';

describe('curl-pipe-shell', () => {
  it('reports downloads piped into a shell', () => {
    expectLines(rule, df('FROM debian:12', 'RUN curl -fsSL https://get.docker.com | sh'), [2]);
    expectLines(
      rule,
      df('FROM debian:12', 'RUN wget -qO- https://deb.nodesource.com/setup_20.x | bash -'),
      [2],
    );
    expectLines(rule, df('FROM debian:12', 'RUN wget -O - https://x.sh | sudo -E bash -s -- --yes'), [2]);
    expectLines(
      rule,
      df('FROM debian:12', 'RUN curl -sSf https://sh.rustup.rs | tee /tmp/log | sh -s -- -y'),
      [2],
    );
    expectLines(rule, df('FROM debian:12', 'RUN curl https://install.python-poetry.org | python3 -'), [2]);
    expectLines(
      rule,
      df('FROM debian:12', 'RUN apt-get update && curl -L https://x/i.sh | bash && echo done'),
      [2],
    );
    expectLines(rule, df('FROM debian:12', 'RUN curl -sL https://x/i.sh 2>/dev/null | sh'), [2]);
  });
  it('reports process and command substitution', () => {
    expectLines(rule, df('FROM debian:12', 'RUN bash <(curl -fsSL https://x/install.sh)'), [2]);
    expectLines(
      rule,
      df('FROM debian:12', 'RUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/o/r/HEAD/install.sh)"'),
      [2],
    );
    expectLines(rule, df('FROM debian:12', 'RUN /bin/bash -c "$(wget -qO- https://x/i.sh)"'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN eval "$(curl -s https://x/env)"'), [2]);
  });
  it('accepts downloads to files and other pipelines', () => {
    expectClean(
      rule,
      df(
        'FROM debian:12',
        'RUN curl -fsSLo /tmp/i.sh https://x/i.sh && echo "abc  /tmp/i.sh" | sha256sum -c - && sh /tmp/i.sh',
      ),
    );
    expectClean(
      rule,
      df('FROM debian:12', 'RUN curl -fsSL https://x/key.gpg | gpg --dearmor -o /usr/share/keyrings/x.gpg'),
    );
    expectClean(rule, df('FROM debian:12', 'RUN curl -L https://x/a.tgz | tar -xz -C /opt'));
    expectClean(rule, df('FROM debian:12', 'RUN wget -O /tmp/x.sh https://x/x.sh | cat; bash /tmp/x.sh'));
    expectClean(rule, df('FROM debian:12', 'RUN echo hi | bash'));
    expectClean(rule, df('FROM debian:12', 'RUN curl https://x/y | sh -c "cat > /tmp/y"'));
    expectClean(rule, df('FROM debian:12', 'RUN curl -s https://x/y > /tmp/y; sh /tmp/y'));
    expectClean(
      rule,
      df('FROM debian:12', 'RUN VERSION="$(curl -s https://x/latest)" && sh -c "echo $VERSION"'),
    );
  });
});
