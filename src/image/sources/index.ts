// Opens an image reference (skopeo's transports, a bare path detected by its content, or a registry reference).
import { open as openFile, stat } from 'node:fs/promises';
import { fileError, inputError, isShipshapeError } from '../../core/errors.js';
import { DEFAULT_LIMITS } from '../../core/limits.js';
import { openDir } from './dir.js';
import { openDockerArchive } from './docker-archive.js';
import { dirStore, openOciLayout, tarStore } from './oci.js';
import { openRegistryImage, parseReference } from './registry/index.js';
import { indexTar } from './tar-index.js';
import type { ImageSource, OpenImageOptions } from './types.js';

export type { ImageSource, LayerBlob, OpenImageOptions, RegistryOptions, Transport } from './types.js';

async function exists(p: string) {
  return stat(p).then(
    (s) => s,
    () => undefined,
  );
}

/** Splits 'PATH[:SUFFIX]' where PATH may itself hold ':' — the longest existing prefix wins. */
async function splitPathSuffix(rest: string): Promise<[string, string | undefined]> {
  if (await exists(rest)) return [rest, undefined];
  for (let i = rest.indexOf(':'); i !== -1; i = rest.indexOf(':', i + 1)) {
    if (await exists(rest.slice(0, i))) return [rest.slice(0, i), rest.slice(i + 1) || undefined];
  }
  return [rest, undefined];
}

async function openArchive(
  path: string,
  kind: 'docker-archive' | 'oci-archive' | undefined,
  suffix: string | undefined,
  ref: string,
  options: OpenImageOptions,
) {
  const head = Buffer.alloc(4);
  try {
    const fh = await openFile(path, 'r');
    await fh.read(head, 0, 4, 0);
    await fh.close();
  } catch (e) {
    throw fileError(path, e);
  }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    throw inputError(
      'usage',
      `${path}: the archive is gzip-compressed`,
      `decompress it first: gunzip -k ${path}`,
    );
  }
  const index = await indexTar(path, options.limits ?? DEFAULT_LIMITS);
  const isDocker = index.members.has('manifest.json');
  const isOci = index.members.has('index.json') && index.members.has('oci-layout');
  if (kind === 'docker-archive' || (kind === undefined && isDocker)) {
    if (!isDocker)
      throw inputError(
        'malformed',
        `${path}: no manifest.json: not a docker save archive`,
        isOci ? `it is an OCI archive: use oci-archive:${path}` : undefined,
      );
    return openDockerArchive(index, suffix, ref, options);
  }
  if (!isOci)
    throw inputError(
      'malformed',
      `${path}: not an image archive (no manifest.json or oci-layout)`,
      'give a docker save or OCI archive',
    );
  return openOciLayout(tarStore(index), suffix, 'oci-archive', ref, options);
}

/**
 * Opens `ref`: docker-archive:PATH[:NAME:TAG|:@N], oci-archive:PATH[:TAG], oci:DIR[:TAG], dir:PATH, docker://REF, a
 * bare existing path (an OCI layout directory, any other directory as a root filesystem, or an archive by its
 * content), or else a bare registry reference (alpine:3.19).
 */
export async function openImage(ref: string, options: OpenImageOptions = {}): Promise<ImageSource> {
  const m = /^(docker-archive|oci-archive|oci|dir):(.*)$/s.exec(ref);
  if (m) {
    const transport = m[1] as 'docker-archive' | 'oci-archive' | 'oci' | 'dir';
    const rest = m[2] ?? '';
    if (rest === '') throw inputError('usage', `${ref}: missing path`, `write ${transport}:PATH`);
    if (transport === 'dir') return openDir(rest, ref, options);
    const [path, suffix] = await splitPathSuffix(rest);
    if (!(await exists(path))) throw fileError(path, Object.assign(new Error(), { code: 'ENOENT' }));
    if (transport === 'oci') {
      if (!(await exists(`${path}/oci-layout`)))
        throw inputError('malformed', `${path}: no oci-layout file: not an OCI image layout`);
      return openOciLayout(dirStore(path), suffix, 'oci', ref, options);
    }
    return openArchive(path, transport, suffix, ref, options);
  }
  if (ref.startsWith('docker://')) return openRegistryImage(ref.slice('docker://'.length), ref, options);
  const s = await exists(ref);
  if (!s) {
    // Not a path: a registry reference, unless it can only have been meant as a path.
    let why: string | undefined;
    if (/^(\.{0,2}\/|~)|\.(tar|tgz|tar\.gz|tar\.zst)$/i.test(ref)) why = 'it looks like a path';
    else {
      try {
        parseReference(ref);
      } catch (e) {
        why = isShipshapeError(e) ? e.message.replace(/^.*?: /, '') : 'not an image reference';
      }
    }
    if (why !== undefined) {
      throw inputError(
        'not-found',
        `${ref}: no such file or directory (and not read from a registry: ${why})`,
        'give a path, a docker-archive:, oci-archive:, oci: or dir: reference, or a registry reference such as alpine:3.19',
      );
    }
    return openRegistryImage(ref, ref, options);
  }
  if (s.isDirectory()) {
    if (await exists(`${ref}/oci-layout`))
      return openOciLayout(dirStore(ref), undefined, 'oci', ref, options);
    return openDir(ref, ref, options);
  }
  return openArchive(ref, undefined, undefined, ref, options);
}
