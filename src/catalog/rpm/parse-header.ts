// rpm header blobs (the value stored per package in every rpmdb backend): bounds-checked index entries and data store.
// Format: rpm's lib/header.c — 8 bytes (index count, data length, big-endian), 16-byte index entries, then the data.

/** Header tags this cataloger reads (rpm's include/rpm/rpmtag.h). */
export const TAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  VENDOR: 1011,
  LICENSE: 1014,
  ARCH: 1022,
  OLDFILENAMES: 1027,
  FILEMODES: 1030,
  FILEFLAGS: 1037,
  SOURCERPM: 1044,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
} as const;

const TYPE_INT16 = 3;
const TYPE_INT32 = 4;
const TYPE_STRING = 6;
const TYPE_STRING_ARRAY = 8;
const TYPE_I18NSTRING = 9;
const TYPE_MAX = 9;

/** rpm's own sanity limits (HEADER_TAGS_MAX, HEADER_DATA_MAX): a header past them is corrupt, not just large. */
const MAX_INDEX_ENTRIES = 0xffff;
const MAX_DATA_BYTES = 0x0fffffff;

/** A file flag (rpmfileAttrs): %config files change after install, %ghost files may not exist at all. */
export const FILE_FLAG_CONFIG = 1 << 0;
export const FILE_FLAG_GHOST = 1 << 6;

export interface RpmFile {
  path: string;
  /** st_mode bits as packaged, when the header lists them. */
  mode?: number;
  /** rpmfileAttrs bits, when the header lists them. */
  flags?: number;
}

export interface RpmHeader {
  name: string;
  version: string;
  release: string;
  /** Absent when the package declares none (rpm then treats it as 0). */
  epoch?: number;
  arch?: string;
  /** `foo-1.2-3.el9.src.rpm`; absent for source packages and pseudo-packages such as gpg-pubkey. */
  sourceRpm?: string;
  license?: string;
  vendor?: string;
  files: RpmFile[];
}

export type HeaderResult = { header: RpmHeader } | { error: string };

interface Entry {
  type: number;
  offset: number;
  count: number;
}

class HeaderError extends Error {}

const utf8 = new TextDecoder('utf-8');

/** Parses one header blob. Never throws: a malformed blob gives `{ error }` saying what is wrong. */
export function parseHeader(blob: Uint8Array): HeaderResult {
  try {
    return { header: readHeader(Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength)) };
  } catch (e) {
    if (e instanceof HeaderError) return { error: e.message };
    throw e;
  }
}

