import { describe, expect, it } from 'vitest';
import { inlineHeader, pointerHeader, uvarint, wrapModinfo } from './fixtures/synthetic.js';
import {
  BUILDINFO_MAGIC,
  inspectHeader,
  MAX_MODINFO_BYTES,
  parseModinfo,
  stdlibVersion,
  unquoteGo,
  unwrapModinfo,
} from './parse-buildinfo.js';

// The modinfo of fixtures/go-build.ts's app, as Go 1.19 embeds it (note the empty line after each replacement).
const APP_MODINFO = [
  'path\texample.com/app',
  'mod\texample.com/app\t(devel)\t',
  'dep\texample.com/dep\tv0.0.0',
  '=>\t../dep\t(devel)\t',
  '',
  'dep\texample.org/fake\tv1.2.3\th1:abc=',
  'dep\texample.org/old\tv1.0.0',
  '=>\texample.org/newer\tv1.1.0\th1:def=',
  '',
  'build\t-compiler=gc',
  'build\t-ldflags="-s -w -X \\"main.note=a b\\""',
  'build\tCGO_ENABLED=0',
  '',
].join('\n');

describe('inspectHeader', () => {
  const header = inlineHeader('go1.21.5', wrapModinfo(APP_MODINFO));

  it('reads the Go version and the modinfo without its sentinels', () => {
    expect(inspectHeader(header, false)).toEqual({
      status: 'inline',
      goVersion: 'go1.21.5',
      modinfo: APP_MODINFO,
    });
  });

  it('asks for exactly the bytes the lengths announce, then has enough', () => {
    let want = 0;
    let r = inspectHeader(header.subarray(0, want), false);
    const steps: number[] = [];
    while (r.status === 'need') {
      expect(r.bytes).toBeGreaterThan(want);
      want = r.bytes;
      steps.push(want);
      r = inspectHeader(header.subarray(0, want), false);
    }
    expect(r.status).toBe('inline');
    // header, then version length + version + the modinfo varint's room, then the whole modinfo
    const modinfoLen = wrapModinfo(APP_MODINFO).length;
    expect(steps.at(-1)).toBe(32 + 1 + 8 + uvarint(modinfoLen).length + modinfoLen);
  });

  it('reports a header cut off by the end of the file', () => {
    for (const n of [20, 31, 33, 40, 60]) {
      const r = inspectHeader(header.subarray(0, n), true);
      expect(r.status).toBe('invalid');
      expect(r.status === 'invalid' && r.reason).toMatch(/the file ends inside the/);
    }
  });

  it('rejects lengths past the budget before collecting them', () => {
    const big = Buffer.concat([inlineHeader('go1.21.5', Buffer.alloc(0)).subarray(0, 41), uvarint(2 ** 40)]);
    const r = inspectHeader(big, false);
    expect(r).toEqual({
      status: 'invalid',
      reason: expect.stringMatching(/modinfo string claims \d+ bytes, over the 4194304-byte limit/),
    });
    const justOver = Buffer.concat([
      inlineHeader('go1.21.5', Buffer.alloc(0)).subarray(0, 41),
      uvarint(MAX_MODINFO_BYTES + 1),
    ]);
    expect(inspectHeader(justOver, false).status).toBe('invalid');
    const atLimit = Buffer.concat([
      inlineHeader('go1.21.5', Buffer.alloc(0)).subarray(0, 41),
      uvarint(MAX_MODINFO_BYTES),
    ]);
    expect(inspectHeader(atLimit, false)).toEqual({ status: 'need', bytes: 41 + 4 + MAX_MODINFO_BYTES });
  });

  it('rejects huge and endless varints', () => {
    const head = inlineHeader('', Buffer.alloc(0)).subarray(0, 32);
    const huge = Buffer.concat([head, Buffer.alloc(12, 0xff)]);
    expect(inspectHeader(huge, false)).toMatchObject({
      status: 'invalid',
      reason: /over the 1024-byte limit/,
    });
    const endless = Buffer.concat([head, Buffer.alloc(12, 0x80)]);
    expect(inspectHeader(endless, false)).toMatchObject({ status: 'invalid', reason: /not a valid varint/ });
  });

  it('rejects bad pointer sizes, unknown flags and versions that are not text', () => {
    const bad = Buffer.from(header);
    bad[14] = 7;
    expect(inspectHeader(bad, false)).toMatchObject({ reason: 'pointer size 7, expected 4 or 8' });
    const flags = Buffer.from(header);
    flags[15] = 0x12;
    expect(inspectHeader(flags, false)).toMatchObject({ reason: 'unknown flags 0x12' });
    expect(inspectHeader(inlineHeader('', wrapModinfo('')), false)).toMatchObject({
      reason: 'empty Go version string',
    });
    expect(inspectHeader(inlineHeader(Buffer.from([0x67, 0x6f, 0]), wrapModinfo('')), false)).toMatchObject({
      reason: /not printable/,
    });
  });

  it('recognises the Go 1.13–1.17 pointer header, 32- and 64-bit, both byte orders', () => {
    expect(inspectHeader(pointerHeader(), false)).toEqual({
      status: 'pointer',
      ptrSize: 8,
      bigEndian: false,
    });
    const be32 = pointerHeader();
    be32[14] = 4;
    be32[15] = 1;
    expect(inspectHeader(be32, false)).toEqual({ status: 'pointer', ptrSize: 4, bigEndian: true });
  });

  it('treats modinfo without its sentinel shape as none, as debug/buildinfo does', () => {
    expect(inspectHeader(inlineHeader('go1.20', Buffer.from('path\tx\n')), false)).toMatchObject({
      status: 'inline',
      modinfo: '',
    });
    expect(unwrapModinfo(Buffer.alloc(32))).toBe('');
    expect(BUILDINFO_MAGIC.length).toBe(14);
  });
});

