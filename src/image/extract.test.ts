import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Extractor } from '../catalog/types.js';
import { globMatcher } from '../core/glob.js';
import { buildFilesystem } from './filesystem.js';
import { listLayer } from './layers.js';
import { type TestEntry, tarOf } from './test-image.js';

const MAGIC = Buffer.from('\x7fELF');

/** Keeps the first byte after every 'MARK' it sees and the largest chunk it was handed, to check streaming. */
function markExtractor(log: { heads: Buffer[]; maxChunk: number; opened: string[] }): Extractor {
  return {
    id: 'mark',
    accepts(_path, _size, _mode, head) {
      log.heads.push(Buffer.from(head));
      return head.subarray(0, 4).equals(MAGIC);
    },
    open(path) {
      log.opened.push(path);
      let tail = '';
      const found: string[] = [];
      return {
        write(chunk) {
          log.maxChunk = Math.max(log.maxChunk, chunk.length);
          const text = tail + chunk.toString('latin1');
          for (let i = text.indexOf('MARK'); i !== -1 && i + 4 < text.length; i = text.indexOf('MARK', i + 1))
            found.push(text[i + 4] as string);
          tail = text.slice(-4);
        },
        end: () => (found.length > 0 ? Buffer.from(found.join('')) : undefined),
      };
    },
  };
}

function chunked(b: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off < b.length; off += size) out.push(b.subarray(off, off + size));
  return out;
}

async function layersOf(
  layers: TestEntry[][],
  extractors: Extractor[],
  globs: string[] = [],
  chunk = 16_384,
) {
  const listings = [];
  for (const [i, l] of layers.entries()) {
    listings.push(
      await listLayer(Readable.from(chunked(await tarOf(l), chunk)), {
        label: `layer ${i}`,
        want: globMatcher(globs),
        extractors,
      }),
    );
  }
  return buildFilesystem(listings);
}

const big = (marks: string) =>
  Buffer.concat([MAGIC, Buffer.alloc(300_000, 0x20), Buffer.from(`MARK${marks}`), Buffer.alloc(1000, 0x20)]);

describe('extractors in the layer reader', () => {
  it('streams accepted files through the sink and keeps only the result', async () => {
    const log = { heads: [] as Buffer[], maxChunk: 0, opened: [] as string[] };
    const fs = await layersOf(
      [
        [
          { name: 'usr/bin/tool', content: big('a'), mode: 0o755 },
          { name: 'etc/motd', content: 'not an executable at all' },
          { name: 'tiny', content: '\x7fELF' },
        ],
      ],
      [markExtractor(log)],
    );
    expect(fs.extracted('mark')).toEqual([{ path: '/usr/bin/tool', data: Buffer.from('a') }]);
    expect(log.opened).toEqual(['/usr/bin/tool']);
    // Files under 16 bytes are never offered; the head is at most 64 bytes.
    expect(log.heads.map((h) => h.length).sort((a, b) => a - b)).toEqual([24, 64]);
    // The file was not read into memory as content, and chunks are far smaller than the file.
    expect(fs.read('/usr/bin/tool')).toBeUndefined();
    expect(log.maxChunk).toBeLessThan(300_000);
  });

  it('drops results for files a later layer replaced or deleted, and keeps the latest', async () => {
    const log = { heads: [] as Buffer[], maxChunk: 0, opened: [] as string[] };
    const fs = await layersOf(
      [
        [
          { name: 'bin/', type: 'directory' },
          { name: 'bin/a', content: big('1') },
          { name: 'bin/b', content: big('2') },
          { name: 'bin/c', content: big('3') },
        ],
        [
          { name: 'bin/.wh.a', content: '' },
          { name: 'bin/b', content: 'plain text now, long enough' },
          { name: 'bin/c', content: big('4') },
        ],
      ],
      [markExtractor(log)],
    );
    expect(fs.extracted('mark')).toEqual([{ path: '/bin/c', data: Buffer.from('4') }]);
  });

  it('a file both wanted by a glob and accepted by an extractor gets both', async () => {
    const log = { heads: [] as Buffer[], maxChunk: 0, opened: [] as string[] };
    const content = big('z');
    const fs = await layersOf([[{ name: 'opt/x', content }]], [markExtractor(log)], ['/opt/*']);
    expect(fs.read('/opt/x')?.equals(content)).toBe(true);
    expect(fs.extracted('mark')).toEqual([{ path: '/opt/x', data: Buffer.from('z') }]);
  });

  it('gathers the head across small chunks before deciding', async () => {
    const log = { heads: [] as Buffer[], maxChunk: 0, opened: [] as string[] };
    const fs = await layersOf([[{ name: 'x', content: big('q') }]], [markExtractor(log)], [], 7);
    expect(log.heads.map((h) => h.length)).toEqual([64]);
    expect(fs.extracted('mark')).toEqual([{ path: '/x', data: Buffer.from('q') }]);
  });

  it('within one layer, a second entry for the same path replaces the first result', async () => {
    const log = { heads: [] as Buffer[], maxChunk: 0, opened: [] as string[] };
    const fs = await layersOf(
      [
        [
          { name: 'x', content: big('1') },
          { name: 'x', content: 'no magic here, just text' },
        ],
      ],
      [markExtractor(log)],
    );
    expect(fs.extracted('mark')).toEqual([]);
  });
});
