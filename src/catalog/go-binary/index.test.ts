import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { memorySource, runExtractor } from '../memory-source.js';
import { executableFormat } from './executable.js';
import { type ExtractedBuildInfo, goBuildInfoExtractor } from './extractor.js';
import { buildApp, goVersionM, type OracleInfo, TARGETS, type Target } from './fixtures/go-build.js';
import { fakeElf, inlineHeader, pointerHeader, uvarint, wrapModinfo } from './fixtures/synthetic.js';
import { goBinaryCataloger, golangPurl } from './index.js';
import { BUILDINFO_MAGIC, parseModinfo } from './parse-buildinfo.js';

const hasGo = requireTool('go');
const itGo = hasGo ? it : it.skip;

function extract(content: Buffer, chunkSize = 16 * 1024): ExtractedBuildInfo | undefined {
  const out = runExtractor(goBuildInfoExtractor, '/bin/x', content, 0o755, chunkSize);
  return out && (JSON.parse(out.toString('utf8')) as ExtractedBuildInfo);
}

function catalog(files: Record<string, Buffer | { content: Buffer; layer: number }>) {
  return goBinaryCataloger.catalog(memorySource(files, goBinaryCataloger.extractors), {});
}

/** The module lines `go version -m` prints, split on tabs: what the parse must reproduce. */
function oracleModules(o: OracleInfo) {
  const mods: { kind: string; path: string; version: string; sum?: string; replace?: object }[] = [];
  for (const line of o.lines) {
    const [kind, path, version, sum] = line.split('\t');
    const m = { path: path!, version: version!, ...(sum ? { sum } : {}) };
    if (kind === '=>') Object.assign(mods.at(-1)!, { replace: m });
    else if (kind === 'mod' || kind === 'dep') mods.push({ kind, ...m });
  }
  return mods;
}

/** Compares one binary's extracted build info with `go version -m` on it. */
function expectSameAsOracle(x: ExtractedBuildInfo | undefined, o: OracleInfo) {
  expect(x?.format).toBe('inline');
  if (x?.format !== 'inline') return;
  expect(x.goVersion).toBe(o.goVersion);
  // Byte for byte: `go version -m` prints the modinfo it re-serialises, one line per line, empty lines as a tab.
  expect(x.modinfo.split('\n').filter((l) => l !== '')).toEqual(o.lines);
  const { info, error } = parseModinfo(x.modinfo);
  expect(error).toBeUndefined();
  expect(info.path).toBe(o.lines.find((l) => l.startsWith('path\t'))?.slice(5));
  const parsed = [
    ...(info.main ? [{ kind: 'mod', ...info.main }] : []),
    ...info.deps.map((d) => ({ kind: 'dep', ...d })),
  ];
  expect(parsed).toEqual(oracleModules(o));
  expect(info.settings.length).toBe(o.lines.filter((l) => l.startsWith('build\t')).length);
}

