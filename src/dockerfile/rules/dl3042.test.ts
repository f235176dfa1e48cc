import { describe, it } from 'vitest';
import { df, expectClean, expectFix, expectLines } from '../rule-tester.js';
import rule from './dl3042.js';

describe('DL3042', () => {
  it('reports pip install without --no-cache-dir', () => {
    expectLines(rule, df('FROM python:3.12', 'RUN pip install MySQL_python'), [2]);
    expectLines(rule, df('FROM python:3.12', 'RUN pip2 install MySQL_python'), [2]);
    expectLines(rule, df('FROM python:3.12', 'RUN pip3 install MySQL_python'), [2]);
    expectLines(rule, df('FROM python:3.12', 'RUN python3 -m pip install six'), [2]);
    expectLines(rule, df('FROM python:3.12', 'ONBUILD RUN pip install six'), [2]);
  });
  it('accepts --no-cache-dir and wrappers', () => {
    expectClean(rule, df('FROM python:3.12', 'RUN pip2 install MySQL_python --no-cache-dir'));
    expectClean(rule, df('FROM python:3.12', 'RUN pip3 install --no-cache-dir MySQL_python'));
    expectClean(rule, df('FROM python:3.12', 'RUN pipx install software'));
    expectClean(rule, df('FROM python:3.12', 'RUN pipenv install library'));
    expectClean(rule, df('FROM python:3.12', 'RUN python -m pipx install black'));
  });
  it('respects PIP_NO_CACHE_DIR', () => {
    for (const v of ['1', 'on', 'yes', 'true']) {
      expectClean(rule, df('FROM python:3.12', `ENV PIP_NO_CACHE_DIR=${v}`, 'RUN pip install six'));
      expectClean(rule, df('FROM python:3.12', `RUN PIP_NO_CACHE_DIR=${v} pip install six`));
      expectClean(rule, df('FROM python:3.12', `RUN export PIP_NO_CACHE_DIR=${v} && pip install six`));
    }
    for (const v of ['0', 'off', 'no', 'false']) {
      expectLines(rule, df('FROM python:3.12', `ENV PIP_NO_CACHE_DIR=${v}`, 'RUN pip install six'), [3]);
      expectLines(rule, df('FROM python:3.12', `RUN PIP_NO_CACHE_DIR=${v} pip install six`), [2]);
    }
  });
  it('inherits ENV from the parent stage only', () => {
    expectClean(
      rule,
      df('FROM debian:buster as base', 'ENV PIP_NO_CACHE_DIR=1', 'FROM base', 'RUN pip install six'),
    );
    expectLines(
      rule,
      df('FROM debian:buster as base', 'ENV PIP_NO_CACHE_DIR=1', 'FROM debian:buster', 'RUN pip install six'),
      [4],
    );
  });
  it('accepts a cache or tmpfs mount on the pip cache', () => {
    expectClean(
      rule,
      df('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install six'),
    );
    expectClean(
      rule,
      df('FROM python:3.12', 'RUN --mount=type=tmpfs,target=/root/.cache/pip pip install six'),
    );
    expectLines(
      rule,
      df('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.npm pip install six'),
      [2],
    );
  });
  it('adds --no-cache-dir after install', () => {
    expectFix(
      rule,
      df('FROM python:3.12', 'RUN pip install -U pip && python -m pip install -r req.txt'),
      df(
        'FROM python:3.12',
        'RUN pip install --no-cache-dir -U pip && python -m pip install --no-cache-dir -r req.txt',
      ),
    );
  });
});
