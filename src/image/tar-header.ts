// Tar header fields (ustar, GNU and PAX) for the two readers that walk headers themselves: the outer-archive index
// and the seeking layer walker. Hand-written because tar-stream can only stream: it cannot seek over bodies.

/** A NUL-terminated field. */
export function cstr(buf: Buffer, start: number, len: number): string {
  const slice = buf.subarray(start, start + len);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul === -1 ? slice.length : nul).toString('utf8');
}

/** An octal field, or GNU base-256 when the top bit is set (sizes over 8 GiB, large ids). */
export function num(buf: Buffer, start: number, len: number): number {
  const first = buf[start] as number;
  if (first & 0x80) {
    let v = 0;
    for (let i = 1; i < len; i++) v = v * 256 + (buf[start + i] as number);
    return v;
  }
  let v = 0;
  let seen = false;
  for (let i = start; i < start + len; i++) {
    const c = buf[i] as number;
    if (c >= 0x30 && c <= 0x37) {
      v = v * 8 + (c - 0x30);
      seen = true;
    } else if (c === 0 || (c === 0x20 && seen)) {
      break;
    } else if (c !== 0x20) {
      return Number.NaN;
    }
  }
  return v;
}

export function checksumOk(h: Buffer, at = 0): boolean {
  const stored = num(h, at + 148, 8);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (h[at + i] as number);
  return sum === stored;
}

export function isZeroBlock(h: Buffer, at = 0): boolean {
  for (let i = at; i < at + 512; i++) if (h[i] !== 0) return false;
  return true;
}

/** PAX extended header records (`<len> <key>=<value>\n`). */
export function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    const sp = body.indexOf(0x20, i);
    if (sp === -1) break;
    const len = Number.parseInt(body.subarray(i, sp).toString(), 10);
    if (!Number.isFinite(len) || len <= 0 || i + len > body.length) break;
    const rec = body.subarray(sp + 1, i + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

/** The entry name as tar-stream gives it: the POSIX ustar prefix joined on, else the plain name. */
export function headerName(h: Buffer, at = 0): string {
  const name = cstr(h, at, 100);
  // Only POSIX ustar ('ustar\0' + '00') has the prefix field; old GNU headers keep times there.
  const posix = h[at + 257] === 0x75 && h.toString('latin1', at + 257, at + 263) === 'ustar\0';
  const prefix = posix ? cstr(h, at + 345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}
