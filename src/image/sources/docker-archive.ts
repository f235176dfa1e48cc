// `docker save` tarballs: the legacy layout (manifest.json + <id>/layer.tar) and Docker 25+'s OCI layout inside.
import { inputError } from '../../core/errors.js';
import { DEFAULT_LIMITS } from '../../core/limits.js';
import { isRecord, parseImageJson, str } from './json.js';
import type { TarIndex } from './tar-index.js';
import type { ImageSource, LayerBlob, OpenImageOptions } from './types.js';

const BLOB_PATH = /^blobs\/(sha256|sha512)\/([a-f0-9]+)$/;

/** The digest a member's name states (Docker 25+ names blobs by digest; legacy config files are <hex>.json). */
function digestFromName(name: string): string | undefined {
  const m = BLOB_PATH.exec(name);
  if (m) return `${m[1]}:${m[2]}`;
  const legacy = /^([a-f0-9]{64})\.json$/.exec(name);
  return legacy ? `sha256:${legacy[1]}` : undefined;
}

/**
 * `selector` is a RepoTags entry ('name:tag') or '@N' (index in manifest.json), as skopeo takes them;
 * without one the archive must hold exactly one image.
 */
export async function openDockerArchive(
  index: TarIndex,
  selector: string | undefined,
  ref: string,
  options: OpenImageOptions = {},
): Promise<ImageSource> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const where = index.path;
  const list = parseImageJson(
    await index.readFile('manifest.json', limits.imageJsonBytes, 'manifest.json'),
    `${where}: manifest.json`,
    limits,
  );
  if (!Array.isArray(list) || list.length === 0) {
    throw inputError('malformed', `${where}: manifest.json lists no images`, 'give a docker save archive');
  }
  let entry: unknown;
  if (selector === undefined) {
    if (list.length > 1) {
      const tags = list.flatMap((m) => (isRecord(m) && Array.isArray(m.RepoTags) ? m.RepoTags : []));
      throw inputError(
        'usage',
        `${where}: the archive holds ${list.length} images`,
        `choose one: docker-archive:${where}:NAME:TAG or :@N (tags: ${tags.join(', ') || 'none'})`,
      );
    }
    entry = list[0];
  } else if (selector.startsWith('@')) {
    entry = list[Number(selector.slice(1))];
  } else {
    entry = list.find((m) => isRecord(m) && Array.isArray(m.RepoTags) && m.RepoTags.includes(selector));
  }
  if (!isRecord(entry)) throw inputError('not-found', `${where}: no image '${selector}' in the archive`);
  const configName = str(entry.Config);
  const layerNames = Array.isArray(entry.Layers)
    ? entry.Layers.filter((l): l is string => typeof l === 'string')
    : [];
  if (!configName)
    throw inputError('malformed', `${where}: manifest.json entry has no Config`, 'the archive is corrupt');
  const configDigest = digestFromName(configName);
  const config = parseImageJson(
    await index.readFile(configName, limits.imageJsonBytes, 'image config'),
    `${where}: config ${configName}`,
    limits,
    configDigest,
  );
  const rootfs = isRecord(config) && isRecord(config.rootfs) ? config.rootfs : {};
  const diffIds = Array.isArray(rootfs.diff_ids) ? rootfs.diff_ids : [];
  if (diffIds.length !== layerNames.length) {
    throw inputError(
      'malformed',
      `${where}: manifest.json lists ${layerNames.length} layers, the config ${diffIds.length}`,
      'the archive is corrupt',
    );
  }
  const layers: LayerBlob[] = layerNames.map((name, i) => {
    const member = index.members.get(name.replace(/^(\.\/)+/, ''));
    return {
      digest: digestFromName(name),
      diffId: str(diffIds[i]),
      size: member?.size,
      mediaType: undefined,
      open: () => index.open(name),
      ...(member?.type === 'file'
        ? { file: { path: index.path, offset: member.offset, size: member.size } }
        : {}),
    };
  });
  const os = isRecord(config) ? str(config.os) : undefined;
  const arch = isRecord(config) ? str(config.architecture) : undefined;
  return {
    transport: 'docker-archive',
    ref,
    manifestDigest: undefined,
    manifest: entry,
    config,
    configDigest,
    platform:
      os && arch
        ? [os, arch, isRecord(config) ? str(config.variant) : undefined].filter(Boolean).join('/')
        : undefined,
    layers,
  };
}
