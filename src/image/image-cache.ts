// Whole-image results cache: the same image (manifest, config and layer digests) inventoried again with the same
// catalogers and limits gives the same inventory, so a second scan reads one file instead of rebuilding the
// squashed view from the layer cache and running every cataloger. Trivy keeps its artifact analysis by image id
// the same way. A new image on the same base still reuses its shared layers through the layer cache.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { touchCacheFile } from '../core/cache-prune.js';
import type { ImageSource } from './sources/types.js';

/** Bumped whenever inventory() would give another result for the same image, catalogers and limits. */
const FORMAT = 1;

/**
 * The key of an image's inventory, or undefined when the image names no config digest or some layer has no digest
 * (a dir: source): nothing then identifies its content.
 */
export function imageCacheKey(source: ImageSource, salt: string): string | undefined {
  if (!source.configDigest) return undefined;
  const layers: string[] = [];
  for (const l of source.layers) {
    const id = l.digest ?? l.diffId;
    if (!id) return undefined;
    layers.push(id);
  }
  const material = [
    FORMAT,
    source.transport,
    source.manifestDigest ?? null,
    source.configDigest,
    source.platform ?? null,
    layers,
    salt,
  ];
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}

const fileOf = (dir: string, key: string) => join(dir, key.slice(0, 2), `${key}.json`);

/** The cached value under `key`, or undefined when there is none or it does not read back (`valid` says no). */
export function readImageCache<T>(dir: string, key: string, valid: (v: unknown) => v is T): T | undefined {
  const file = fileOf(dir, key);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (!valid(value)) return undefined;
  // Its last use, for pruneCache: the cache keeps what recent scans used.
  touchCacheFile(file);
  return value;
}

/** Stores `value` under `key` (written aside and renamed, so a reader never sees half a file); errors are ignored. */
export function writeImageCache(dir: string, key: string, value: unknown): void {
  const target = fileOf(dir, key);
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(join(dir, key.slice(0, 2)), { recursive: true });
    writeFileSync(tmp, JSON.stringify(value));
    renameSync(tmp, target);
  } catch {
    rmSync(tmp, { force: true });
  }
}
