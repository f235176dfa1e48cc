import { describe, expect, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import { isIgnored, parseDockerignore } from '../seed-util.js';
import rule from './dockerignore-missing.js';

const ign = (dockerignore: string | null | undefined) => ({ facts: { dockerignore } });
const NODE = df('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci');
const GO = df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app');

describe('dockerignore-missing', () => {
  it('reports copying the whole context without a .dockerignore', () => {
    expectLines(rule, NODE, [3], ign(null));
    expectLines(rule, df('FROM debian:12', 'ADD . /app'), [2], ign(null));
    expectLines(rule, df('FROM debian:12', 'COPY ["./", "/app/"]'), [2], ign(null));
    expectLines(rule, df('FROM debian:12', 'COPY * /app/', 'COPY . /b'), [2], ign(null));
  });
  it('reports a .dockerignore that lets .git, .env or node_modules through', () => {
    expectLines(rule, NODE, [3], ign('node_modules\n.env*\n'));
    expectLines(rule, NODE, [3], ign('.git\n.env\nnode_modules\n'));
    expectLines(rule, NODE, [3], ign('.git\n.env*\n'));
    expectLines(rule, NODE, [3], ign('.git\n.env*\nnode_modules\n!.git/config\n'));
    expectLines(rule, GO, [3], ign('# .git\n.env*\n'));
    expectLines(rule, GO, [3], ign('*/.git\n.env*\n'));
  });
  it('accepts a .dockerignore that excludes them, written in any of the usual ways', () => {
    expectClean(rule, NODE, ign('.git\n.env*\nnode_modules\n'));
    expectClean(rule, NODE, ign('/.git/\n**/.env*\n!.env.example\n**/node_modules\n'));
    expectClean(rule, NODE, ign('*\n!src\n!package.json\n'));
    expectClean(rule, NODE, ign('  .git  \r\n./.env*\n/node_modules\n'));
    expectClean(rule, NODE, ign('.[g]it\n.env?*\n.env\nnode_module[s]\n'));
    expectClean(rule, GO, ign('.git\n.env*\n'));
  });
  it('does not report when the facts are unknown or the context is not copied whole', () => {
    expectClean(rule, NODE, ign(undefined));
    expectClean(rule, NODE);
    expectClean(rule, df('FROM node:20', 'COPY package.json src/ /app/'), ign(null));
    expectClean(rule, df('FROM node:20', 'COPY --from=build . /app'), ign(null));
    expectClean(rule, df('FROM node:20', 'COPY .npmrc.example /app/'), ign(null));
  });
  it('matches patterns like moby/patternmatcher', () => {
    const p = parseDockerignore('**/*.log\n!keep.log\ndocs/**\n\\!bang\n');
    expect(isIgnored(p, 'a/b/c.log')).toBe(true);
    expect(isIgnored(p, 'keep.log')).toBe(false);
    expect(isIgnored(p, 'docs/x/y.md')).toBe(true);
    expect(isIgnored(p, 'docs')).toBe(false);
    expect(isIgnored(p, '!bang')).toBe(true);
    expect(isIgnored(parseDockerignore('node_modules'), 'sub/node_modules')).toBe(false);
  });
  it('stays fast on hostile patterns', () => {
    const hostile = `${'*a'.repeat(5000)}b\n${'**/'.repeat(5000)}x\n`;
    const t0 = Date.now();
    expectLines(rule, NODE, [3], ign(hostile));
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
