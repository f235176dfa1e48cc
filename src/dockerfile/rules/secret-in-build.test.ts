import { describe, expect, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule, { findToken, secretFile } from './secret-in-build.js';

const GHP = `ghp_${'a1B2'.repeat(9)}`;

describe('secret-in-build', () => {
  it('reports ARG and ENV values in known token formats', () => {
    expectLines(rule, df('FROM node:20', `ARG GITHUB_TOKEN=${GHP}`), [2]);
    expectLines(rule, df('FROM node:20', 'ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE'), [2]);
    expectLines(
      rule,
      df('FROM node:20', 'ENV SLACK xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'),
      [2],
    );
    expectLines(rule, df('FROM node:20', `ENV A=1 NPM_TOKEN=npm_${'x'.repeat(36)}`), [2]);
    expectLines(rule, df('FROM node:20', 'ARG GL="glpat-abcdefghij0123456789"'), [2]);
    expectLines(rule, df('FROM node:20', 'ENV KEY="-----BEGIN RSA PRIVATE KEY-----\\nMIIE"'), [2]);
    expectLines(rule, df('FROM node:20', 'ENV DB_URL=postgres://app:s3cret@db:5432/app'), [2]);
  });
  it('reports tokens written into RUN command lines', () => {
    expectLines(rule, df('FROM node:20', `RUN git clone https://${GHP}@github.com/o/r.git`), [2]);
    expectLines(
      rule,
      df('FROM node:20', `RUN echo "//registry.npmjs.org/:_authToken=npm_${'Z'.repeat(36)}" > .npmrc`),
      [2],
    );
  });
  it('reports COPY and ADD of credential files', () => {
    expectLines(rule, df('FROM node:20', 'COPY .npmrc /root/.npmrc'), [2]);
    expectLines(rule, df('FROM node:20', 'COPY id_rsa /root/.ssh/id_rsa'), [2]);
    expectLines(rule, df('FROM node:20', 'COPY ["server.key", "/etc/ssl/private/"]'), [2]);
    expectLines(rule, df('FROM node:20', 'ADD .env.production /app/'), [2]);
    expectLines(rule, df('FROM node:20', 'COPY home/.aws/credentials /root/.aws/credentials'), [2]);
    expectLines(rule, df('FROM node:20', 'COPY --from=build /root/.netrc /root/'), [2]);
    expectLines(rule, df('FROM node:20', 'COPY privkey.pem /etc/tls/'), [2]);
    expectLines(rule, df('FROM node:20', 'COPY .ssh /root/.ssh'), [2]);
  });
  it('accepts variables, placeholders, templates and public certificates', () => {
    expectClean(rule, df('FROM node:20', 'ARG GITHUB_TOKEN', 'ENV TOKEN=$GITHUB_TOKEN'));
    expectClean(rule, df('FROM node:20', 'ENV GHP=ghp_short', 'ENV URL=https://user:${PASS}@host/x'));
    expectClean(rule, df('FROM node:20', 'ENV URL=https://example.com/a:b@c', 'ENV U=https://user@host/'));
    expectClean(rule, df('FROM node:20', 'COPY .env.example /app/.env.example', 'COPY id_rsa.pub /root/'));
    expectClean(rule, df('FROM node:20', 'COPY ca.pem /usr/local/share/ca-certificates/ca.crt'));
    expectClean(rule, df('FROM node:20', 'COPY corp-root.pem /etc/', 'COPY fullchain.pem /etc/nginx/'));
    expectClean(rule, df('FROM node:20', 'COPY <<EOF /app/.env', 'A=1', 'EOF'));
    expectClean(rule, df('FROM node:20', 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci'));
    expectClean(rule, df('FROM node:20', 'COPY keys/ /app/keys/', 'COPY monkey /app/'));
  });
  it('classifies files and tokens', () => {
    expect(secretFile('.env', '/app/')).toBe('.env');
    expect(secretFile('config/.env.local', '/app/')).toBe('.env.local');
    expect(secretFile('"a.p12"', '/x')).toBe('*.p12');
    expect(secretFile('.pem', '/x')).toBeNull();
    expect(findToken('ASIAABCDEFGHIJKLMNOP')).toBe('AWS access key id');
    expect(findToken('AKIAABCDEFGHIJKLMNOPQ')).toBeNull();
  });
  it('stays linear on hostile input', () => {
    const hostile = `${'-----BEGIN AAAA'.repeat(20000)} ${'://a:'.repeat(20000)} ${'sk_live_'.repeat(20000)}`;
    const t0 = Date.now();
    expect(findToken(hostile)).toBeNull();
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
