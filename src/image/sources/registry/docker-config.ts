// Registry credentials as Docker finds them: ~/.docker/config.json (auths, credHelpers, credsStore) and helpers.
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileError, inputError } from '../../../core/errors.js';
import { isRecord, str } from '../json.js';
import { DOCKER_HUB } from './reference.js';

export interface Credentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token ('identitytoken'), traded for access tokens at the token endpoint. */
  identityToken?: string;
  /** A bearer token to send as is ('registrytoken'). */
  registryToken?: string;
  /** Where the credentials came from, for messages (never the secret itself). */
  source: string;
}

type Env = Record<string, string | undefined>;

/** Docker Hub's key in config.json and the server URL its credential helpers are asked about. */
const HUB_SERVER_URL = 'https://index.docker.io/v1/';
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
const MAX_HELPER_OUTPUT = 1024 * 1024;
const HELPER_TIMEOUT_MS = 60_000;
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** $DOCKER_CONFIG/config.json, else ~/.docker/config.json. */
export function dockerConfigPath(env: Env): string | undefined {
  if (env.DOCKER_CONFIG) return join(env.DOCKER_CONFIG, 'config.json');
  let home = env.HOME;
  if (!home) {
    try {
      home = homedir();
    } catch {
      return undefined;
    }
  }
  return home ? join(home, '.docker', 'config.json') : undefined;
}

/** The parsed config, or undefined when there is none; a broken one is an error (Docker refuses it too). */
export async function readDockerConfig(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    const s = await stat(path);
    if (s.size > MAX_CONFIG_BYTES) {
      throw inputError(
        'limit',
        `${path}: larger than ${MAX_CONFIG_BYTES} bytes`,
        'is it a Docker config file?',
      );
    }
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (e instanceof Error && e.name === 'ShipshapeError') throw e;
    throw fileError(path, e);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    // The parser's message can quote the file's text, secrets included: not shown.
    throw inputError(
      'config',
      `${path}: not valid JSON`,
      'fix the file, or point DOCKER_CONFIG at another directory',
    );
  }
  if (!isRecord(v)) throw inputError('config', `${path}: not a JSON object`, 'fix the file');
  return v;
}

