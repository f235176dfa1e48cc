// A Distribution API v2 client for one repository: finds the scheme, authenticates, fetches manifests and blobs.
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { inputError, isShipshapeError, type ShipshapeError } from '../../../core/errors.js';
import { type Limits, limitError } from '../../../core/limits.js';
import { isRecord } from '../json.js';
import { MEDIA } from '../oci.js';
import { type Authorizer, createAuthorizer, wwwAuthenticate } from './auth.js';
import type { Credentials } from './docker-config.js';
import {
  backoffMs,
  createHttpClient,
  DEFAULT_RETRY,
  discard,
  type HttpClient,
  type HttpResponse,
  headerString,
  isRetryableError,
  isTlsTrustError,
  type RetryPolicy,
  readBody,
  transportError,
} from './http.js';
import { type ImageReference, isLoopback } from './reference.js';

export interface RegistryClientOptions {
  /** Allow plain HTTP and skip TLS verification (--insecure). */
  insecure: boolean;
  credentials: () => Promise<Credentials | undefined>;
  limits: Limits;
  retry?: RetryPolicy;
  timeoutMs?: number;
}

export interface FetchedManifest {
  bytes: Buffer;
  /** From Content-Type. */
  mediaType: string | undefined;
  /** The Docker-Content-Digest header, when the registry sent a well-formed one. */
  headerDigest: string | undefined;
}

export interface RegistryClient {
  ref: ImageReference;
  /** Names the repository in messages: 'docker.io/library/alpine'. */
  where: string;
  manifest(reference: string): Promise<FetchedManifest>;
  /** A blob's response (status 200), its body not read yet. */
  blob(digest: string): Promise<HttpResponse>;
  /** A small blob (a config) read whole, under the image JSON budget. */
  blobBytes(digest: string): Promise<Buffer>;
  retry: RetryPolicy;
  /** The error for a request that failed below HTTP (for callers that retry body reads themselves). */
  transportError(e: unknown, path: string, attempts: number): ShipshapeError;
}

export const MANIFEST_ACCEPT = [
  MEDIA.ociIndex,
  MEDIA.ociManifest,
  MEDIA.dockerList,
  MEDIA.dockerManifest,
].join(', ');

const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_ERROR_BODY = 64 * 1024;
const DIGEST_HEADER = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/** The registry's own words for a failure ({"errors":[{"code","message"}]}), cleaned for one line of output. */
async function registryErrorText(res: IncomingMessage): Promise<string | undefined> {
  let body: Buffer;
  try {
    body = await readBody(res, MAX_ERROR_BODY, () => new Error('too large'));
  } catch {
    return undefined;
  }
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(v) || !Array.isArray(v.errors)) return undefined;
  const parts = v.errors
    .filter(isRecord)
    .map((e) => [e.code, e.message].filter((x) => typeof x === 'string' && x !== '').join(': '))
    .filter(Boolean);
  const text = parts.join('; ').replace(/[^\x20-\x7e]/g, ' ');
  return text ? (text.length > 200 ? `${text.slice(0, 200)}…` : text) : undefined;
}