function readHeader(b: Buffer): RpmHeader {
  if (b.length < 8)
    throw new HeaderError(`header blob of ${b.length} bytes is shorter than its 8-byte preamble`);
  const il = b.readUInt32BE(0);
  const dl = b.readUInt32BE(4);
  if (il === 0 || il > MAX_INDEX_ENTRIES) throw new HeaderError(`header claims ${il} index entries`);
  if (dl > MAX_DATA_BYTES) throw new HeaderError(`header claims ${dl} bytes of data`);
  const dataStart = 8 + il * 16;
  if (dataStart + dl > b.length) {
    throw new HeaderError(
      `header claims ${il} entries and ${dl} data bytes but the blob has only ${b.length} bytes`,
    );
  }
  const data = b.subarray(dataStart, dataStart + dl);

  // Entries added after install ("dribbles") follow the immutable region: a repeated tag's last entry wins, as in rpm.
  const entries = new Map<number, Entry>();
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16;
    const tag = b.readInt32BE(at);
    const type = b.readUInt32BE(at + 4);
    const offset = b.readInt32BE(at + 8);
    const count = b.readUInt32BE(at + 12);
    if (type > TYPE_MAX) throw new HeaderError(`tag ${tag} has unknown data type ${type}`);
    // Region tags (61-63) point at a trailer with a negative offset; no tag read here is one of them.
    if (tag < 1000) continue;
    // rpm checks every offset this way; counts are checked where a value is read.
    if (offset < 0 || offset > dl) {
      throw new HeaderError(`tag ${tag} points outside the ${dl}-byte data store (offset ${offset})`);
    }
    entries.set(tag, { type, offset, count });
  }

  const str = (tag: number): string | undefined => {
    const e = entries.get(tag);
    if (!e) return undefined;
    if (e.type !== TYPE_STRING && e.type !== TYPE_I18NSTRING && e.type !== TYPE_STRING_ARRAY) {
      throw new HeaderError(`tag ${tag} has type ${e.type}, not a string`);
    }
    // An i18n string's first element is the untranslated text.
    return strings(data, e.offset, 1, tag)[0];
  };
  const strArray = (tag: number): string[] | undefined => {
    const e = entries.get(tag);
    if (!e) return undefined;
    if (e.type !== TYPE_STRING_ARRAY)
      throw new HeaderError(`tag ${tag} has type ${e.type}, not a string array`);
    return strings(data, e.offset, e.count, tag);
  };
  const ints = (tag: number, type: number): number[] | undefined => {
    const e = entries.get(tag);
    if (!e) return undefined;
    if (e.type !== type) throw new HeaderError(`tag ${tag} has type ${e.type}, expected ${type}`);
    const size = type === TYPE_INT16 ? 2 : 4;
    if (e.offset + e.count * size > dl)
      throw new HeaderError(`tag ${tag}'s ${e.count} numbers run past the data store`);
    const out = new Array<number>(e.count);
    for (let i = 0; i < e.count; i++) {
      out[i] = size === 2 ? data.readUInt16BE(e.offset + i * 2) : data.readUInt32BE(e.offset + i * 4);
    }
    return out;
  };

  const name = str(TAG.NAME);
  if (!name) throw new HeaderError('header has no package name');
  const epoch = ints(TAG.EPOCH, TYPE_INT32)?.[0];
  const arch = str(TAG.ARCH);
  const sourceRpm = str(TAG.SOURCERPM);
  const license = str(TAG.LICENSE);
  const vendor = str(TAG.VENDOR);
  return {
    name,
    version: str(TAG.VERSION) ?? '',
    release: str(TAG.RELEASE) ?? '',
    ...(epoch !== undefined ? { epoch } : {}),
    ...(arch ? { arch } : {}),
    ...(sourceRpm ? { sourceRpm } : {}),
    ...(license ? { license } : {}),
    ...(vendor ? { vendor } : {}),
    files: fileList(strArray, ints),
  };
}

function fileList(
  strArray: (tag: number) => string[] | undefined,
  ints: (tag: number, type: number) => number[] | undefined,
): RpmFile[] {
  let paths: string[];
  const basenames = strArray(TAG.BASENAMES);
  if (basenames) {
    const dirnames = strArray(TAG.DIRNAMES) ?? [];
    const dirindexes = ints(TAG.DIRINDEXES, TYPE_INT32) ?? [];
    if (dirindexes.length !== basenames.length) {
      throw new HeaderError(`${basenames.length} file names but ${dirindexes.length} directory indexes`);
    }
    paths = basenames.map((base, i) => {
      const dir = dirnames[dirindexes[i]!];
      if (dir === undefined)
        throw new HeaderError(`file ${base} points at directory ${dirindexes[i]} of ${dirnames.length}`);
      return dir + base;
    });
  } else {
    // Headers from before rpm 4 (and some hand-made ones) list whole paths.
    paths = strArray(TAG.OLDFILENAMES) ?? [];
  }
  const modes = ints(TAG.FILEMODES, TYPE_INT16);
  const flags = ints(TAG.FILEFLAGS, TYPE_INT32);
  return paths.map((path, i) => ({
    path,
    ...(modes?.length === paths.length ? { mode: modes[i]! } : {}),
    ...(flags?.length === paths.length ? { flags: flags[i]! } : {}),
  }));
}

/** `count` NUL-terminated strings from `offset`, each wholly inside the data store. */
function strings(data: Buffer, offset: number, count: number, tag: number): string[] {
  const out: string[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    const end = data.indexOf(0, at);
    if (end < 0)
      throw new HeaderError(`tag ${tag}: string ${i + 1} of ${count} is not terminated inside the header`);
    out.push(utf8.decode(data.subarray(at, end)));
    at = end + 1;
  }
  return out;
}
