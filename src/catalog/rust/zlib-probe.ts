// Recognising and inflating cargo auditable's zlib stream: cheap bit checks first, node:zlib under a size cap after.
import { constants, inflateSync } from 'node:zlib';

/** cargo-auditable's PARSING.md: "8 MiB should be more than enough to hold any legitimate audit data". */
export const MAX_AUDIT_JSON_BYTES = 8 * 1024 * 1024;
/** Compressed bytes inflated to recognise the audit JSON: room for a dynamic Huffman table and a few tokens. */
export const PROBE_BYTES = 1024;
const OPEN_BRACE = 0x7b;

/**
 * Whether a zlib stream may start at `b[i]` and decode to `{` first. Candidates are common in binary data (one
 * in 16 KiB), and each inflateSync call costs tens of microseconds in handle set-up alone, so the header and the
 * first deflate block are checked by hand: a zlib header with the 32 KiB window (0x78, which cargo-auditable's
 * compressor always writes) and a valid check byte; a block type other than the reserved one; for a stored block
 * a matching LEN/NLEN and a `{`; for a fixed-Huffman block the 8-bit code of `{`. Dynamic blocks need inflating.
 */
export function mayStartAuditStream(b: Buffer, i: number): boolean {
  if (b[i] !== 0x78 || i + 3 > b.length) return false;
  const flg = b[i + 1]!;
  if ((0x7800 + flg) % 31 !== 0 || (flg & 0x20) !== 0) return false;
  const btype = (b[i + 2]! >> 1) & 3;
  if (btype === 3) return false;
  if (btype === 0) {
    if (i + 8 > b.length) return true;
    return (b.readUInt16LE(i + 3) ^ 0xffff) === b.readUInt16LE(i + 5) && b[i + 7] === OPEN_BRACE;
  }
  if (btype === 1) {
    if (i + 4 > b.length) return true;
    // Literals 0–143 have the 8-bit codes 0x30 + value, packed most significant bit first after the 3 header bits.
    let code = 0;
    for (let k = 3; k < 11; k++) code = (code << 1) | ((b[i + 2 + (k >> 3)]! >> (k & 7)) & 1);
    return code === 0x30 + OPEN_BRACE;
  }
  return true;
}

/** Inflates the start of a candidate and checks that it opens the audit JSON object. */
export function looksLikeAuditJson(probe: Buffer): boolean {
  let out: Buffer;
  try {
    out = inflateSync(probe, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 1024 * 1024 });
  } catch {
    return false;
  }
  return /^\{\s*"(packages|format)"\s*:/.test(out.subarray(0, 64).toString('latin1'));
}

export type InflateOutcome = { ok: true; json: string } | { ok: false; reason: string } | { ok: 'more' };

/**
 * Inflates audit data under MAX_AUDIT_JSON_BYTES. `more` when the stream is merely incomplete and `final` is
 * false (more bytes may come); at the end of the file that is an error like any other. Bytes after the end of
 * the stream are ignored.
 */
export function inflateAudit(data: Buffer, final: boolean): InflateOutcome {
  try {
    return { ok: true, json: inflateSync(data, { maxOutputLength: MAX_AUDIT_JSON_BYTES }).toString('utf8') };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE')
      return { ok: false, reason: `audit data inflates to over ${MAX_AUDIT_JSON_BYTES} bytes (the limit)` };
    if (err.code === 'Z_BUF_ERROR')
      return final
        ? { ok: false, reason: 'audit data is truncated (the zlib stream does not end)' }
        : { ok: 'more' };
    return { ok: false, reason: `audit data is not a valid zlib stream (${err.message})` };
  }
}