export function createRegistryClient(ref: ImageReference, options: RegistryClientOptions): RegistryClient {
  const retry = options.retry ?? DEFAULT_RETRY;
  const http: HttpClient = createHttpClient({
    insecure: options.insecure,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry,
  });
  const where = `${ref.domain}/${ref.repository}`;
  const scope = `repository:${ref.repository}:pull`;
  const auth: Authorizer = createAuthorizer({ http, host: ref.domain, credentials: options.credentials });
  // Docker's rule: plain HTTP only when told (--insecure) or for a registry on this machine, and then only
  // after HTTPS failed for a reason other than an untrusted certificate.
  const httpAllowed = options.insecure || isLoopback(ref.apiHost);
  let base: Promise<string> | undefined;
  let resolved: string | undefined;

  async function ping(scheme: 'https' | 'http'): Promise<string> {
    const url = new URL(`${scheme}://${ref.apiHost}/v2/`);
    const res = await http.send({ method: 'GET', url });
    if (res.status === 401) {
      await auth.challenged(wwwAuthenticate(res.headers), scope);
      discard(res.body);
    } else if (res.status === 200) {
      discard(res.body);
    } else {
      throw await statusError(res, 'ping', `${scheme}://${ref.apiHost}/v2/`);
    }
    return `${scheme}://${ref.apiHost}`;
  }

  function endpoint(): Promise<string> {
    base ??= (async () => {
      try {
        resolved = await ping('https');
      } catch (e) {
        const cause = isShipshapeError(e) ? e.cause : e;
        if (!httpAllowed || cause === undefined || isTlsTrustError(cause)) throw e;
        resolved = await ping('http');
      }
      return resolved;
    })();
    return base;
  }

  async function statusError(res: HttpResponse, kind: 'ping' | 'manifest' | 'blob', what: string) {
    const status = res.status;
    const said = await registryErrorText(res.body);
    const detail = `${status}${said ? ` ${said}` : ''}`;
    if (status === 401 || status === 403) {
      const source = await auth.credentialSource();
      if (source) {
        return inputError(
          'unreadable',
          `${what}: the registry refused the credentials from ${source} (${detail})`,
          status === 403
            ? `the account may have no pull access to ${where}: check the name, or ask for access`
            : `check the user name and password for ${ref.domain}`,
        );
      }
      return inputError(
        'unreadable',
        `${what}: the registry requires authentication (${detail})`,
        `log in with 'docker login ${ref.domain}', or pass --username USER --password-stdin`,
      );
    }
    if (status === 404) {
      if (kind === 'ping') {
        return inputError(
          'unreadable',
          `${what}: not a registry (no /v2/ API: 404)`,
          'check the registry host',
        );
      }
      if (kind === 'manifest') {
        return inputError(
          'not-found',
          `${what}: manifest unknown (${detail})`,
          `check the repository name and the tag or digest (skopeo list-tags docker://${where} lists the tags); a private repository may need --username`,
        );
      }
      return inputError(
        'not-found',
        `${what}: blob unknown (${detail})`,
        'the registry lacks a blob its manifest lists: push the image again',
      );
    }
    if (status === 429) {
      const after = headerString(res.headers['retry-after']);
      return inputError(
        'unreadable',
        `${what}: rate limited (${detail}) after ${res.attempts} attempts`,
        `wait${after ? ` ${after} s` : ''} and try again${ref.domain === 'docker.io' ? '; logged-in Docker Hub users get a higher limit' : ''}`,
      );
    }
    if (status >= 500) {
      return inputError(
        'unreadable',
        `${what}: the registry answered ${detail} after ${res.attempts} attempts`,
        'the registry is having trouble: try again later',
      );
    }
    return inputError(
      'unreadable',
      `${what}: the registry answered ${detail}`,
      'check the reference and the registry',
    );
  }

  /** GET with the repository's authorization, retrying once after a 401 that brought a new challenge. */
  async function get(path: string, headers: Record<string, string>): Promise<HttpResponse> {
    const root = await endpoint();
    for (let authTry = 0; ; authTry++) {
      const authorization = await auth.header(scope);
      const res = await http.send({
        method: 'GET',
        url: new URL(`${root}${path}`),
        headers: { ...headers, ...(authorization ? { authorization } : {}) },
      });
      if (
        res.status === 401 &&
        authTry === 0 &&
        (await auth.challenged(wwwAuthenticate(res.headers), scope))
      ) {
        discard(res.body);
        continue;
      }
      return res;
    }
  }

  /** Runs `f` again when the body broke off mid-read (a reset connection), with the same backoff. */
  async function withBodyRetries<T>(path: string, f: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await f();
      } catch (e) {
        if (isShipshapeError(e)) throw e;
        if (attempt >= retry.attempts || !isRetryableError(e)) {
          throw urlError(e, path, attempt);
        }
        await sleep(backoffMs(attempt - 1, retry));
      }
    }
  }

  const urlError = (e: unknown, path: string, attempts: number) =>
    transportError(e, new URL(`${resolved ?? `https://${ref.apiHost}`}${path}`), attempts);

  const jsonLimit = (what: string) => (size: number) =>
    limitError(`${what}: size`, 'imageJsonBytes', size, options.limits.imageJsonBytes);

  return {
    ref,
    where,
    retry,
    async manifest(reference) {
      const path = `/v2/${ref.repository}/manifests/${reference}`;
      const what = reference.includes(':') ? `${where}@${reference}` : `${where}:${reference}`;
      return withBodyRetries(path, async () => {
        const res = await get(path, { accept: MANIFEST_ACCEPT });
        if (res.status !== 200) throw await statusError(res, 'manifest', what);
        const bytes = await readBody(res.body, options.limits.imageJsonBytes, jsonLimit(`${what}: manifest`));
        const type = headerString(res.headers['content-type'])?.split(';')[0]?.trim();
        const digest = headerString(res.headers['docker-content-digest'])?.trim();
        return {
          bytes,
          mediaType: type || undefined,
          headerDigest: digest && DIGEST_HEADER.test(digest) ? digest : undefined,
        };
      });
    },
    async blob(digest) {
      const res = await get(`/v2/${ref.repository}/blobs/${digest}`, {});
      if (res.status !== 200) throw await statusError(res, 'blob', `${where}@${digest}`);
      return res;
    },
    async blobBytes(digest) {
      const path = `/v2/${ref.repository}/blobs/${digest}`;
      return withBodyRetries(path, async () => {
        const res = await this.blob(digest);
        return readBody(res.body, options.limits.imageJsonBytes, jsonLimit(`${where}@${digest}`));
      });
    },
    transportError: urlError,
  };
}
