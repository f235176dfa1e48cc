import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3016.js';

describe('DL3016', () => {
  it('reports unpinned npm packages', () => {
    expectLines(rule, df('FROM node:20', 'RUN npm install express'), [2]);
    expectLines(rule, df('FROM node:20', 'RUN npm install --global express sax@0.1.1'), [2]);
    expectLines(rule, df('FROM node:20', 'RUN npm install @scope/pkg'), [2]);
    expectLines(rule, df('FROM node:20', 'RUN npm install git+https://github.com/npm/npm.git'), [2]);
    expectLines(rule, df('FROM node:20', 'ONBUILD RUN npm install express'), [2]);
  });
  it('accepts versions, refs, tarballs, folders and a bare install', () => {
    expectClean(rule, df('FROM node:20', 'RUN npm install'));
    expectClean(rule, df('FROM node:20', 'RUN npm install express@4.1.1 @scope/pkg@1.0.0 sax@latest'));
    expectClean(rule, df('FROM node:20', 'RUN npm install git+https://github.com/npm/npm.git#v1.0.27'));
    expectClean(rule, df('FROM node:20', 'RUN npm install ./pkg /opt/x ../y ~/z pkg.tgz'));
    expectClean(rule, df('FROM node:20', 'RUN npm ci && npm run install'));
    expectClean(rule, df('FROM node:20', 'RUN npm install --save-dev'));
  });
});
