// Registry authentication: Basic, and the Bearer token flow (anonymous, Basic credentials, or an identity token).
import { inputError } from '../../../core/errors.js';
import { isRecord } from '../json.js';
import { type Challenge, parseChallenges } from './challenge.js';
import type { Credentials } from './docker-config.js';
import { describeUrl, discard, type HttpClient, headerString, readBody } from './http.js';
import { isLoopback } from './reference.js';

const MAX_TOKEN_RESPONSE = 1024 * 1024;
/** Tokens without expires_in last 60 s (the token spec's default); renewed a little early. */
const DEFAULT_TOKEN_SECONDS = 60;
const EARLY_RENEW_MS = 10_000;

export interface Authorizer {
  /** The Authorization header for a request needing `scope` ('repository:NAME:pull'), if any is known. */
  header(scope: string): Promise<string | undefined>;
  /**
   * After a 401: learns its WWW-Authenticate challenge. True when sending again may succeed (a new token, or
   * credentials not sent yet); the caller retries once.
   */
  challenged(wwwAuthenticate: string | undefined, scope: string): Promise<boolean>;
  /** Whether credentials were found for this registry, and where (for messages). */
  credentialSource(): Promise<string | undefined>;
}

export interface AuthorizerOptions {
  http: HttpClient;
  /** The registry's host, for messages. */
  host: string;
  credentials: () => Promise<Credentials | undefined>;
}

function basic(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username ?? ''}:${c.password ?? ''}`).toString('base64')}`;
}

function pickChallenge(header: string | undefined): Challenge | undefined {
  const all = parseChallenges(header ?? '');
  return all.find((c) => c.scheme === 'bearer') ?? all.find((c) => c.scheme === 'basic');
}

