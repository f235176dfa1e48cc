import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl4006.js';

describe('DL4006', () => {
  it('reports a pipe without pipefail', () => {
    expectLines(rule, df('FROM scratch', 'RUN wget -O - https://some.site | wc -l > /number'), [2]);
    expectLines(rule, df('FROM scratch', 'SHELL ["/bin/sh", "-o", "pipefail", "-c"]', 'RUN a | b'), [3]);
    expectLines(
      rule,
      df(
        'FROM scratch',
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
        'RUN a | b',
        'FROM scratch',
        'RUN a | b',
      ),
      [5],
    );
    expectLines(
      rule,
      df(
        'FROM scratch',
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
        'RUN a | b',
        'SHELL ["/bin/sh", "-c"]',
        'RUN a | b',
      ),
      [5],
    );
  });
  it('accepts pipefail shells, no pipes and non-POSIX shells', () => {
    expectClean(rule, df('FROM scratch', 'RUN wget -O - https://some.site && wc -l file > /number'));
    expectClean(rule, df('FROM scratch', 'SHELL ["/bin/bash", "-eo", "pipefail", "-c"]', 'RUN a | b'));
    expectClean(
      rule,
      df('FROM scratch', 'SHELL ["/bin/bash", "-o", "errexit", "-o", "pipefail", "-c"]', 'RUN a | b'),
    );
    expectClean(
      rule,
      df('FROM scratch', 'SHELL ["/usr/local/bin/zsh", "-o", "pipefail", "-c"]', 'RUN a | b'),
    );
    expectClean(rule, df('FROM alpine:3', 'SHELL ["/bin/ash", "-o", "pipefail", "-c"]', 'RUN a | b'));
    expectClean(
      rule,
      df('FROM scratch', 'SHELL ["pwsh", "-c"]', 'RUN Get-Variable PSVersionTable | Select-Object'),
    );
    expectClean(rule, df('FROM scratch', 'SHELL ["cmd.exe", "/c"]', 'RUN dir | more'));
  });
});
