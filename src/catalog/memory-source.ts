// An in-memory FileSource: for tests, and for callers that already hold the few files they need.
import { matchGlob } from '../core/glob.js';
import type { FileSource } from './types.js';

export type MemoryFile = string | Buffer | { content: string | Buffer; layer: number };

/** A FileSource over `{ '/etc/os-release': 'ID=debian\n', ... }`; files without a layer are in layer 0. */
export function memorySource(files: Record<string, MemoryFile>): FileSource {
  const entries = new Map<string, { content: Buffer; layer: number }>();
  for (const [path, f] of Object.entries(files)) {
    const { content, layer } = typeof f === 'string' || Buffer.isBuffer(f) ? { content: f, layer: 0 } : f;
    entries.set(path, { content: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), layer });
  }
  const paths = [...entries.keys()].sort();
  return {
    read: (path) => entries.get(path)?.content ?? null,
    glob: (pattern) => paths.filter((p) => matchGlob(pattern, p)),
    layerOf: (path) => entries.get(path)?.layer,
  };
}