export function createAuthorizer(opts: AuthorizerOptions): Authorizer {
  let challenge: Challenge | undefined;
  let credsPromise: Promise<Credentials | undefined> | undefined;
  const tokens = new Map<string, Promise<{ value: string; expires: number }>>();
  const creds = () => {
    credsPromise ??= opts.credentials();
    return credsPromise;
  };
  const loginHint = `log in with 'docker login ${opts.host}', or pass --username USER --password-stdin`;

  async function fetchToken(c: Challenge, scope: string): Promise<{ value: string; expires: number }> {
    const realmText = c.params.realm;
    let realm: URL;
    try {
      realm = new URL(realmText ?? '');
    } catch {
      throw inputError(
        'unreadable',
        `${opts.host}: the registry asks for a token from an invalid realm ${JSON.stringify(realmText ?? '')}`,
        'the registry is misconfigured',
      );
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:') {
      throw inputError(
        'unreadable',
        `${opts.host}: token realm ${describeUrl(realm)} is not HTTP(S)`,
        'the registry is misconfigured',
      );
    }
    const cred = await creds();
    const sendsSecret =
      cred !== undefined && (cred.username !== undefined || cred.identityToken !== undefined);
    if (sendsSecret && realm.protocol === 'http:' && !opts.http.options.insecure && !isLoopback(realm.host)) {
      throw inputError(
        'unreadable',
        `${opts.host}: the token server ${describeUrl(realm)} is plain HTTP; credentials are not sent there`,
        'pass --insecure if you trust the network',
      );
    }
    const service = c.params.service;
    // The challenge's own scope covers what the registry wants for this request; ours names the repository.
    const scopes = [...new Set([c.params.scope, scope].filter((s): s is string => !!s))];
    let res: Awaited<ReturnType<HttpClient['send']>>;
    if (cred?.identityToken) {
      // An identity token is an OAuth2 refresh token: traded with a POST (Docker's distribution token spec).
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: cred.identityToken,
        client_id: 'shipshape',
        ...(service ? { service } : {}),
        scope: scopes.join(' '),
      });
      res = await opts.http.send({
        method: 'POST',
        url: realm,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    } else {
      const url = new URL(realm);
      if (service) url.searchParams.set('service', service);
      for (const s of scopes) url.searchParams.append('scope', s);
      if (cred?.username) url.searchParams.set('account', cred.username);
      res = await opts.http.send({
        method: 'GET',
        url,
        headers: cred?.username !== undefined ? { authorization: basic(cred) } : {},
      });
    }
    if (res.status === 401 || res.status === 403) {
      discard(res.body);
      throw cred
        ? inputError(
            'unreadable',
            `${opts.host}: the token server refused the credentials from ${cred.source} (${res.status})`,
            `check the user name and password for ${opts.host}`,
          )
        : inputError(
            'unreadable',
            `${opts.host}: the token server requires credentials (${res.status})`,
            loginHint,
          );
    }
    if (res.status !== 200) {
      discard(res.body);
      throw inputError(
        'unreadable',
        `${opts.host}: the token server ${describeUrl(realm)} answered ${res.status}`,
        res.status >= 500 || res.status === 429 ? 'try again later' : 'the registry is misconfigured',
      );
    }
    const body = await readBody(res.body, MAX_TOKEN_RESPONSE, () =>
      inputError(
        'limit',
        `${opts.host}: token response larger than ${MAX_TOKEN_RESPONSE} bytes`,
        'the token server is misbehaving',
      ),
    );
    let v: unknown;
    try {
      v = JSON.parse(body.toString('utf8'));
    } catch {
      v = undefined;
    }
    const token = isRecord(v)
      ? typeof v.token === 'string' && v.token
        ? v.token
        : typeof v.access_token === 'string'
          ? v.access_token
          : undefined
      : undefined;
    if (!token || !isRecord(v)) {
      throw inputError(
        'unreadable',
        `${opts.host}: the token server's answer holds no token`,
        'the registry is misconfigured',
      );
    }
    const seconds =
      typeof v.expires_in === 'number' && v.expires_in > 0 ? v.expires_in : DEFAULT_TOKEN_SECONDS;
    return { value: token, expires: Date.now() + seconds * 1000 - EARLY_RENEW_MS };
  }

  const tokenKey = (c: Challenge, scope: string) =>
    `${c.params.realm ?? ''}\0${c.params.service ?? ''}\0${c.params.scope ?? ''}\0${scope}`;

  return {
    async header(scope) {
      // Credentials are looked up only once the registry asks for them: an anonymous pull never runs a helper.
      if (!challenge) return undefined;
      const cred = await creds();
      if (cred?.registryToken) return `Bearer ${cred.registryToken}`;
      if (challenge.scheme === 'basic') return cred?.username !== undefined ? basic(cred) : undefined;
      const key = tokenKey(challenge, scope);
      let have = tokens.get(key);
      if (have) {
        const t = await have.catch(() => undefined);
        if (!t || t.expires <= Date.now()) have = undefined;
      }
      if (!have) {
        // Shared by the layers downloading at once, so one token serves them all.
        have = fetchToken(challenge, scope);
        tokens.set(key, have);
        have.catch(() => tokens.delete(key));
      }
      return `Bearer ${(await have).value}`;
    },
    async challenged(wwwAuthenticate, scope) {
      const c = pickChallenge(wwwAuthenticate);
      if (!c) return false;
      const before = challenge;
      challenge = c;
      if (c.scheme === 'bearer') {
        // A token we hold was refused (expired, or too narrow a scope): get a new one.
        tokens.delete(tokenKey(c, scope));
        return true;
      }
      if (c.scheme === 'basic') {
        const cred = await creds();
        // Credentials already sent and refused: sending them again will not help.
        return cred?.username !== undefined && before?.scheme !== 'basic';
      }
      return false;
    },
    async credentialSource() {
      return (await creds())?.source;
    },
  };
}

/** The WWW-Authenticate header of a response, as one string. */
export function wwwAuthenticate(headers: Record<string, string | string[] | undefined>): string | undefined {
  return headerString(headers['www-authenticate']);
}
