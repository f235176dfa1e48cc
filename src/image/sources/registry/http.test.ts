import { describe, expect, it } from 'vitest';
import { backoffMs, DEFAULT_RETRY, describeUrl, retryAfterMs, transportError } from './http.js';

describe('registry HTTP helpers', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(' 0 ')).toBe(0);
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it('backs off exponentially, with jitter, up to a cap', () => {
    for (let n = 0; n < 10; n++) {
      const base = Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** n);
      const ms = backoffMs(n, DEFAULT_RETRY);
      expect(ms).toBeGreaterThanOrEqual(base / 2);
      expect(ms).toBeLessThanOrEqual(base);
    }
  });

  it('never shows query strings (signed blob URLs carry credentials there)', () => {
    expect(describeUrl(new URL('https://bucket.s3.amazonaws.com/x/y?X-Amz-Signature=secret'))).toBe(
      'https://bucket.s3.amazonaws.com/x/y',
    );
    const e = transportError(
      Object.assign(new Error('boom'), { code: 'ECONNRESET' }),
      new URL('https://cdn.example.com/blob?token=secret'),
      5,
    );
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      'https://cdn.example.com/blob: request failed after 5 attempts (ECONNRESET: boom)',
    );
  });

  it('names the cause of connection failures', () => {
    const url = new URL('https://r.example.com/v2/');
    const code = (c: string) => transportError(Object.assign(new Error(c), { code: c }), url, 1);
    expect(code('ECONNREFUSED').message).toMatch(/connection refused \(r.example.com\)/);
    expect(code('ENOTFOUND').message).toMatch(/cannot resolve host r.example.com/);
    expect(code('CERT_HAS_EXPIRED').hint).toMatch(/NODE_EXTRA_CA_CERTS|--insecure/);
    expect(code('EPROTO').message).toMatch(/may speak plain HTTP/);
    expect(code('ETIMEDOUT').message).toMatch(/timed out/);
  });
});
