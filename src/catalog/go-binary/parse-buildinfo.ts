// Go build info as debug/buildinfo defines it: the `\xff Go buildinf:` header, its inline strings, and the modinfo text.

/** Starts the 32-byte header the Go linker writes (≥ 1.13) at a 16-byte-aligned address in the data segment. */
export const BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
export const BUILDINFO_ALIGN = 16;
export const BUILDINFO_HEADER_SIZE = 32;
/** Sentinels around runtime.modinfo (cmd/go's infoStart and infoEnd). */
export const MODINFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
export const MODINFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');

/** Real toolchain versions are under 100 bytes (`devel go1.22-abcdef Tue Jan 2 ...`); the budget is generous. */
export const MAX_VERSION_BYTES = 1024;
/** A binary with a thousand dependencies has about 150 KiB of modinfo. */
export const MAX_MODINFO_BYTES = 4 * 1024 * 1024;

const FLAG_BIG_ENDIAN = 0x1;
const FLAG_INLINE_STRINGS = 0x2;
const MAX_UVARINT_BYTES = 10;

export type HeaderInspection =
  /** More bytes are needed: `bytes` counted from the start of the magic. */
  | { status: 'need'; bytes: number }
  | { status: 'invalid'; reason: string }
  /** Go 1.13–1.17: the header points at the strings by address instead of holding them. */
  | { status: 'pointer'; ptrSize: number; bigEndian: boolean }
  | { status: 'inline'; goVersion: string; modinfo: string };

/**
 * Reads the header and strings in `buf`, which starts at a magic found at an aligned offset. With `eof` false a
 * short `buf` yields how many bytes to collect; with `eof` true (the file ended) it is an error.
 */
export function inspectHeader(buf: Buffer, eof: boolean): HeaderInspection {
  const need = (bytes: number, what: string): HeaderInspection =>
    eof ? { status: 'invalid', reason: `the file ends inside the ${what}` } : { status: 'need', bytes };
  if (buf.length < BUILDINFO_HEADER_SIZE) return need(BUILDINFO_HEADER_SIZE, 'build info header');
  const ptrSize = buf[14]!;
  const flags = buf[15]!;
  if (ptrSize !== 4 && ptrSize !== 8) return invalid(`pointer size ${ptrSize}, expected 4 or 8`);
  if ((flags & ~(FLAG_BIG_ENDIAN | FLAG_INLINE_STRINGS)) !== 0)
    return invalid(`unknown flags 0x${hex(flags)}`);
  if ((flags & FLAG_INLINE_STRINGS) === 0)
    return { status: 'pointer', ptrSize, bigEndian: (flags & FLAG_BIG_ENDIAN) !== 0 };

  const version = readString(buf, BUILDINFO_HEADER_SIZE, MAX_VERSION_BYTES, 'Go version string');
  if (version.status === 'short') return need(version.bytes, 'Go version string');
  if (version.status === 'invalid') return version;
  const modinfo = readString(buf, version.end, MAX_MODINFO_BYTES, 'modinfo string');
  if (modinfo.status === 'short') return need(modinfo.bytes, 'modinfo string');
  if (modinfo.status === 'invalid') return modinfo;

  const goVersion = version.value.toString('latin1');
  if (goVersion === '') return invalid('empty Go version string');
  if (!/^[\x20-\x7e]+$/.test(goVersion)) return invalid('the Go version string is not printable text');
  return { status: 'inline', goVersion, modinfo: unwrapModinfo(modinfo.value) };
}

type StringRead =
  | { status: 'ok'; value: Buffer; end: number }
  | { status: 'short'; bytes: number }
  | { status: 'invalid'; reason: string };

/** A uvarint-length-prefixed string at `off`. */
function readString(buf: Buffer, off: number, max: number, what: string): StringRead {
  let len = 0;
  let i = 0;
  for (; ; i++) {
    if (i === MAX_UVARINT_BYTES) return invalid(`the length of the ${what} is not a valid varint`);
    if (off + i >= buf.length) return { status: 'short', bytes: off + MAX_UVARINT_BYTES };
    const b = buf[off + i]!;
    len += (b & 0x7f) * 2 ** (7 * i);
    if (len > max) return invalid(`the ${what} claims ${len} bytes, over the ${max}-byte limit`);
    if (b < 0x80) break;
  }
  const start = off + i + 1;
  const end = start + len;
  if (end > buf.length) return { status: 'short', bytes: end };
  return { status: 'ok', value: buf.subarray(start, end), end };
}

/** runtime.modinfo without its sentinels; debug/buildinfo treats anything not shaped so as "no module info". */
export function unwrapModinfo(raw: Buffer): string {
  const n = raw.length;
  if (n < 33 || raw[n - 17] !== 0x0a) return '';
  return raw.subarray(16, n - 16).toString('utf8');
}

