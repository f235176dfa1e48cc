import { constants, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AUDIT_JSON } from './fixtures/binaries.js';
import { inflateAudit, looksLikeAuditJson, MAX_AUDIT_JSON_BYTES, mayStartAuditStream } from './zlib-probe.js';

// zlib itself is the oracle: streams it writes in each block type must pass, with the first byte decided right.
const forms: [string, (json: string) => Buffer][] = [
  ['stored (level 0)', (j) => deflateSync(j, { level: 0 })],
  ['fixed Huffman', (j) => deflateSync(j, { strategy: constants.Z_FIXED })],
  ['dynamic Huffman (level 9)', (j) => deflateSync(j, { level: 9 })],
  ['default', (j) => deflateSync(j)],
];

describe('mayStartAuditStream and looksLikeAuditJson', () => {
  it.each(forms)('%s: the audit JSON passes', (_form, compress) => {
    const z = compress(AUDIT_JSON);
    expect(mayStartAuditStream(z, 0)).toBe(true);
    expect(looksLikeAuditJson(z.subarray(0, 1024))).toBe(true);
  });

  it.each(forms.slice(0, 2))(
    '%s: a stream that does not start with { is refused by the bit checks alone',
    (_f, c) => {
      expect(mayStartAuditStream(c(`[${AUDIT_JSON}]`), 0)).toBe(false);
      expect(mayStartAuditStream(c(` ${AUDIT_JSON}`), 0)).toBe(false);
    },
  );

  it('refuses other JSON and non-JSON once inflated', () => {
    expect(looksLikeAuditJson(deflateSync(JSON.stringify({ name: 'x', packages: [] }), { level: 9 }))).toBe(
      false,
    );
    expect(looksLikeAuditJson(deflateSync(Buffer.alloc(5000, 7)))).toBe(false);
    expect(looksLikeAuditJson(Buffer.from('789c0000', 'hex'))).toBe(false);
  });

  it('refuses bad headers and the reserved block type', () => {
    const z = deflateSync(AUDIT_JSON);
    expect(mayStartAuditStream(Buffer.concat([Buffer.from([0x78, 0x9d]), z.subarray(2)]), 0)).toBe(false); // check
    expect(mayStartAuditStream(Buffer.concat([Buffer.from([0x78, 0xbb]), z.subarray(2)]), 0)).toBe(false); // FDICT
    expect(mayStartAuditStream(Buffer.concat([Buffer.from([0x68, 0x81]), z.subarray(2)]), 0)).toBe(false); // 16K window
    expect(mayStartAuditStream(Buffer.from([0x78, 0x9c, 0x06, 0, 0, 0]), 0)).toBe(false); // BTYPE 11
    expect(mayStartAuditStream(Buffer.from([0x78, 0x9c, 0x01, 5, 0, 0, 0, 0x7b]), 0)).toBe(false); // LEN ≠ ~NLEN
    expect(mayStartAuditStream(Buffer.from([0x78, 0x01, 0x01, 5, 0, 0xfa, 0xff, 0x7b]), 0)).toBe(true);
  });
});

describe('inflateAudit', () => {
  const z = deflateSync(AUDIT_JSON);
  it('inflates a whole stream and ignores what follows it', () => {
    expect(inflateAudit(Buffer.concat([z, Buffer.from('trailing section bytes')]), false)).toEqual({
      ok: true,
      json: AUDIT_JSON,
    });
  });
  it('asks for more until the end of the file, then calls the stream truncated', () => {
    expect(inflateAudit(z.subarray(0, z.length - 5), false)).toEqual({ ok: 'more' });
    expect(inflateAudit(z.subarray(0, z.length - 5), true)).toEqual({
      ok: false,
      reason: 'audit data is truncated (the zlib stream does not end)',
    });
  });
  it('stops at the size cap', () => {
    const bomb = deflateSync(Buffer.alloc(MAX_AUDIT_JSON_BYTES + 1, 0x20), { level: 9 });
    expect(inflateAudit(bomb, true)).toEqual({
      ok: false,
      reason: `audit data inflates to over ${MAX_AUDIT_JSON_BYTES} bytes (the limit)`,
    });
    expect(inflateAudit(deflateSync(Buffer.alloc(MAX_AUDIT_JSON_BYTES, 0x20)), true).ok).toBe(true);
  });
});
