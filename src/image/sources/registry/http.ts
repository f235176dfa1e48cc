// HTTP for the registry client: one request with redirects and timeouts, retries with backoff, bounded bodies.
import * as http from 'node:http';
import * as https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { inputError, type ShipshapeError } from '../../../core/errors.js';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails and says how long to wait. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

export interface HttpClientOptions {
  /** Skip TLS certificate verification (--insecure). */
  insecure: boolean;
  /** Idle time allowed on a connection (connecting, waiting for headers, between body chunks). */
  timeoutMs: number;
  retry: RetryPolicy;
}

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST';
  url: URL;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
  /** Where the response came from, after redirects. */
  url: URL;
  /** Requests made, retries and redirects included. */
  attempts: number;
}

export interface HttpClient {
  /** One request (redirects followed), retried on 429, 5xx and dropped connections; other statuses returned. */
  send(req: HttpRequest): Promise<HttpResponse>;
  options: HttpClientOptions;
  close(): void;
}

const MAX_REDIRECTS = 5;
const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRY_CODES = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

export function isRetryableError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code !== undefined && RETRY_CODES.has(code);
}

/** Milliseconds a Retry-After header asks for (delta-seconds or an HTTP date), if it is readable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^[0-9]+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** Exponential backoff with jitter for retry `n` (0-based). */
export function backoffMs(n: number, policy: RetryPolicy): number {
  const base = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n);
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/** Where a URL points, for messages: no query string (signed blob URLs carry credentials there). */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

const TLS_TRUST = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Whether a failed HTTPS connection means the server does not speak TLS at all (a plain-HTTP registry). */
export function isNotTls(e: unknown): boolean {
  const err = e as NodeJS.ErrnoException;
  return (
    err?.code === 'EPROTO' ||
    err?.code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    /wrong version number|packet length too long|http request/i.test(err?.message ?? '')
  );
}

export function isTlsTrustError(e: unknown): boolean {
  return TLS_TRUST.has((e as NodeJS.ErrnoException)?.code ?? '');
}

/** A clear exit-2 error for a request that failed below HTTP (refused, unresolvable, TLS, timed out). */
export function transportError(e: unknown, url: URL, attempts: number): ShipshapeError {
  const err = e as NodeJS.ErrnoException;
  const where = describeUrl(url);
  const code = err?.code ?? 'error';
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  if (code === 'ECONNREFUSED') {
    return inputError(
      'unreadable',
      `${where}: connection refused (${url.host})`,
      'is the registry running, and are the host and port right?',
      e,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return inputError(
      'unreadable',
      `${where}: cannot resolve host ${url.hostname}${tries}`,
      'check the registry name and the network (DNS)',
      e,
    );
  }
  if (isTlsTrustError(e)) {
    return inputError(
      'unreadable',
      `${where}: the TLS certificate of ${url.host} is not trusted (${code})`,
      'add its CA with NODE_EXTRA_CA_CERTS=FILE, or pass --insecure if you trust the network',
      e,
    );
  }
  if (isNotTls(e)) {
    return inputError(
      'unreadable',
      `${where}: TLS handshake failed (${code}); the registry may speak plain HTTP`,
      'pass --insecure to allow plain HTTP for this registry',
      e,
    );
  }
  if (code === 'ETIMEDOUT') {
    return inputError(
      'unreadable',
      `${where}: timed out${tries}`,
      'check the network, or try again later',
      e,
    );
  }
  return inputError(
    'unreadable',
    `${where}: request failed${tries} (${code}${err?.message && err.message !== code ? `: ${err.message}` : ''})`,
    'check the network and the registry, then try again',
    e,
  );
}

function once(
  req: HttpRequest,
  url: URL,
  headers: Record<string, string>,
  opts: HttpClientOptions,
  agents: { http: http.Agent; https: https.Agent },
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const isHttps = url.protocol === 'https:';
    const mod = isHttps ? https : http;
    const r = mod.request(
      url,
      {
        method: req.method,
        headers: {
          'user-agent': 'shipshape',
          ...headers,
          ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}),
        },
        agent: isHttps ? agents.https : agents.http,
      },
      resolve,
    );
    r.setTimeout(opts.timeoutMs, () => {
      r.destroy(Object.assign(new Error(`no answer for ${opts.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Drops a response's body so the connection can be reused. */
export function discard(res: http.IncomingMessage): void {
  res.on('error', () => {
    // The body is not wanted: an error reading it does not matter.
  });
  res.resume();
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 8 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 8, rejectUnauthorized: !options.insecure }),
  };

  async function follow(
    req: HttpRequest,
  ): Promise<{ res: http.IncomingMessage; url: URL; requests: number }> {
    let url = req.url;
    let headers = { ...(req.headers ?? {}) };
    let method = req.method;
    for (let hop = 0; ; hop++) {
      const res = await once({ ...req, method }, url, headers, options, agents);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (![301, 302, 303, 307, 308].includes(status) || !location) return { res, url, requests: hop + 1 };
      discard(res);
      if (hop >= MAX_REDIRECTS) {
        throw inputError(
          'unreadable',
          `${describeUrl(req.url)}: more than ${MAX_REDIRECTS} redirects`,
          'the registry is misconfigured',
        );
      }
      const next = new URL(location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw inputError(
          'unreadable',
          `${describeUrl(url)}: redirect to a ${next.protocol} URL`,
          'the registry is misconfigured',
        );
      }
      if (url.protocol === 'https:' && next.protocol === 'http:' && !options.insecure) {
        throw inputError(
          'unreadable',
          `${describeUrl(url)}: redirected from HTTPS to plain HTTP (${next.host})`,
          'pass --insecure to allow plain HTTP',
        );
      }
      // Credentials are for the registry: a blob store elsewhere (S3, a CDN) gets its own signed URL instead.
      if (next.origin !== url.origin) {
        const { authorization: _drop, ...rest } = headers;
        headers = rest;
      }
      if (status === 303) method = 'GET';
      url = next;
    }
  }

  return {
    options,
    async send(req) {
      const policy = options.retry;
      let requests = 0;
      for (let attempt = 1; ; attempt++) {
        let result: { res: http.IncomingMessage; url: URL; requests: number };
        try {
          result = await follow(req);
        } catch (e) {
          requests++;
          if (e instanceof Error && e.name === 'ShipshapeError') throw e;
          if (attempt < policy.attempts && isRetryableError(e)) {
            await sleep(backoffMs(attempt - 1, policy));
            continue;
          }
          throw transportError(e, req.url, attempt);
        }
        requests += result.requests;
        const { res } = result;
        const status = res.statusCode ?? 0;
        if (RETRY_STATUS.has(status) && attempt < policy.attempts) {
          const after = retryAfterMs(headerString(res.headers['retry-after']));
          if (after !== undefined && after > policy.maxRetryAfterMs) {
            return { status, headers: res.headers, body: res, url: result.url, attempts: requests };
          }
          discard(res);
          await sleep(after ?? backoffMs(attempt - 1, policy));
          continue;
        }
        return { status, headers: res.headers, body: res, url: result.url, attempts: requests };
      }
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

export function headerString(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

/** A response body, at most `max` bytes (the Content-Length is checked first); `tooLarge` makes the error. */
export async function readBody(
  res: http.IncomingMessage,
  max: number,
  tooLarge: (size: number) => Error,
): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) {
    res.destroy();
    throw tooLarge(declared);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > max) {
      res.destroy();
      throw tooLarge(size);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
