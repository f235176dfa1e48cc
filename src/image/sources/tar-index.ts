// Indexes an uncompressed tar file by walking its headers and seeking over bodies, so members can be streamed later.
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { fileError, inputError } from '../../core/errors.js';
import { DEFAULT_LIMITS, type Limits, limitError } from '../../core/limits.js';
import { checksumOk, cstr, num, parsePax } from '../tar-header.js';

export interface TarMember {
  name: string;
  /** Byte offset of the body in the file. */
  offset: number;
  size: number;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  linkname: string;
}

export interface TarIndex {
  path: string;
  members: Map<string, TarMember>;
  /** Streams a member's body from the file. */
  open(name: string): Readable;
  readFile(name: string, maxBytes: number, what: string): Promise<Buffer>;
}

export function memberName(name: string): string {
  return name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

/** Walks the headers of the tar at `path`. Names are stored without a leading './'. */
export async function indexTar(path: string, limits: Limits = DEFAULT_LIMITS): Promise<TarIndex> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw fileError(path, e);
  }
  const members = new Map<string, TarMember>();
  try {
    const { size: fileSize } = await fh.stat();
    const h = Buffer.alloc(512);
    let off = 0;
    let longName: string | undefined;
    let longLink: string | undefined;
    let pax: Record<string, string> = {};
    let count = 0;
    const truncated = () =>
      inputError(
        'malformed',
        `${path}: archive is truncated at byte ${fileSize}`,
        'save or copy the image again',
      );
    for (;;) {
      if (off + 512 > fileSize) {
        if (count === 0)
          throw inputError('malformed', `${path}: not a tar archive`, 'give a docker save or OCI archive');
        throw truncated();
      }
      await fh.read(h, 0, 512, off);
      if (h.every((b) => b === 0)) break;
      if (!checksumOk(h)) {
        throw inputError(
          'malformed',
          `${path}: not a tar archive, or corrupt at byte ${off}`,
          'give a docker save or OCI archive',
        );
      }
      if (++count > limits.layerEntries)
        throw limitError(`${path}: entry count`, 'layerEntries', count, limits.layerEntries);
      const flag = String.fromCharCode(h[156] as number);
      let size = num(h, 124, 12);
      if (!Number.isFinite(size)) {
        throw inputError(
          'malformed',
          `${path}: corrupt tar header at byte ${off}`,
          'save or copy the image again',
        );
      }
      const bodyOff = off + 512;
      if (bodyOff + size > fileSize) throw truncated();
      const next = bodyOff + Math.ceil(size / 512) * 512;
      const readBody = async () => {
        if (size > 1024 * 1024)
          throw inputError('malformed', `${path}: oversized extended header at byte ${off}`);
        const b = Buffer.alloc(size);
        await fh.read(b, 0, size, bodyOff);
        return b;
      };
      if (flag === 'x') {
        pax = { ...pax, ...parsePax(await readBody()) };
      } else if (flag === 'g') {
        // global headers carry nothing we need
      } else if (flag === 'L') {
        longName = cstr(await readBody(), 0, size);
      } else if (flag === 'K') {
        longLink = cstr(await readBody(), 0, size);
      } else {
        const magic = cstr(h, 257, 6);
        const prefix = magic.startsWith('ustar') ? cstr(h, 345, 155) : '';
        let name = longName ?? pax.path ?? (prefix ? `${prefix}/${cstr(h, 0, 100)}` : cstr(h, 0, 100));
        if (pax.size !== undefined) size = Number(pax.size);
        name = memberName(name);
        const type =
          flag === '0' || flag === '\0' || flag === '7'
            ? 'file'
            : flag === '5'
              ? 'dir'
              : flag === '2'
                ? 'symlink'
                : flag === '1'
                  ? 'hardlink'
                  : 'other';
        members.set(name, {
          name,
          offset: bodyOff,
          size,
          type,
          linkname: longLink ?? pax.linkpath ?? cstr(h, 157, 100),
        });
        longName = undefined;
        longLink = undefined;
        pax = {};
        off = bodyOff + Math.ceil(size / 512) * 512;
        continue;
      }
      off = next;
    }
  } finally {
    await fh.close();
  }

  function find(name: string): TarMember {
    let m = members.get(memberName(name));
    // hard links in the outer archive (docker save dedups identical layers this way)
    for (let i = 0; m?.type === 'hardlink' && i < 8; i++) m = members.get(memberName(m.linkname));
    if (m?.type !== 'file') {
      throw inputError(
        'malformed',
        `${path}: the archive has no file '${name}'`,
        'the image archive is incomplete',
      );
    }
    return m;
  }

  return {
    path,
    members,
    open(name) {
      const m = find(name);
      if (m.size === 0) return Readable.from([]);
      return createReadStream(path, { start: m.offset, end: m.offset + m.size - 1 });
    },
    async readFile(name, maxBytes, what) {
      const m = find(name);
      if (m.size > maxBytes)
        throw limitError(`${path}: ${what} '${name}' size`, 'imageJsonBytes', m.size, maxBytes);
      const fh2 = await open(path, 'r');
      try {
        const b = Buffer.alloc(m.size);
        await fh2.read(b, 0, m.size, m.offset);
        return b;
      } finally {
        await fh2.close();
      }
    },
  };
}