function invalid(reason: string): { status: 'invalid'; reason: string } {
  return { status: 'invalid', reason };
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

export interface GoModule {
  path: string;
  version: string;
  /** go.sum hash (`h1:...`); absent for vendored builds and replaced modules. */
  sum?: string;
  replace?: GoModule;
}

export interface GoBuildInfo {
  /** The main package's import path (`path` line). */
  path?: string;
  /** The main module (`mod` line); absent for GOPATH builds such as Debian's. */
  main?: GoModule;
  deps: GoModule[];
  settings: { key: string; value: string }[];
}

export interface ModinfoParse {
  info: GoBuildInfo;
  /** The first malformed line; what came before it is kept. */
  error?: { line: number; message: string };
}

/** runtime/debug.ParseBuildInfo's grammar: tab-separated `path`, `mod`, `dep`, `=>` and `build` lines. */
export function parseModinfo(text: string): ModinfoParse {
  const info: GoBuildInfo = { deps: [], settings: [] };
  const lines = text.split('\n');
  // The text ends with a newline; like Go, drop a last line that does not.
  lines.pop();
  let last: GoModule | undefined;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const fail = (message: string): ModinfoParse => ({ info, error: { line: n + 1, message } });
    const tab = line.indexOf('\t');
    const rest = line.slice(tab + 1);
    switch (tab < 0 ? '' : line.slice(0, tab)) {
      case 'path':
        info.path = rest;
        break;
      case 'mod':
      case 'dep': {
        const cols = rest.split('\t');
        if (cols.length !== 2 && cols.length !== 3)
          return fail(`expected 2 or 3 columns, got ${cols.length}`);
        const mod: GoModule = { path: cols[0]!, version: cols[1]!, ...(cols[2] ? { sum: cols[2] } : {}) };
        if (line.startsWith('mod')) info.main = mod;
        else info.deps.push(mod);
        last = mod;
        break;
      }
      case '=>': {
        const cols = rest.split('\t');
        if (cols.length !== 3) return fail(`expected 3 columns for a replacement, got ${cols.length}`);
        if (!last) return fail('replacement with no module on the line before');
        last.replace = { path: cols[0]!, version: cols[1]!, ...(cols[2] ? { sum: cols[2] } : {}) };
        last = undefined;
        break;
      }
      case 'build': {
        const s = parseSetting(rest);
        if (typeof s === 'string') return fail(s);
        info.settings.push(s);
        break;
      }
      default:
      // Go skips lines it does not know (1.18 and 1.19 leave an empty line after each replacement).
    }
  }
  return { info };
}

/** `key=value`, either side possibly a Go quoted string. */
function parseSetting(kv: string): { key: string; value: string } | string {
  let key: string;
  let rawValue: string;
  if (kv.startsWith('"') || kv.startsWith('`')) {
    const end = quotedEnd(kv);
    if (end < 0) return 'invalid quoted key in build line';
    const k = unquoteGo(kv.slice(0, end));
    if (k === undefined) return 'invalid quoted key in build line';
    if (kv[end] !== '=') return "build line missing '=' after the quoted key";
    key = k;
    rawValue = kv.slice(end + 1);
  } else {
    const eq = kv.indexOf('=');
    if (eq <= 0) return eq === 0 ? 'build line with missing key' : "build line missing '='";
    key = kv.slice(0, eq);
    rawValue = kv.slice(eq + 1);
  }
  if (!rawValue.startsWith('"') && !rawValue.startsWith('`')) return { key, value: rawValue };
  const value = unquoteGo(rawValue);
  return value === undefined ? 'invalid quoted value in build line' : { key, value };
}

/** Index just past the Go quoted string that starts `s`, or -1. */
function quotedEnd(s: string): number {
  const q = s[0];
  for (let i = 1; i < s.length; i++) {
    if (q === '"' && s[i] === '\\') i++;
    else if (s[i] === q) return i + 1;
  }
  return -1;
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  '"': 34,
};

/**
 * strconv.Unquote for the double-quoted and raw strings `go version -m` writes. Written here because JSON.parse
 * differs on `\a`, `\v`, `\x..`, octal escapes and raw bytes.
 */
export function unquoteGo(s: string): string | undefined {
  if (s.length < 2 || s[s.length - 1] !== s[0]) return undefined;
  const body = s.slice(1, -1);
  if (s[0] === '`') return body.includes('`') ? undefined : body.replaceAll('\r', '');
  if (s[0] !== '"') return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"' || c === '\n') return undefined;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const e = body[++i];
    if (e === undefined) return undefined;
    if (SIMPLE_ESCAPES[e] !== undefined) {
      bytes.push(SIMPLE_ESCAPES[e]!);
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const digits = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const h = body.slice(i + 1, i + 1 + digits);
      if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(h)) return undefined;
      const n = Number.parseInt(h, 16);
      if (e === 'x') bytes.push(n);
      else if (n > 0x10ffff || (n >= 0xd800 && n < 0xe000)) return undefined;
      else bytes.push(...Buffer.from(String.fromCodePoint(n), 'utf8'));
      i += digits;
    } else if (e >= '0' && e <= '7') {
      const o = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(o) || Number.parseInt(o, 8) > 255) return undefined;
      bytes.push(Number.parseInt(o, 8));
      i += 2;
    } else {
      return undefined;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * The stdlib version OSV's Go ecosystem uses for a toolchain version: `go1.21.5` → `1.21.5`, `go1.20` → `1.20.0`,
 * `go1.22rc1` → `1.22.0-rc.1` (as govulncheck maps tags), suffixes such as ` X:boringcrypto` dropped. Undefined
 * for development toolchains (`devel go1.22-abc…`), which have no release version.
 */
export function stdlibVersion(goVersion: string): string | undefined {
  const m = /^go(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(rc|beta)(\d+))?(?=$|[\s+-])/.exec(goVersion);
  if (!m) return undefined;
  const [, major, minor = '0', patch = '0', pre, preN] = m;
  return `${major}.${minor}.${patch}${pre ? `-${pre}.${preN}` : ''}`;
}