describe('Go binaries built here (all formats), against `go version -m`', () => {
  let bins: Record<Target, string>;
  beforeAll(() => {
    if (hasGo) bins = buildApp();
  }, 600_000);

  describe.each(TARGETS)('%s', (target) => {
    itGo('extracts the same build info, whatever the chunk size', () => {
      const content = readFileSync(bins[target]);
      expect(goBuildInfoExtractor.accepts(bins[target], content.length, 0o755, content.subarray(0, 64))).toBe(
        true,
      );
      const oracle = goVersionM(bins[target]);
      for (const chunk of [4099, 64 * 1024, 1024 * 1024]) expectSameAsOracle(extract(content, chunk), oracle);
    });
  });

  itGo('reads the quoted -ldflags setting as go would', () => {
    const x = extract(readFileSync(bins['linux/amd64']));
    const { info } = parseModinfo(x?.format === 'inline' ? x.modinfo : '');
    expect(info.settings).toContainEqual({ key: '-ldflags', value: '-s -w -X "main.note=a b"' });
    expect(goVersionM(bins['linux/amd64']).lines).toContain('build\t-ldflags="-s -w -X \\"main.note=a b\\""');
  });

  itGo('reports the main module, dependencies after replacements, and stdlib', () => {
    const content = readFileSync(bins['linux/amd64']);
    const go = goVersionM(bins['linux/amd64']).goVersion.replace(/^go/, '');
    const { packages, unknowns } = catalog({ '/usr/local/bin/app': { content, layer: 2 } });
    expect(unknowns).toEqual([]);
    const at = { type: 'golang', layer: 2, locations: ['/usr/local/bin/app'] };
    expect(packages).toEqual([
      { name: 'example.com/app', version: '(devel)', purl: 'pkg:golang/example.com/app@(devel)', ...at },
      // replaced by ../dep: a directory has no purl of its own, so the module keeps its path at (devel)
      { name: 'example.com/dep', version: '(devel)', purl: 'pkg:golang/example.com/dep@(devel)', ...at },
      { name: 'example.org/fake', version: 'v1.2.3', purl: 'pkg:golang/example.org/fake@v1.2.3', ...at },
      { name: 'example.org/newer', version: 'v1.1.0', purl: 'pkg:golang/example.org/newer@v1.1.0', ...at },
      {
        name: 'example.org/pseudo',
        version: 'v0.0.0-20230101120000-abcdef123456',
        purl: 'pkg:golang/example.org/pseudo@v0.0.0-20230101120000-abcdef123456',
        ...at,
      },
      { name: 'stdlib', version: go, purl: `pkg:golang/stdlib@${go}`, ...at },
    ]);
  });

  itGo('reads a universal (fat) Mach-O binary', () => {
    const slice = readFileSync(bins['darwin/arm64']);
    const align = 1 << 14;
    const first = align;
    const second = first + Math.ceil(slice.length / align) * align;
    const fat = Buffer.alloc(second + slice.length);
    fat.writeUInt32BE(0xcafebabe, 0);
    fat.writeUInt32BE(2, 4);
    for (const [i, [cpu, off]] of [
      [0x0100000c, first],
      [0x01000007, second],
    ].entries()) {
      fat.writeUInt32BE(cpu!, 8 + i * 20);
      fat.writeUInt32BE(0, 12 + i * 20);
      fat.writeUInt32BE(off!, 16 + i * 20);
      fat.writeUInt32BE(slice.length, 20 + i * 20);
      fat.writeUInt32BE(14, 24 + i * 20);
      slice.copy(fat, off);
    }
    expect(executableFormat(fat.subarray(0, 64))).toBe('macho-fat');
    expectSameAsOracle(extract(fat), goVersionM(bins['darwin/arm64']));
  });
});

describe("Debian's Go binaries, against `go version -m`", () => {
  const debian = [
    ['/usr/bin/docker-registry', 'docker-registry'],
    ['/usr/bin/skopeo', 'skopeo'],
    ['/usr/bin/umoci', 'umoci'],
  ] as const;
  for (const [path, tool] of debian) {
    const itTool = hasGo && requireTool(tool, path) ? it : it.skip;
    itTool(`${path}: same build info; the GOPATH build's package path is the main module`, () => {
      const content = readFileSync(path);
      const oracle = goVersionM(path);
      expectSameAsOracle(extract(content, 64 * 1024), oracle);
      const main = oracle.lines.find((l) => l.startsWith('path\t'))!.slice(5);
      const go = oracle.goVersion.replace(/^go/, '');
      const { packages, unknowns } = catalog({ [path]: content });
      expect(unknowns).toEqual([]);
      expect(packages.map((p) => p.purl)).toEqual([golangPurl(main, '(devel)'), `pkg:golang/stdlib@${go}`]);
    });
  }

  it('ignores executables that are not Go', () => {
    for (const path of ['/bin/ls', '/usr/bin/sqlite3', '/usr/bin/rpm'].filter(existsSync)) {
      const content = readFileSync(path);
      expect(goBuildInfoExtractor.accepts(path, content.length, 0o755, content.subarray(0, 64))).toBe(true);
      expect(extract(content)).toBeUndefined();
    }
  });
});

