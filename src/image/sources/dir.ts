// dir: a root filesystem directory, offered as one synthetic layer tar (symlinks are stored, never followed).
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type * as tar from 'tar-stream';
import { fileError, inputError } from '../../core/errors.js';
import type { ImageSource, OpenImageOptions } from './types.js';

async function packDir(root: string, out: tar.Pack): Promise<void> {
  const stack = [''];
  while (stack.length > 0) {
    const rel = stack.pop() as string;
    const names = (await readdir(join(root, rel))).sort().reverse();
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      const p = join(root, r);
      const s = await lstat(p);
      const base = { name: r, mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, mtime: s.mtime };
      if (s.isDirectory()) {
        await entry(out, { ...base, type: 'directory' });
        stack.push(r);
      } else if (s.isSymbolicLink()) {
        await entry(out, { ...base, type: 'symlink', linkname: await readlink(p) });
      } else if (s.isFile()) {
        await new Promise<void>((resolve, reject) => {
          const sink = out.entry({ ...base, type: 'file', size: s.size }, (err) =>
            err ? reject(err) : resolve(),
          );
          createReadStream(p)
            .on('error', reject)
            .pipe(sink as unknown as NodeJS.WritableStream);
        });
      }
      // sockets, fifos and devices carry no packages
    }
  }
}

function entry(out: tar.Pack, header: tar.Header | Parameters<tar.Pack['entry']>[0]): Promise<void> {
  return new Promise((resolve, reject) => {
    out.entry(header, (err) => (err ? reject(err) : resolve()));
  });
}

export async function openDir(
  path: string,
  ref: string,
  _options: OpenImageOptions = {},
): Promise<ImageSource> {
  try {
    const s = await lstat(path);
    if (!s.isDirectory()) throw inputError('usage', `${path}: dir: needs a directory`);
  } catch (e) {
    if (e instanceof Error && e.name === 'ShipshapeError') throw e;
    throw fileError(path, e);
  }
  return {
    transport: 'dir',
    ref,
    manifestDigest: undefined,
    manifest: undefined,
    config: {},
    configDigest: undefined,
    platform: undefined,
    layers: [
      {
        digest: undefined,
        diffId: undefined,
        size: undefined,
        mediaType: undefined,
        open(): Readable {
          // tar-stream on first use: only dir: sources pack files into a layer.
          const pack = (createRequire(import.meta.url)('tar-stream') as typeof tar).pack();
          const through = new PassThrough();
          (pack as unknown as NodeJS.ReadableStream).pipe(through);
          packDir(path, pack).then(
            () => pack.finalize(),
            (e) => through.destroy(fileError(path, e)),
          );
          return through;
        },
      },
    ],
  };
}