/** 'https://index.docker.io/v1/' → 'index.docker.io'; 'http://host:5000/v2/' → 'host:5000' (Docker's rule). */
function hostOfKey(key: string): string {
  return key
    .replace(/^[a-z]+:\/\//i, '')
    .split('/')[0]
    ?.toLowerCase() as string;
}

/** The host a config.json key names, with Docker Hub's aliases folded. */
function normaliseHost(host: string): string {
  const h = host.toLowerCase();
  return h === 'index.docker.io' || h === 'registry-1.docker.io' || h === DOCKER_HUB ? DOCKER_HUB : h;
}

/** The name credential helpers and `auths` know a registry by. */
export function serverUrlFor(domain: string): string {
  return domain === DOCKER_HUB ? HUB_SERVER_URL : domain;
}

function fromAuthEntry(entry: Record<string, unknown>, source: string): Credentials | undefined {
  const creds: Credentials = { source };
  const auth = str(entry.auth);
  if (auth) {
    const decoded = Buffer.from(auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw inputError(
        'config',
        `${source}: the 'auth' value is not base64 of USER:PASSWORD`,
        'log in again (docker login) or fix the entry',
      );
    }
    creds.username = decoded.slice(0, colon);
    creds.password = decoded.slice(colon + 1);
  } else if (str(entry.username) && str(entry.password) !== undefined) {
    creds.username = str(entry.username);
    creds.password = str(entry.password);
  }
  const identity = str(entry.identitytoken);
  if (identity) creds.identityToken = identity;
  const registryToken = str(entry.registrytoken);
  if (registryToken) creds.registryToken = registryToken;
  return creds.username !== undefined || creds.identityToken || creds.registryToken ? creds : undefined;
}

/**
 * Runs `docker-credential-NAME get` with the server URL on stdin. Returns undefined when the helper has no
 * credentials for it. Its output is never shown: it may hold the secret.
 */
export async function runCredentialHelper(
  name: string,
  serverUrl: string,
  env: Env,
): Promise<Credentials | undefined> {
  const program = `docker-credential-${name}`;
  if (!HELPER_NAME.test(name)) {
    throw inputError(
      'config',
      `credential helper name '${name}' is not valid`,
      'fix credHelpers/credsStore in the Docker config',
    );
  }
  const result = await new Promise<{ code: number | null; stdout: string; error?: NodeJS.ErrnoException }>(
    (resolve) => {
      const child = spawn(program, ['get'], {
        env: env as NodeJS.ProcessEnv,
        stdio: ['pipe', 'pipe', 'ignore'],
        timeout: HELPER_TIMEOUT_MS,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      child.stdout.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_HELPER_OUTPUT) child.kill();
        else chunks.push(c);
      });
      child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: null, stdout: '', error }));
      child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks).toString('utf8') }));
      child.stdin.on('error', () => {
        // A helper that exits without reading stdin: its exit status says what happened.
      });
      child.stdin.end(serverUrl);
    },
  );
  if (result.error?.code === 'ENOENT') {
    throw inputError(
      'config',
      `the Docker config names credential helper '${name}', but ${program} is not on PATH`,
      `install ${program}, or remove it from the Docker config (credHelpers/credsStore)`,
    );
  }
  if (result.error) {
    throw inputError(
      'config',
      `${program} could not be run (${result.error.code ?? 'error'})`,
      `check ${program}`,
    );
  }
  if (result.code !== 0) {
    // The protocol's answer for "nothing stored for this server".
    if (/credentials not found/i.test(result.stdout)) return undefined;
    throw inputError(
      'config',
      `${program} get failed for ${serverUrl} (exit ${result.code ?? 'killed'})`,
      `run 'echo ${serverUrl} | ${program} get' to see why`,
    );
  }
  let v: unknown;
  try {
    v = JSON.parse(result.stdout);
  } catch {
    v = undefined;
  }
  if (!isRecord(v) || typeof v.Secret !== 'string') {
    throw inputError(
      'config',
      `${program} get for ${serverUrl} did not answer with {"Username","Secret"} JSON`,
      `check ${program}`,
    );
  }
  const username = str(v.Username) ?? '';
  const source = `credential helper ${program}`;
  if (v.Secret === '' && username === '') return undefined;
  // Helpers store identity tokens under the user name '<token>'.
  if (username === '<token>') return { identityToken: v.Secret, source };
  return { username, password: v.Secret, source };
}

export interface CredentialOptions {
  env: Env;
  /** --username and the password read from --password-stdin: they win over the Docker config. */
  username?: string | undefined;
  password?: string | undefined;
}

/** Credentials for `domain` ('docker.io', 'ghcr.io', 'host:5000'), in Docker's order, or undefined (anonymous). */
export async function credentialsFor(
  domain: string,
  opts: CredentialOptions,
): Promise<Credentials | undefined> {
  if (opts.username !== undefined) {
    return { username: opts.username, password: opts.password ?? '', source: '--username' };
  }
  const path = dockerConfigPath(opts.env);
  if (!path) return undefined;
  const config = await readDockerConfig(path);
  if (!config) return undefined;
  const host = normaliseHost(domain);
  const serverUrl = serverUrlFor(host);
  const helpers = isRecord(config.credHelpers) ? config.credHelpers : {};
  for (const [key, name] of Object.entries(helpers)) {
    if (typeof name === 'string' && normaliseHost(hostOfKey(key)) === host) {
      return runCredentialHelper(name, key, opts.env);
    }
  }
  const auths = isRecord(config.auths) ? config.auths : {};
  const entries = Object.entries(auths).filter(([key]) => normaliseHost(hostOfKey(key)) === host);
  const store = str(config.credsStore);
  if (store) {
    // The store is asked with the key `docker login` stored under, when there is one.
    const fromStore = await runCredentialHelper(store, entries[0]?.[0] ?? serverUrl, opts.env);
    if (fromStore) return fromStore;
  }
  for (const [key, entry] of entries) {
    if (!isRecord(entry)) continue;
    const creds = fromAuthEntry(entry, `${path}: auths["${key}"]`);
    if (creds) return creds;
  }
  return undefined;
}
