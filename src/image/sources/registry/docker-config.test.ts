import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsFor, dockerConfigPath, runCredentialHelper } from './docker-config.js';

let dir: string;
let bin: string;
let seen: string;

// A real credential helper speaking Docker's protocol: `get`, the server URL on stdin, JSON on stdout.
const HELPER = `#!/bin/sh
[ "$1" = get ] || { echo "unknown action $1" >&2; exit 2; }
server=$(cat)
printf '%s\\n' "$server" >> "$SEEN"
case "$server" in
  reg.example.com) printf '{"ServerURL":"%s","Username":"helper-user","Secret":"helper-pass"}\\n' "$server" ;;
  https://index.docker.io/v1/) printf '{"ServerURL":"%s","Username":"<token>","Secret":"id-token"}' "$server" ;;
  broken.example.com) echo 'not json' ;;
  fails.example.com) echo 'secret-looking output s3cr3t'; exit 3 ;;
  *) echo 'credentials not found in native keychain'; exit 1 ;;
esac
`;

const b64 = (s: string) => Buffer.from(s).toString('base64');

function envWith(config: unknown): Record<string, string | undefined> {
  const cfgDir = mkdtempSync(join(dir, 'cfg-'));
  writeFileSync(join(cfgDir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return { DOCKER_CONFIG: cfgDir, PATH: `${bin}${delimiter}${process.env.PATH}`, SEEN: seen, HOME: dir };
}

async function failure(p: Promise<unknown>): Promise<{ exitCode: number; message: string; hint?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { exitCode: number; message: string; hint?: string };
  }
  throw new Error('expected a failure');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-dockercfg-'));
  bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'docker-credential-test'), HELPER);
  chmodSync(join(bin, 'docker-credential-test'), 0o755);
  seen = join(dir, 'seen.txt');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Docker config credentials', () => {
  it('finds config.json under DOCKER_CONFIG, else ~/.docker', () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: '/x' })).toBe('/x/config.json');
    expect(dockerConfigPath({ HOME: '/home/u' })).toBe('/home/u/.docker/config.json');
  });

  it('reads auths: base64 auth, username/password, identity token, with keys in any of Docker’s forms', async () => {
    const env = envWith({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hubuser:hub:pass') },
        'http://127.0.0.1:5000/v2/': { username: 'u', password: 'p' },
        'ghcr.io': { identitytoken: 'refresh' },
      },
    });
    expect(await credentialsFor('docker.io', { env })).toMatchObject({
      username: 'hubuser',
      password: 'hub:pass',
    });
    expect(await credentialsFor('127.0.0.1:5000', { env })).toMatchObject({ username: 'u', password: 'p' });
    expect(await credentialsFor('ghcr.io', { env })).toMatchObject({ identityToken: 'refresh' });
    expect(await credentialsFor('quay.io', { env })).toBeUndefined();
  });

  it('asks credHelpers per registry, and credsStore for the rest, through the helper protocol', async () => {
    writeFileSync(seen, '');
    const env = envWith({
      credHelpers: { 'reg.example.com': 'test' },
      credsStore: 'test',
      auths: { 'other.example.com': { auth: b64('file-user:file-pass') } },
    });
    expect(await credentialsFor('reg.example.com', { env })).toEqual({
      username: 'helper-user',
      password: 'helper-pass',
      source: 'credential helper docker-credential-test',
    });
    // Docker Hub's helper entry is asked for by its historical server URL; '<token>' means an identity token.
    expect(await credentialsFor('docker.io', { env })).toMatchObject({ identityToken: 'id-token' });
    // Nothing in the store: the file's own entry is used.
    expect(await credentialsFor('other.example.com', { env })).toMatchObject({ username: 'file-user' });
    expect(await credentialsFor('none.example.com', { env })).toBeUndefined();
    expect(readFileSync(seen, 'utf8').split('\n').filter(Boolean)).toEqual([
      'reg.example.com',
      'https://index.docker.io/v1/',
      'other.example.com',
      'none.example.com',
    ]);
  });

  it('lets --username and the password from stdin win', async () => {
    const env = envWith({ credHelpers: { 'reg.example.com': 'test' } });
    expect(await credentialsFor('reg.example.com', { env, username: 'me', password: 'pw' })).toEqual({
      username: 'me',
      password: 'pw',
      source: '--username',
    });
  });

  it('reports broken helpers and configs without showing secrets', async () => {
    const env = envWith({});
    const missing = await failure(runCredentialHelper('nosuch', 'reg.example.com', env));
    expect(missing).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/docker-credential-nosuch is not on PATH/),
    });
    const failed = await failure(runCredentialHelper('test', 'fails.example.com', env));
    expect(failed.message).toMatch(/docker-credential-test get failed for fails.example.com \(exit 3\)/);
    expect(JSON.stringify(failed)).not.toMatch(/s3cr3t/);
    expect((await failure(runCredentialHelper('test', 'broken.example.com', env))).message).toMatch(
      /did not answer/,
    );
    expect((await failure(runCredentialHelper('../evil', 'x', env))).message).toMatch(/not valid/);

    const secretJson = envWith('{"auths": {"r": {"auth": "c2VjcmV0"}}');
    const bad = await failure(credentialsFor('r', { env: secretJson }));
    expect(bad).toMatchObject({ exitCode: 2, message: expect.stringMatching(/config.json: not valid JSON/) });
    expect(JSON.stringify(bad)).not.toMatch(/c2VjcmV0/);

    const badAuth = envWith({ auths: { r: { auth: b64('no-colon') } } });
    const e = await failure(credentialsFor('r', { env: badAuth }));
    expect(e.message).toMatch(/'auth' value is not base64 of USER:PASSWORD/);
    expect(JSON.stringify(e)).not.toMatch(/no-colon/);
  });

  it('is anonymous without a config file', async () => {
    expect(await credentialsFor('r', { env: { DOCKER_CONFIG: join(dir, 'nowhere') } })).toBeUndefined();
  });
});
