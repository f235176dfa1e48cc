import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3010.js';

describe('DL3010', () => {
  it('reports a COPY of an archive that a later RUN extracts', () => {
    expectLines(
      rule,
      df('FROM debian:12', 'COPY packaged-app.tar /usr/src/app', 'RUN tar -xf /usr/src/app/packaged-app.tar'),
      [2],
    );
    expectLines(
      rule,
      df(
        'FROM debian:12',
        'COPY packaged-app.tar /usr/src/app',
        'WORKDIR /usr/src/app',
        'RUN foo && tar -xf packaged-app.tar',
      ),
      [2],
    );
    expectLines(
      rule,
      df('FROM debian:12', 'COPY foo/bar/packaged-app.tar /foo.tar', 'RUN tar -xf /foo.tar'),
      [2],
    );
    expectLines(rule, df('FROM debian:12', 'COPY app.tar.xz /tmp/', 'RUN cd /tmp && unxz app.tar.xz'), [2]);
    expectLines(rule, df('FROM debian:12', 'COPY a.tar.gz b.tar.gz /tmp/', 'RUN gunzip /tmp/b.tar.gz'), [2]);
  });
  it('accepts archives that are not extracted, non-archives and COPY --from', () => {
    expectClean(
      rule,
      df('FROM debian:12', 'COPY packaged-app.tar /usr/src/app', 'FROM debian:11 as newstage'),
    );
    expectClean(rule, df('FROM debian:12', 'COPY package.json /usr/src/app', 'RUN tar -xf package.json'));
    expectClean(
      rule,
      df(
        'FROM debian:12',
        'COPY --from=builder /usr/local/share/some.tar /opt/some.tar',
        'RUN tar -xf /opt/some.tar',
      ),
    );
    expectClean(rule, df('FROM debian:12', 'COPY app.tar /tmp/', 'RUN tar -tf /tmp/app.tar'));
    // As hadolint: .zip is not in ADD's archive list, and `tar xf` without a dash is not seen as extracting.
    expectClean(rule, df('FROM debian:12', 'COPY app.zip /tmp/', 'RUN unzip /tmp/app.zip'));
    expectClean(rule, df('FROM debian:12', 'COPY app.tar /tmp/', 'RUN tar xf /tmp/app.tar'));
    expectClean(
      rule,
      df('FROM debian:12', 'COPY app.tar /tmp/', 'FROM debian:12', 'RUN tar -xf /tmp/app.tar'),
    );
  });
});
