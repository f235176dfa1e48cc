// The one interface every image source (archive, layout, directory, registry) implements.
import type { Readable } from 'node:stream';
import type { Limits } from '../../core/limits.js';

export type Transport = 'docker-archive' | 'oci-archive' | 'oci' | 'dir' | 'docker';

export interface LayerBlob {
  /** 'sha256:<hex>' the blob must hash to; undefined when no digest is stated (a dir: source). */
  digest: string | undefined;
  /** The config's diff_id for this layer, when known. */
  diffId: string | undefined;
  /** Size the descriptor states, when known. */
  size: number | undefined;
  mediaType: string | undefined;
  /** A fresh stream of the blob's bytes (compressed as stored). */
  open(): Readable;
  /** Where the blob's bytes sit in a local file, when they do: an uncompressed layer is then read by seeking. */
  file?: { path: string; offset: number; size: number };
}

export interface ImageSource {
  transport: Transport;
  /** The reference as the user wrote it. */
  ref: string;
  /** Digest of the image manifest, when there is one. */
  manifestDigest: string | undefined;
  /** The parsed image manifest, when there is one. */
  manifest: unknown;
  /** The parsed image config JSON ({} for a dir: source). */
  config: unknown;
  configDigest: string | undefined;
  /** 'os/arch[/variant]' chosen or declared. */
  platform: string | undefined;
  layers: LayerBlob[];
}

/** How to reach a registry (docker:// and bare references). */
export interface RegistryOptions {
  /** --username; with it, `password` (from --password-stdin) wins over the Docker config. */
  username?: string;
  password?: string;
  /** Allow plain HTTP and skip TLS verification (--insecure). */
  insecure?: boolean;
  /** Environment for DOCKER_CONFIG, HOME and the PATH of credential helpers; default process.env. */
  env?: Record<string, string | undefined>;
}

export interface OpenImageOptions extends RegistryOptions {
  /** 'os/arch[/variant]'; default linux/amd64. */
  platform?: string;
  limits?: Limits;
  /** shipshape's cache directory: registry blobs are kept under `blobs/` by digest. None: nothing is cached. */
  cacheDir?: string;
}
