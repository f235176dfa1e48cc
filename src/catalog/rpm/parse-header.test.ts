import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHeader, TAG } from './parse-header.js';
import { adler32, readNdb } from './read-ndb.js';

type Value =
  | { type: 3 | 4; values: number[] }
  | { type: 6 | 9; value: string }
  | { type: 8; values: string[] };

/** A header blob from tag entries, laid out the way rpm does it (aligned numbers, NUL-terminated strings). */
function blob(entries: [number, Value][]): Buffer {
  const index: Buffer[] = [];
  const data: number[] = [];
  for (const [tag, v] of entries) {
    const align = v.type === 4 ? 4 : v.type === 3 ? 2 : 1;
    while (data.length % align) data.push(0);
    const offset = data.length;
    let count = 1;
    if (v.type === 3 || v.type === 4) {
      count = v.values.length;
      for (const n of v.values) {
        const b = Buffer.alloc(align);
        if (v.type === 4) b.writeUInt32BE(n);
        else b.writeUInt16BE(n);
        data.push(...b);
      }
    } else if (v.type === 8) {
      count = v.values.length;
      for (const s of v.values) data.push(...Buffer.from(s), 0);
    } else if ('value' in v) {
      data.push(...Buffer.from(v.value), 0);
    }
    const e = Buffer.alloc(16);
    e.writeInt32BE(tag, 0);
    e.writeUInt32BE(v.type, 4);
    e.writeInt32BE(offset, 8);
    e.writeUInt32BE(count, 12);
    index.push(e);
  }
  const head = Buffer.alloc(8);
  head.writeUInt32BE(index.length, 0);
  head.writeUInt32BE(data.length, 4);
  return Buffer.concat([head, ...index, Buffer.from(data)]);
}

const s = (value: string): Value => ({ type: 6, value });
const BASIC: [number, Value][] = [
  [TAG.NAME, s('bash')],
  [TAG.VERSION, s('5.1.8')],
  [TAG.RELEASE, s('9.el9')],
  [TAG.ARCH, s('x86_64')],
];

