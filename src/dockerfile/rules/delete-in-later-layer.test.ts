import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './delete-in-later-layer.js';

describe('delete-in-later-layer', () => {
  it('reports deleting what a COPY or ADD added', () => {
    expectLines(rule, df('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN rm -rf .git'), [4]);
    expectLines(
      rule,
      df(
        'FROM debian:12',
        'COPY app.tar.gz /tmp/',
        'RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz',
      ),
      [3],
    );
    expectLines(
      rule,
      df(
        'FROM debian:12',
        'ADD https://example.com/tool.zip /tmp/tool.zip',
        'RUN unzip /tmp/tool.zip -d /opt',
        'RUN rm -f /tmp/*.zip',
      ),
      [4],
    );
    expectLines(
      rule,
      df('FROM debian:12', 'COPY secrets.json /app/config/', 'RUN rm /app/config/secrets.json'),
      [3],
    );
    expectLines(rule, df('FROM debian:12', 'COPY src /src', 'RUN make -C /src && rm -rf /src'), [3]);
    expectLines(rule, df('FROM python:3.12', 'COPY . /app', 'RUN find /app -name "*.pyc" -delete'), [3]);
  });
  it('reports deleting what an earlier RUN downloaded, extracted or fetched', () => {
    expectLines(
      rule,
      df(
        'FROM debian:12',
        'RUN curl -fsSL -o /tmp/x.tgz https://e.com/x.tgz',
        'RUN tar -xzf /tmp/x.tgz -C /usr/local && rm /tmp/x.tgz',
      ),
      [3],
    );
    expectLines(
      rule,
      df('FROM debian:12', 'WORKDIR /tmp', 'RUN wget https://e.com/dl/node.tar.xz', 'RUN rm node.tar.xz'),
      [4],
    );
    expectLines(
      rule,
      df(
        'FROM debian:12',
        'RUN apt-get update && apt-get install -y curl',
        'RUN rm -rf /var/lib/apt/lists/*',
      ),
      [3],
    );
    expectLines(
      rule,
      df(
        'FROM debian:12',
        'RUN git clone https://github.com/o/tool.git /opt/tool',
        'RUN cd /opt && rm -rf tool/.git',
      ),
      [3],
    );
    expectLines(
      rule,
      df('FROM debian:12 AS base', 'COPY big.iso /data/', 'FROM base', 'RUN rm /data/big.iso'),
      [4],
    );
  });
  it('reports once per deleted path', () => {
    expectLines(rule, df('FROM debian:12', 'COPY a.bin /a.bin', 'RUN rm /a.bin', 'RUN rm -f /a.bin'), [3]);
  });
  it('accepts cleanup in the same RUN and deletions of unrelated paths', () => {
    expectClean(
      rule,
      df(
        'FROM debian:12',
        'RUN curl -o /tmp/x.tgz https://e.com/x.tgz && tar -xzf /tmp/x.tgz -C /opt && rm /tmp/x.tgz',
      ),
    );
    expectClean(
      rule,
      df('FROM debian:12', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'),
    );
    expectClean(rule, df('FROM debian:12', 'COPY app /app/', 'RUN rm -rf /tmp/*'));
    expectClean(rule, df('FROM debian:12', 'COPY . /app', 'RUN rm -rf /var/cache/*'));
    expectClean(rule, df('FROM debian:12 AS build', 'COPY . /src', 'FROM debian:12', 'RUN rm -rf /src'));
    expectClean(rule, df('FROM debian:12', 'COPY rootfs/ /', 'RUN rm -rf /var/lib/apt/lists/*'));
    expectClean(rule, df('FROM debian:12', 'COPY a.txt /a.txt', 'RUN rm -rf "$DIR"/a.txt'));
    expectClean(rule, df('FROM debian:12', 'WORKDIR /a', 'COPY x.bin .', 'WORKDIR /b', 'RUN rm x.bin'));
  });
});
