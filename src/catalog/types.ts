// Shapes shared by every cataloger: the filesystem they read, the packages and unknowns they return.

/**
 * A read-only view of an image's squashed filesystem. Paths are absolute (`/var/lib/dpkg/status`). The image
 * reader implements it over layers; tests use `memorySource`.
 */
export interface FileSource {
  /** The file's content, or null when it is absent, not a regular file, or over the size cap. */
  read(path: string): Buffer | null;
  /** Regular files matching a glob (`*` within a segment, `**` any number of segments), sorted. */
  glob(pattern: string): string[];
  /** Index of the layer the file's current content came from. */
  layerOf(path: string): number | undefined;
  /**
   * The path with every symlink in it resolved inside the image (merged /usr: `/bin/ls` → `/usr/bin/ls`);
   * the path itself when nothing resolves. Absent on sources without symlinks.
   */
  realpath?(path: string): string;
  /**
   * What an extractor (see `Extractor`) kept from files still present in the squashed image, by path, sorted.
   * A file replaced or deleted by a later layer is not listed.
   */
  extracted(extractorId: string): { path: string; data: Buffer }[];
}

/** Receives one file's bytes in order and keeps only what it needs: its memory stays bounded whatever the file size. */
export interface ExtractorSink {
  write(chunk: Buffer): void;
  /** A small result (e.g. the embedded build info), or undefined when the file holds nothing of interest. */
  end(): Buffer | undefined;
}

/**
 * Reads facts out of files no glob can name in advance, such as executables anywhere in the image (Go build info,
 * `cargo auditable` data). The image reader streams each regular file the extractor accepts through a sink, once,
 * while the layer passes by; the file is never held whole in memory.
 */
export interface Extractor {
  /** Names the results: FileSource.extracted(id). Unique across catalogers. */
  id: string;
  /**
   * Decides, cheaply, from the entry and its first bytes (up to 64, fewer only for shorter files) whether to stream
   * the file through a sink. Called for every regular file of at least 16 bytes.
   */
  accepts(path: string, size: number, mode: number, head: Buffer): boolean;
  open(path: string, size: number): ExtractorSink;
  /**
   * ELF sections the extractor reads from. A reader that can seek (a local uncompressed layer) reads an accepted
   * ELF file's section table first and skips the extractor when the table names none of these; a file whose table
   * cannot be read that way is streamed as usual.
   */
  elfSections?: readonly string[];
}

/** purl types (SPEC: package `type`). */
export type PackageType =
  | 'deb'
  | 'apk'
  | 'rpm'
  | 'npm'
  | 'pypi'
  | 'golang'
  | 'maven'
  | 'gem'
  | 'cargo'
  | 'nuget'
  | 'composer';

export interface Package {
  name: string;
  version: string;
  type: PackageType;
  purl: string;
  /** The source package (dpkg Source, apk origin, rpm SOURCERPM); vulnerability matching uses it. */
  source?: { name: string; version?: string };
  /** License strings as declared (SPDX expressions where the ecosystem uses them). */
  licenses?: string[];
  /** Layer that added the package, when known. */
  layer?: number;
  /** Files the package was read from (database, manifest or lockfile). */
  locations: string[];
}

/** A file a cataloger could not read: reported, never fatal. */
export interface Unknown {
  path: string;
  reason: string;
}

/** The operating system of the image, with the names the vulnerability matcher and purls need. */
export interface Distro {
  /** os-release ID (`debian`, `ubuntu`, `alpine`, `rocky`, ...). */
  id: string;
  /** os-release VERSION_ID, or what a fallback file gives (`12`, `22.04`, `3.20.3`). */
  versionId?: string;
  versionCodename?: string;
  prettyName?: string;
  /** OSV ecosystem (`Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.20`, `Wolfi`); absent when unmapped. */
  ecosystem?: string;
  /** purl namespace for OS packages (`debian`, `ubuntu`, `alpine`, `wolfi`, ...). */
  purlNamespace: string;
  /** purl `distro` qualifier (`debian-12`, `alpine-3.20`); absent when the version is unknown. */
  purlDistro?: string;
  /** The file the distro was read from. */
  foundIn: string;
}

export interface CatalogContext {
  distro?: Distro;
}

export interface CatalogResult {
  packages: Package[];
  unknowns: Unknown[];
  /** Files owned by OS packages: language packages found only at these paths are not reported again. */
  ownedFiles?: string[];
}

export interface Cataloger {
  name: string;
  /** Bumped whenever the output for the same input changes (cached results are keyed by it). */
  version: number;
  /** OS package catalogers own files; language catalogers' packages are dropped when their files are owned. */
  kind: 'os' | 'language';
  /** Files the cataloger may read, declared before any content is read. */
  globs: string[];
  /** Streaming extractors for files found by content rather than by path. */
  extractors?: Extractor[];
  catalog(fs: FileSource, ctx: CatalogContext): CatalogResult;
}