describe('parseHeader', () => {
  it('reads names, numbers and the compressed file list', () => {
    const r = parseHeader(
      blob([
        ...BASIC,
        [TAG.EPOCH, { type: 4, values: [1] }],
        [TAG.LICENSE, { type: 9, value: 'GPL-3.0-or-later' }],
        [TAG.DIRNAMES, { type: 8, values: ['/usr/bin/', '/etc/'] }],
        [TAG.BASENAMES, { type: 8, values: ['bash', 'sh', 'bashrc'] }],
        [TAG.DIRINDEXES, { type: 4, values: [0, 0, 1] }],
        [TAG.FILEMODES, { type: 3, values: [0o100755, 0o120777, 0o100644] }],
        [TAG.FILEFLAGS, { type: 4, values: [0, 0, 1] }],
      ]),
    );
    expect(r).toEqual({
      header: {
        name: 'bash',
        version: '5.1.8',
        release: '9.el9',
        epoch: 1,
        arch: 'x86_64',
        license: 'GPL-3.0-or-later',
        files: [
          { path: '/usr/bin/bash', mode: 0o100755, flags: 0 },
          { path: '/usr/bin/sh', mode: 0o120777, flags: 0 },
          { path: '/etc/bashrc', mode: 0o100644, flags: 1 },
        ],
      },
    });
  });

  it('reads whole paths from headers older than rpm 4', () => {
    const r = parseHeader(
      blob([...BASIC, [TAG.OLDFILENAMES, { type: 8, values: ['/bin/bash', '/etc/bashrc'] }]]),
    );
    expect('header' in r && r.header.files).toEqual([{ path: '/bin/bash' }, { path: '/etc/bashrc' }]);
  });

  it('lets a later entry for the same tag win, as rpm does for entries added after install', () => {
    const r = parseHeader(blob([...BASIC, [TAG.RELEASE, s('10.el9')]]));
    expect('header' in r && r.header.release).toBe('10.el9');
  });

  it.each([
    [
      'a short preamble',
      Buffer.from([0, 0, 0]),
      'header blob of 3 bytes is shorter than its 8-byte preamble',
    ],
    ['no entries', Buffer.from([0, 0, 0, 0, 0, 0, 0, 0]), 'header claims 0 index entries'],
    ['too many entries', Buffer.from([0, 1, 0, 0, 0, 0, 0, 0]), 'header claims 65536 index entries'],
    ['a huge data store', Buffer.from([0, 0, 0, 1, 0x10, 0, 0, 0]), 'header claims 268435456 bytes of data'],
    [
      'a truncated blob',
      blob(BASIC).subarray(0, 60),
      'header claims 4 entries and 24 data bytes but the blob has only 60 bytes',
    ],
  ])('rejects %s', (_what, b, error) => {
    expect(parseHeader(b)).toEqual({ error });
  });

  it('rejects entries that point outside the data store', () => {
    const b = blob(BASIC);
    b.writeInt32BE(1000, 8 + 8); // NAME's offset
    expect(parseHeader(b)).toEqual({
      error: 'tag 1000 points outside the 24-byte data store (offset 1000)',
    });
    const neg = blob(BASIC);
    neg.writeInt32BE(-4, 8 + 8);
    expect('error' in parseHeader(neg)).toBe(true);
  });

  it('rejects strings without their terminating NUL', () => {
    const b = blob(BASIC);
    b[b.length - 1] = 0x41; // the last string's NUL
    expect(parseHeader(b)).toEqual({ error: 'tag 1022: string 1 of 1 is not terminated inside the header' });
  });

  it('rejects a string array whose count runs past the data', () => {
    const b = blob([...BASIC, [TAG.BASENAMES, { type: 8, values: ['a', 'b'] }]]);
    b.writeUInt32BE(3, 8 + 4 * 16 + 12);
    expect(parseHeader(b)).toEqual({ error: 'tag 1117: string 3 of 3 is not terminated inside the header' });
  });

  it('rejects numbers running past the data and wrong types', () => {
    const b = blob([...BASIC, [TAG.EPOCH, { type: 4, values: [1] }]]);
    b.writeUInt32BE(5, 8 + 4 * 16 + 12);
    expect(parseHeader(b)).toEqual({ error: "tag 1003's 5 numbers run past the data store" });
    expect(parseHeader(blob([...BASIC, [TAG.EPOCH, s('1')]]))).toEqual({
      error: 'tag 1003 has type 6, expected 4',
    });
    expect(parseHeader(blob([[TAG.NAME, { type: 4, values: [7] }]]))).toEqual({
      error: 'tag 1000 has type 4, not a string',
    });
  });

  it('rejects file lists that do not add up', () => {
    expect(
      parseHeader(
        blob([
          ...BASIC,
          [TAG.DIRNAMES, { type: 8, values: ['/usr/bin/'] }],
          [TAG.BASENAMES, { type: 8, values: ['bash'] }],
          [TAG.DIRINDEXES, { type: 4, values: [3] }],
        ]),
      ),
    ).toEqual({ error: 'file bash points at directory 3 of 1' });
    expect(
      parseHeader(
        blob([
          ...BASIC,
          [TAG.BASENAMES, { type: 8, values: ['bash'] }],
          [TAG.DIRINDEXES, { type: 4, values: [] }],
        ]),
      ),
    ).toEqual({ error: '1 file names but 0 directory indexes' });
  });

  it('rejects a header without a name', () => {
    expect(parseHeader(blob([[TAG.VERSION, s('1')]]))).toEqual({ error: 'header has no package name' });
  });

  it('never throws on any truncation or corruption of a real header', () => {
    const ndb = readFileSync(new URL('./fixtures/ndb/Packages.db', import.meta.url));
    const real = readNdb(ndb).records.map((r) => r.blob);
    expect(real.length).toBeGreaterThan(3);
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    let errors = 0;
    for (const b of real) {
      for (let len = 0; len < b.length; len += 7) if ('error' in parseHeader(b.subarray(0, len))) errors++;
      for (let round = 0; round < 200; round++) {
        const m = Buffer.from(b);
        for (let i = 0; i < 4; i++) m[rand() % m.length] = rand() & 0xff;
        if ('error' in parseHeader(m)) errors++;
      }
    }
    expect(errors).toBeGreaterThan(0);
  });
});

describe('adler32', () => {
  it('matches RFC 1950 values', () => {
    expect(adler32(Buffer.from('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(Buffer.alloc(0))).toBe(1);
    // long enough to need the periodic reduction; value from Python zlib.adler32
    expect(adler32(Buffer.alloc(100_000, 0xff))).toBe(0x149a302c);
  });
});