describe('which files are streamed', () => {
  const head = (hex: string) => Buffer.concat([Buffer.from(hex, 'hex'), Buffer.alloc(56)]);
  it.each([
    ['7f454c46', 'elf'],
    ['4d5a9000', 'pe'],
    ['feedface', 'macho'],
    ['cefaedfe', 'macho'],
    ['feedfacf', 'macho'],
    ['cffaedfe', 'macho'],
    ['cafebabe00000002', 'macho-fat'],
    ['bebafeca02000000', 'macho-fat'],
  ])('%s is %s', (hex, format) => {
    expect(executableFormat(head(hex))).toBe(format);
    expect(goBuildInfoExtractor.accepts('/x', 100, 0o644, head(hex))).toBe(true);
  });
  it.each([
    ['a Java class file', 'cafebabe00000034'],
    ['a shell script', Buffer.from('#!/bin/sh\necho hi\n').toString('hex')],
    ['a gzip file', '1f8b0800'],
  ])('not %s', (_what, hex) => {
    expect(goBuildInfoExtractor.accepts('/x', 100, 0o755, head(hex))).toBe(false);
  });
});

describe('hostile and odd input', () => {
  const modinfo = wrapModinfo('path\tex.com/a\nmod\tex.com/a\tv1.0.0\t\ndep\tex.com/b\tv0.1.0\th1:x=\n');

  it('finds a header split across chunks, however small the chunks', () => {
    const file = fakeElf([inlineHeader('go1.22.1', modinfo)], { filler: 4090 });
    for (const chunk of [1, 7, 13, 16, 4096])
      expect(extract(file, chunk)).toMatchObject({ format: 'inline', goVersion: 'go1.22.1' });
  });

  it('ignores the magic at an offset that is not 16-byte aligned', () => {
    expect(extract(fakeElf([inlineHeader('go1.22.1', modinfo)], { shift: 3 }))).toBeUndefined();
  });

  it('reports a truncated header as an unknown, with where it was', () => {
    const whole = fakeElf([inlineHeader('go1.22.1', modinfo)]);
    const at = whole.indexOf(BUILDINFO_MAGIC);
    for (const cut of [at + 20, at + 40, at + 60]) {
      const { packages, unknowns } = catalog({ '/bin/app': whole.subarray(0, cut) });
      expect(packages).toEqual([]);
      expect(unknowns).toEqual([
        {
          path: '/bin/app',
          reason: expect.stringMatching(
            `^Go build info: build info at offset ${at}: the file ends inside the`,
          ),
        },
      ]);
    }
  });

  it('reports lengths that point past the end of the file or over the budget', () => {
    const head = inlineHeader('go1.22.1', Buffer.alloc(0)).subarray(0, 41);
    const past = fakeElf([Buffer.concat([head, uvarint(5000), Buffer.alloc(100)])]);
    expect(extract(past)).toEqual({
      format: 'invalid',
      reason: expect.stringContaining('the file ends inside the modinfo string'),
    });
    const over = fakeElf([Buffer.concat([head, uvarint(2 ** 50)])]);
    expect(extract(over)).toEqual({
      format: 'invalid',
      reason: expect.stringContaining('over the 4194304-byte limit'),
    });
    const endless = fakeElf([Buffer.concat([head.subarray(0, 32), Buffer.alloc(16, 0x80)])]);
    expect(extract(endless)).toEqual({
      format: 'invalid',
      reason: expect.stringContaining('not a valid varint'),
    });
  });

  it('reports the magic in random data as an unknown, and random data alone as nothing', () => {
    const noise = randomBytes(256 * 1024);
    noise[0] = 0x7f;
    noise.write('ELF', 1, 'latin1');
    expect(extract(noise)).toBeUndefined();
    BUILDINFO_MAGIC.copy(noise, 4096 * 3);
    noise[4096 * 3 + 14] = 9;
    const { packages, unknowns } = catalog({ '/opt/blob': noise });
    expect(packages).toEqual([]);
    expect(unknowns).toEqual([
      {
        path: '/opt/blob',
        reason: 'Go build info: build info at offset 12288: pointer size 9, expected 4 or 8',
      },
    ]);
  });

  it('prefers a valid header after a literal copy of the magic, as in programs that read build info', () => {
    const literal = Buffer.concat([BUILDINFO_MAGIC, Buffer.from('buildinfo: not a Go executable')]);
    const x = extract(fakeElf([literal, inlineHeader('go1.21.0', modinfo)]));
    expect(x).toMatchObject({ format: 'inline', goVersion: 'go1.21.0' });
  });

  it('keeps at most a few candidates in a file full of magics', () => {
    const many = Array.from({ length: 5000 }, () => {
      const b = Buffer.alloc(32);
      BUILDINFO_MAGIC.copy(b);
      b[14] = 3;
      return b;
    });
    const x = extract(fakeElf([...many, inlineHeader('go1.21.0', modinfo)]));
    // the real header is past the candidate budget: reported as the first bad one, never unbounded work
    expect(x).toEqual({ format: 'invalid', reason: expect.stringContaining('pointer size 3') });
  });

  it('reports Go < 1.18 binaries: modules from the sentinel-wrapped modinfo, no stdlib, and why', () => {
    // rodata (the modinfo string) comes before .go.buildinfo (the pointer header), as the Go linker lays them out
    const file = fakeElf([
      wrapModinfo('path\tex.com/a\nmod\tex.com/a\tv1.0.0\t\ndep\tex.com/b\tv0.1.0\th1:x=\n'),
      pointerHeader(),
    ]);
    for (const chunk of [1, 5, 16 * 1024]) expect(extract(file, chunk)).toMatchObject({ format: 'pointer' });
    const { packages, unknowns } = catalog({ '/bin/old': file });
    expect(packages.map((p) => p.purl)).toEqual(['pkg:golang/ex.com/a@v1.0.0', 'pkg:golang/ex.com/b@v0.1.0']);
    expect(unknowns).toEqual([{ path: '/bin/old', reason: expect.stringMatching(/^Go < 1\.18 build info/) }]);
    const bare = catalog({ '/bin/old': fakeElf([pointerHeader()]) });
    expect(bare.packages).toEqual([]);
    expect(bare.unknowns[0]?.reason).toMatch(/no module information found either$/);
  });

  it('reports a malformed modinfo line and keeps stdlib and what came before it', () => {
    const bad = wrapModinfo('path\tex.com/a\nmod\tex.com/a\tv1.0.0\t\ndep\tonly-one-column\n');
    const { packages, unknowns } = catalog({ '/bin/app': fakeElf([inlineHeader('go1.21.5', bad)]) });
    expect(packages.map((p) => p.purl)).toEqual(['pkg:golang/ex.com/a@v1.0.0', 'pkg:golang/stdlib@1.21.5']);
    expect(unknowns).toEqual([
      { path: '/bin/app', reason: 'Go build info: modinfo line 3: expected 2 or 3 columns, got 1' },
    ]);
  });

  it('reports nothing for the main module of `go build file.go`', () => {
    const x = wrapModinfo('path\tcommand-line-arguments\n');
    const { packages } = catalog({ '/bin/app': fakeElf([inlineHeader('go1.21.5', x)]) });
    expect(packages.map((p) => p.purl)).toEqual(['pkg:golang/stdlib@1.21.5']);
  });
});
