// docker://REF and bare registry references: an ImageSource read over the Distribution API v2.
import { inputError } from '../../../core/errors.js';
import { DEFAULT_LIMITS } from '../../../core/limits.js';
import { isRecord, parseImageJson, str } from '../json.js';
import {
  configPlatform,
  type Descriptor,
  imageFromManifest,
  indexEntries,
  isIndex,
  parsePlatform,
  type ReadJson,
  selectManifest,
} from '../oci.js';
import type { ImageSource, OpenImageOptions } from '../types.js';
import { type BlobCache, blobCache, digestOf } from './blob-cache.js';
import { createRegistryClient, type RegistryClient } from './client.js';
import { credentialsFor } from './docker-config.js';
import { openBlob } from './download.js';
import type { RetryPolicy } from './http.js';
import { formatReference, parseReference } from './reference.js';

export { type ImageReference, parseReference } from './reference.js';

/** Options the library's callers (tests) may set beyond OpenImageOptions. */
export interface RegistryInternals {
  retry?: RetryPolicy;
  timeoutMs?: number;
}

const SCHEMA1 = /^application\/vnd\.docker\.distribution\.manifest\.v1\+(json|prettyjws)$/;

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (!isRecord(v))
    throw inputError('malformed', `${what} is not a JSON object`, 'the registry sent something else');
  return v;
}

function checkNotSchema1(json: Record<string, unknown>, mediaType: string | undefined, what: string) {
  if ((mediaType && SCHEMA1.test(mediaType)) || json.schemaVersion === 1) {
    throw inputError(
      'malformed',
      `${what}: a Docker schema 1 manifest, which is not supported`,
      'schema 1 is long deprecated: push the image again with a current client',
    );
  }
}

/** Opens `text` (a reference without 'docker://'); `ref` is what the user wrote. */
export async function openRegistryImage(
  text: string,
  ref: string,
  options: OpenImageOptions & RegistryInternals = {},
): Promise<ImageSource> {
  const image = parseReference(text);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const env = options.env ?? process.env;
  parsePlatform(options.platform);
  // Like the layer cache, only when the caller names the directory: the library alone never writes there.
  const cache: BlobCache | undefined = options.cacheDir ? blobCache(options.cacheDir) : undefined;
  const client: RegistryClient = createRegistryClient(image, {
    insecure: options.insecure === true,
    credentials: () =>
      credentialsFor(image.domain, { env, username: options.username, password: options.password }),
    limits,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const where = formatReference(image);

  /** A manifest by digest: from the cache (it cannot change), else fetched, verified and cached. */
  const manifestByDigest = async (
    digest: string,
  ): Promise<{ bytes: Buffer; mediaType: string | undefined }> => {
    const cached = await cache?.readSmall(digest, limits.imageJsonBytes);
    if (cached) return { bytes: cached, mediaType: undefined };
    const got = await client.manifest(digest);
    const actual = digestOf(digest, got.bytes);
    if (actual !== digest) {
      throw inputError(
        'malformed',
        `${client.where}@${digest}: manifest digest mismatch: the registry sent ${actual}`,
        'the registry (or something between) altered the manifest: try again',
      );
    }
    await cache?.put(digest, got.bytes);
    return got;
  };

  const read: ReadJson = async (d, kind) => {
    const what = `${client.where}@${d.digest}`;
    if (kind === 'manifest') {
      const { bytes, mediaType } = await manifestByDigest(d.digest);
      const json = asObject(
        parseImageJson(bytes, `${what}: manifest`, limits, d.digest),
        `${what}: manifest`,
      );
      checkNotSchema1(json, mediaType ?? d.mediaType, what);
      return json;
    }
    let bytes = await cache?.readSmall(d.digest, limits.imageJsonBytes);
    if (!bytes) {
      bytes = await client.blobBytes(d.digest);
      // parseImageJson verifies the digest before anything is cached.
      const json = parseImageJson(bytes, `${what}: config`, limits, d.digest);
      await cache?.put(d.digest, bytes);
      return asObject(json, `${what}: config`);
    }
    return asObject(parseImageJson(bytes, `${what}: config`, limits, d.digest), `${what}: config`);
  };

  let top: { bytes: Buffer; mediaType: string | undefined; digest: string };
  if (image.digest !== undefined) {
    top = { ...(await manifestByDigest(image.digest)), digest: image.digest };
  } else {
    const got = await client.manifest(image.tag ?? 'latest');
    // Digested with the header's algorithm, so the two can be compared; sha256 without one.
    const digest = digestOf(got.headerDigest ?? 'sha256:', got.bytes);
    if (got.headerDigest !== undefined && digest !== got.headerDigest) {
      throw inputError(
        'malformed',
        `${where}: manifest digest mismatch: the registry says ${got.headerDigest}, the manifest is ${digest}`,
        'the registry (or something between) altered the manifest: try again',
      );
    }
    top = { ...got, digest };
  }
  const json = asObject(parseImageJson(top.bytes, `${where}: manifest`, limits), `${where}: manifest`);
  const mediaType = top.mediaType ?? str(json.mediaType);
  checkNotSchema1(json, mediaType, where);

  let chosen: Descriptor;
  let manifest: Record<string, unknown>;
  if (isIndex(mediaType, json)) {
    ({ chosen, json: manifest } = await selectManifest(indexEntries(json, `${where}: index`), read, {
      where,
      transport: 'docker',
      platform: options.platform,
      depth: 1,
    }));
  } else {
    if (!isRecord(json.config)) {
      throw inputError(
        'malformed',
        `${where}: not an image manifest (media type ${mediaType ?? 'not stated'})`,
        'the reference names something other than a container image',
      );
    }
    chosen = { mediaType, digest: top.digest, size: top.bytes.length, platform: undefined, annotations: {} };
    manifest = json;
  }
  const source = await imageFromManifest(
    chosen,
    manifest,
    read,
    (d) =>
      openBlob(client, cache, {
        digest: d.digest,
        size: d.size,
        maxBytes: limits.imageBytes,
        label: `${client.where}@${d.digest.slice(0, 19)}…`,
      }),
    { where, transport: 'docker', ref },
  );
  // A single-platform image has no index to choose from: a --platform it does not match is an error, as in Docker.
  if (options.platform !== undefined && !isIndex(mediaType, json)) {
    const want = parsePlatform(options.platform);
    const have = isRecord(source.config) ? configPlatform(source.config) : undefined;
    const [os, arch, variant] = (have ?? '').split('/');
    if (
      have &&
      (os !== want.os || arch !== want.architecture || (want.variant && variant && variant !== want.variant))
    ) {
      throw inputError(
        'not-found',
        `${where}: the image is for ${have}, not ${options.platform}`,
        'leave out --platform, or choose a tag that has that platform',
      );
    }
  }
  return source;
}
