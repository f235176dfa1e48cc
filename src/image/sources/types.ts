// The one interface every image source (archive, layout, directory, later registry) implements.
import type { Readable } from 'node:stream';
import type { Limits } from '../../core/limits.js';

export type Transport = 'docker-archive' | 'oci-archive' | 'oci' | 'dir';

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

export interface OpenImageOptions {
  /** 'os/arch[/variant]'; default linux/amd64. */
  platform?: string;
  limits?: Limits;
}
