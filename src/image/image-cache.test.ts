import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../test/support/temp.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { inventory } from './inventory.js';
import { buildImage, ociLayoutFiles, type TestEntry, writeDir } from './test-image.js';

const tempDir = tempDirs('image-cache');

const STATUS = (version: string) =>
  `Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${version}\n\n`;
const entries = (version: string): TestEntry[] => [
  { name: 'etc/', type: 'directory' },
  { name: 'etc/os-release', content: 'ID=debian\nVERSION_ID=12\n' },
  { name: 'var/', type: 'directory' },
  { name: 'var/lib/', type: 'directory' },
  { name: 'var/lib/dpkg/', type: 'directory' },
  { name: 'var/lib/dpkg/status', content: STATUS(version) },
];

/** An OCI layout of one image whose dpkg status names zlib1g at `version`; returns its `oci:` reference. */
async function layout(version: string): Promise<{ ref: string; blobs: string }> {
  const dir = writeDir(
    tempDir(),
    ociLayoutFiles([{ image: await buildImage({ layers: [{ entries: entries(version) }] }), tag: 'v' }]),
  );
  return { ref: `oci:${dir}:v`, blobs: join(dir, 'blobs', 'sha256') };
}

const files = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);

describe('whole-image cache', () => {
  it('a second inventory of the same image reads no layer, and gives the same result under its own reference', async () => {
    const cacheDir = tempDir();
    const { ref, blobs } = await layout('1:1.2.13.dfsg-1');
    const first = await inventory(ref, { cacheDir });
    expect(first.packages.map((p) => `${p.name}@${p.version}`)).toEqual(['zlib1g@1:1.2.13.dfsg-1']);
    expect(files(join(cacheDir, 'images'))).toHaveLength(1);
    // The layer's blob and its per-layer result gone: only the whole-image result can still answer.
    const layerBlob = first.target.layers[0]!.digest.slice('sha256:'.length);
    rmSync(join(blobs, layerBlob));
    rmSync(join(cacheDir, 'layers'), { recursive: true });
    const again = await inventory(ref, { cacheDir });
    expect(again).toEqual(first);
    // Without the cache the missing layer is an input error: the hit above really read nothing.
    await expect(inventory(ref, {})).rejects.toThrow();
  });

  it('another image, other limits, or a damaged cache file miss it', async () => {
    const cacheDir = tempDir();
    const a = await layout('1:1.2.13.dfsg-1');
    const b = await layout('1:1.3.1-1');
    expect((await inventory(a.ref, { cacheDir })).packages[0]?.version).toBe('1:1.2.13.dfsg-1');
    expect((await inventory(b.ref, { cacheDir })).packages[0]?.version).toBe('1:1.3.1-1');
    const limits = { ...DEFAULT_LIMITS, layerFileBytes: DEFAULT_LIMITS.layerFileBytes - 1 };
    await inventory(a.ref, { cacheDir, limits });
    const images = join(cacheDir, 'images');
    expect(files(images)).toHaveLength(3);
    // Damaged files are misses: the inventory is made again and the file rewritten.
    for (const e of readdirSync(images, { recursive: true, withFileTypes: true })) {
      if (e.isFile()) writeFileSync(join(e.parentPath ?? e.path, e.name), '{"target":');
    }
    expect((await inventory(a.ref, { cacheDir })).packages[0]?.version).toBe('1:1.2.13.dfsg-1');
    // So is a file that parses but holds no real package (it would break every consumer of the result).
    for (const e of readdirSync(images, { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      writeFileSync(
        join(e.parentPath ?? e.path, e.name),
        JSON.stringify({
          target: { type: 'image', layers: [] },
          packages: [null],
          unknowns: [],
          history: [],
        }),
      );
    }
    expect((await inventory(a.ref, { cacheDir })).packages[0]?.version).toBe('1:1.2.13.dfsg-1');
  });
});