describe('parseModinfo', () => {
  it('reads path, main module, dependencies with replacements and build settings', () => {
    const { info, error } = parseModinfo(APP_MODINFO);
    expect(error).toBeUndefined();
    expect(info).toEqual({
      path: 'example.com/app',
      main: { path: 'example.com/app', version: '(devel)' },
      deps: [
        { path: 'example.com/dep', version: 'v0.0.0', replace: { path: '../dep', version: '(devel)' } },
        { path: 'example.org/fake', version: 'v1.2.3', sum: 'h1:abc=' },
        {
          path: 'example.org/old',
          version: 'v1.0.0',
          replace: { path: 'example.org/newer', version: 'v1.1.0', sum: 'h1:def=' },
        },
      ],
      settings: [
        { key: '-compiler', value: 'gc' },
        { key: '-ldflags', value: '-s -w -X "main.note=a b"' },
        { key: 'CGO_ENABLED', value: '0' },
      ],
    });
  });

  it('reports the first malformed line and keeps what came before', () => {
    expect(parseModinfo('path\tx\ndep\ta\n')).toEqual({
      info: { path: 'x', deps: [], settings: [] },
      error: { line: 2, message: 'expected 2 or 3 columns, got 1' },
    });
    expect(parseModinfo('=>\ta\tv1\t\n').error).toEqual({
      line: 1,
      message: 'replacement with no module on the line before',
    });
    expect(parseModinfo('dep\ta\tv1\n=>\tb\tv2\n').error?.message).toBe(
      'expected 3 columns for a replacement, got 2',
    );
    expect(parseModinfo('build\t=x\n').error?.message).toBe('build line with missing key');
    expect(parseModinfo('build\tnoequals\n').error?.message).toBe("build line missing '='");
    expect(parseModinfo('build\tk="unterminated\n').error?.message).toBe(
      'invalid quoted value in build line',
    );
  });

  it('drops a last line without a newline and skips unknown lines, as Go does', () => {
    expect(parseModinfo('path\tx\nweird line\ndep\ta\tv1').info).toEqual({
      path: 'x',
      deps: [],
      settings: [],
    });
  });

  it('reads quoted keys', () => {
    expect(parseModinfo('build\t"a=b"=c\n').info.settings).toEqual([{ key: 'a=b', value: 'c' }]);
  });
});

describe('unquoteGo', () => {
  it.each([
    ['"plain"', 'plain'],
    ['"a\\tb\\nc"', 'a\tb\nc'],
    ['"\\a\\b\\f\\r\\v\\\\\\""', '\x07\b\f\r\v\\"'],
    ['"\\x41\\101\\u00e9\\U0001F600"', 'AAé😀'],
    ['`raw \\n`', 'raw \\n'],
    ['"é"', 'é'],
  ])('%s', (input, want) => {
    expect(unquoteGo(input)).toBe(want);
  });
  it.each([['"\\q"'], ['"\\x4"'], ['"\\400"'], ['"a"b"'], ['"open'], ['`a`b`'], ["'c'"], ['"\\\'"']])(
    'rejects %s',
    (input) => {
      expect(unquoteGo(input)).toBeUndefined();
    },
  );
});

describe('stdlibVersion', () => {
  it.each([
    ['go1.21.5', '1.21.5'],
    ['go1.19.8', '1.19.8'],
    ['go1.20', '1.20.0'],
    ['go1.22rc1', '1.22.0-rc.1'],
    ['go1.9.2rc2', '1.9.2-rc.2'],
    ['go1.21beta1', '1.21.0-beta.1'],
    ['go1.21.5 X:boringcrypto', '1.21.5'],
    ['go1.21.0-bigcorp', '1.21.0'],
    ['devel go1.22-abcdef Tue Jan 2 15:04:05 2024 +0000', undefined],
    ['gccgo', undefined],
  ])('%s → %s', (input, want) => {
    expect(stdlibVersion(input)).toBe(want);
  });
});
