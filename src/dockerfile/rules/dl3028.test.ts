import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3028.js';

describe('DL3028', () => {
  it('reports unpinned gems', () => {
    expectLines(rule, df('FROM ruby:3', 'RUN gem install rake'), [2]);
    expectLines(rule, df('FROM ruby:3', 'RUN gem i rake'), [2]);
    expectLines(rule, df('FROM ruby:3', 'RUN gem install bundler:2.0 rake'), [2]);
    expectLines(rule, df('FROM ruby:3', 'RUN gem install --no-document rake'), [2]);
    expectLines(rule, df('FROM ruby:3', 'ONBUILD RUN gem install rake'), [2]);
  });
  it('accepts name:version and -v', () => {
    expectClean(rule, df('FROM ruby:3', 'RUN gem install rake:12.3'));
    expectClean(rule, df('FROM ruby:3', 'RUN gem install rake -v 12.3'));
    expectClean(rule, df('FROM ruby:3', 'RUN gem install rake --version 12.3'));
    expectClean(rule, df('FROM ruby:3', 'RUN gem install rake --version=12.3'));
    expectClean(rule, df('FROM ruby:3', 'RUN gem update --system'));
  });
});
