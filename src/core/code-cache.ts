// V8 code cache for the CLI's cold start. Node >= 22.1 caches compiled modules itself (module.enableCompileCache);
// on older Node, loadCommonJs() keeps the compiled code of the bundled CLI and of mvdan-sh (1.5 MB) on disk.
// Off unless the CLI turns it on: the library never writes to the user's cache directory.
import { isAscii } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** shipshape's cache directory (kept under this name for bin.ts and launch.ts). */
export { cacheDir as shipshapeCacheDir } from './cache-dir.js';

let codeCacheDir: string | null = null;

type EnableCompileCache = (dir?: string) => { status: number } | undefined;

/**
 * Turns the code cache on for this process, in `dir` (created on demand). Never throws: without a writable
 * directory everything still works, only slower.
 */
export function enableCodeCache(dir: string | null): void {
  if (!dir) return;
  const enable = (nodeModule as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  if (typeof enable === 'function') {
    // Node's own cache covers every module, the bundle included; loadCommonJs() then defers to it.
    try {
      enable(dir);
    } catch {
      // A cache we cannot use is not an error.
    }
    return;
  }
  codeCacheDir = dir;
}

/** Cheap, stable string hash (FNV-1a, 32 bits) for cache file names. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * require(id) from the module at `fromUrl`, through the code cache when it is on (see loadCommonJs).
 */
export function requireCached(fromUrl: string, id: string): unknown {
  const require = nodeModule.createRequire(fromUrl);
  if (codeCacheDir === null) return require(id);
  let filename: string;
  try {
    filename = require.resolve(id);
  } catch {
    return require(id);
  }
  return loadCommonJs(filename, id);
}

/**
 * Loads the CommonJS file `filename` (absolute). With the code cache on, it is compiled with V8's cached data
 * from a previous run, and the cache is written at exit when it was missing or stale; otherwise this is require().
 * `name` names the cache file.
 */
export function loadCommonJs(filename: string, name = basename(filename)): unknown {
  const require = nodeModule.createRequire(filename);
  const dir = codeCacheDir;
  if (dir === null || require.cache[filename]) return require(filename);
  let source: string;
  let cacheFile: string;
  try {
    const st = statSync(filename);
    const bytes = readFileSync(filename);
    // Bundles are ASCII (esbuild escapes the rest): then latin1 gives the same string without UTF-8 decoding.
    source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
    // V8 checks the source length and its own version and flags; the key adds path, size and mtime.
    const key = fnv1a(`${filename}\0${st.size}\0${st.mtimeMs}\0${process.version}\0${process.arch}`);
    cacheFile = join(dir, `${cachePrefix(name)}${key}.v8`);
  } catch {
    return require(filename);
  }
  const cachedData = readCache(cacheFile);
  // The wrapper Node puts around a CommonJS module.
  const wrapper = `(function (exports, require, module, __filename, __dirname) { ${source.replace(/^#!.*/, '')}\n});`;
  let script: Script;
  try {
    script = new Script(wrapper, { filename, cachedData });
  } catch {
    return require(filename);
  }
  const mod = {
    id: filename,
    filename,
    path: dirname(filename),
    exports: {} as unknown,
    loaded: false,
    children: [],
    paths: [],
  };
  // Registered first, as Node does, so a cycle back to this file gets the module being loaded; require.cache is
  // Node's public module cache, so later require() calls for the file get this instance.
  require.cache[filename] = mod as unknown as NodeJS.Module;
  const fn = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: unknown,
    filename: string,
    dirname: string,
  ) => void;
  try {
    fn.call(mod.exports, mod.exports, require, mod, filename, dirname(filename));
  } catch (e) {
    delete require.cache[filename];
    throw e;
  }
  mod.loaded = true;
  if (cachedData === undefined || script.cachedDataRejected === true) {
    // At exit the cache also holds the functions compiled while the CLI ran, not only the top level.
    process.once('exit', () => writeCache(name, cacheFile, script));
  }
  return mod.exports;
}

// A cache file is MAGIC, a 4-byte digest of the data, then V8's data. Release builds of V8 do not verify their
// checksum, and a damaged cache can crash the process: data that does not match its digest is not used.
// The digest is the start of a SHA-1: the CLI loads node:crypto anyway, while node:zlib (for CRC-32) would be
// one more module to load on every start. SSC2: the digest changed from CRC-32 (SSC1 files are not read).
const MAGIC = Buffer.from('SSC2');

function digest(data: Uint8Array): Buffer {
  const { createHash } = nodeModule.createRequire(import.meta.url)(
    'node:crypto',
  ) as typeof import('node:crypto');
  return createHash('sha1').update(data).digest().subarray(0, 4);
}

function readCache(file: string): Buffer | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  if (buf.length <= 8 || !buf.subarray(0, 4).equals(MAGIC)) return undefined;
  const data = buf.subarray(8);
  return digest(data).equals(buf.subarray(4, 8)) ? data : undefined;
}

const cachePrefix = (id: string) => `${id.replace(/[^a-z0-9_.-]/gi, '_')}-`;

function writeCache(id: string, file: string, script: Script): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const data = script.createCachedData();
    writeFileSync(tmp, Buffer.concat([MAGIC, digest(data), data]));
    // Atomic: a concurrent run reads the old file or the new one, never half of one.
    renameSync(tmp, file);
    // Drop caches of other versions of the same package (or of another Node).
    const prefix = cachePrefix(id);
    for (const name of readdirSync(dirname(file))) {
      if (name.startsWith(prefix) && name.endsWith('.v8') && name !== basename(file)) {
        rmSync(join(dirname(file), name), { force: true });
      }
    }
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing more to do: the next run compiles from source.
    }
  }
}
