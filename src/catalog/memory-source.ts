// An in-memory FileSource: for tests, and for callers that already hold the few files they need.
import { matchGlob } from '../core/glob.js';
import type { Extractor, FileSource } from './types.js';

export type MemoryFile = string | Buffer | { content: string | Buffer; layer: number };

/**
 * A FileSource over `{ '/etc/os-release': 'ID=debian\n', ... }`; files without a layer are in layer 0. Each
 * extractor given is run over every file, as the image reader would run it (in small chunks).
 */
export function memorySource(
  files: Record<string, MemoryFile>,
  extractors: readonly Extractor[] = [],
): FileSource {
  const entries = new Map<string, { content: Buffer; layer: number }>();
  for (const [path, f] of Object.entries(files)) {
    const { content, layer } = typeof f === 'string' || Buffer.isBuffer(f) ? { content: f, layer: 0 } : f;
    entries.set(path, { content: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), layer });
  }
  const paths = [...entries.keys()].sort();
  const extracted = new Map<string, { path: string; data: Buffer }[]>();
  for (const ex of extractors) {
    const out: { path: string; data: Buffer }[] = [];
    for (const path of paths) {
      const content = entries.get(path)?.content as Buffer;
      const data = runExtractor(ex, path, content, 0o755);
      if (data) out.push({ path, data });
    }
    extracted.set(ex.id, out);
  }
  return {
    read: (path) => entries.get(path)?.content ?? null,
    glob: (pattern) => paths.filter((p) => matchGlob(pattern, p)),
    layerOf: (path) => entries.get(path)?.layer,
    extracted: (id) => extracted.get(id) ?? [],
  };
}

/** Runs one extractor over a whole file as the image reader does: the accepts check, then chunks of `chunkSize`. */
export function runExtractor(
  ex: Extractor,
  path: string,
  content: Buffer,
  mode = 0o644,
  chunkSize = 16 * 1024,
): Buffer | undefined {
  if (content.length < 16 || !ex.accepts(path, content.length, mode, content.subarray(0, 64)))
    return undefined;
  const sink = ex.open(path, content.length);
  for (let off = 0; off < content.length; off += chunkSize)
    sink.write(content.subarray(off, off + chunkSize));
  return sink.end();
}
