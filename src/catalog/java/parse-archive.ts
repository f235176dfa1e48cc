// Java archives (jar, war, ear, Jenkins plugins...): Maven coordinates from pom.properties, else the manifest and
// file name, recursing into the archives they bundle, under a budget per top-level file.
import type { Unknown } from '../types.js';
import { bundleLicenses, parseManifest } from './parse-manifest.js';
import { parsePomProperties } from './parse-pom-properties.js';
import { readZipDirectory, readZipEntry, type ZipEntry } from './zip.js';

export interface JavaPackageInfo {
  /** Absent when neither pom.properties nor the manifest names one. */
  groupId?: string;
  artifactId: string;
  version: string;
  licenses: string[];
  /** The archive: its image path, then `:entry` for each level of nesting (`/app.war:WEB-INF/lib/a.jar`). */
  location: string;
}

export interface JavaArchiveLimits {
  /** Most entries in one archive's central directory. */
  maxEntries: number;
  /** Most levels of archives inside archives below the file in the image. */
  maxDepth: number;
  /** Most nested archives opened under one file in the image. */
  maxArchives: number;
  /** Most uncompressed bytes taken from all entries (nested archives included) under one file in the image. */
  maxBytes: number;
  /** Largest MANIFEST.MF or pom.properties read. */
  maxMetadataBytes: number;
}

export const JAVA_ARCHIVE_LIMITS: Readonly<JavaArchiveLimits> = Object.freeze({
  maxEntries: 100_000,
  maxDepth: 4,
  maxArchives: 10_000,
  maxBytes: 256 * 1024 * 1024,
  maxMetadataBytes: 1024 * 1024,
});

/** Extensions of the zip-based archives the Java ecosystem ships (also the cataloger's globs). */
export const JAVA_ARCHIVE_EXTENSIONS = ['jar', 'war', 'ear', 'jpi', 'hpi', 'par', 'sar', 'nar'] as const;

const ARCHIVE_RE = new RegExp(`\\.(?:${JAVA_ARCHIVE_EXTENSIONS.join('|')})$`, 'i');
const POM_PROPERTIES_RE = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;
const MANIFEST = 'meta-inf/manifest.mf';
const REVERSE_DOMAIN_RE = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+$/;

/** The archive itself, from its manifest and file name, when both a name and a version can be found. */
function ownPackage(
  manifest: Map<string, string>,
  file: { name: string; version?: string },
  licenses: string[],
  location: string,
): JavaPackageInfo | undefined {
  const name =
    file.name ||
    manifest.get('bundle-symbolicname')?.split(';')[0]?.trim() ||
    manifest.get('implementation-title') ||
    manifest.get('specification-title');
  const version =
    file.version ||
    manifest.get('implementation-version') ||
    manifest.get('bundle-version') ||
    manifest.get('specification-version');
  if (!name || !version) return undefined;
  const vendorId = manifest.get('implementation-vendor-id');
  return {
    ...(vendorId && REVERSE_DOMAIN_RE.test(vendorId) ? { groupId: vendorId } : {}),
    artifactId: name,
    version,
    licenses,
    location,
  };
}

export interface JavaArchiveResult {
  packages: JavaPackageInfo[];
  unknowns: Unknown[];
}

interface Budget {
  bytes: number;
  archives: number;
  /** Set once a whole-file limit is hit, so it is reported once and nothing more is opened. */
  exhausted?: string;
}

/**
 * `commons-lang3-3.12.0.jar` → name and version: the version starts at the first `-` followed by a digit. Names
 * with such a part of their own (`log4j-1.2-api-2.17.1`) split early; Maven-built jars carry pom.properties,
 * so only jars without any fall back to this.
 */
export function splitArchiveFileName(fileName: string): { name: string; version?: string } {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1).replace(ARCHIVE_RE, '');
  for (let i = 1; i < base.length - 1; i++) {
    if (base[i] === '-' && base.charCodeAt(i + 1) >= 48 && base.charCodeAt(i + 1) <= 57)
      return { name: base.slice(0, i), version: base.slice(i + 1) };
  }
  return { name: base };
}

/** Packages in one archive from the image, and in every archive nested in it. */
export function parseJavaArchive(
  buf: Buffer,
  path: string,
  limits: JavaArchiveLimits = JAVA_ARCHIVE_LIMITS,
): JavaArchiveResult {
  const out: JavaArchiveResult = { packages: [], unknowns: [] };
  const budget: Budget = { bytes: 0, archives: 0 };
  visit(buf, path, path, 0, limits, budget, out);
  if (budget.exhausted) out.unknowns.push({ path, reason: budget.exhausted });
  return out;
}

function visit(
  buf: Buffer,
  location: string,
  fileName: string,
  depth: number,
  limits: JavaArchiveLimits,
  budget: Budget,
  out: JavaArchiveResult,
): void {
  const dir = readZipDirectory(buf, { maxEntries: limits.maxEntries });
  if (!dir.ok) {
    out.unknowns.push({ path: location, reason: `corrupt or unreadable archive: ${dir.reason}` });
    return;
  }
  const entries = dir.value;
  const read = (e: ZipEntry, limit: 'maxMetadataBytes' | 'maxBytes'): Buffer | undefined => {
    const max = limits[limit];
    if (budget.exhausted) return undefined;
    if (e.uncompressedSize > max) {
      out.unknowns.push({
        path: location,
        reason: `${e.name}: ${e.uncompressedSize} bytes uncompressed exceed the limit of ${max} (${limit})`,
      });
      return undefined;
    }
    if (budget.bytes + e.uncompressedSize > limits.maxBytes) {
      budget.exhausted = `stopped reading nested archives and metadata after ${budget.bytes} bytes: the next entry would pass the limit of ${limits.maxBytes} uncompressed bytes per file (maxBytes)`;
      return undefined;
    }
    const r = readZipEntry(buf, e, max);
    if (!r.ok) {
      out.unknowns.push({ path: location, reason: `${e.name}: ${r.reason}` });
      return undefined;
    }
    budget.bytes += r.value.length;
    return r.value;
  };

  const manifestEntry = entries.find((e) => e.name.toLowerCase() === MANIFEST);
  const manifestBuf = manifestEntry ? read(manifestEntry, 'maxMetadataBytes') : undefined;
  const manifest = manifestBuf ? parseManifest(manifestBuf) : new Map<string, string>();
  const licenses = bundleLicenses(manifest.get('bundle-license'));
  const file = splitArchiveFileName(fileName);

  const poms: JavaPackageInfo[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    if (!POM_PROPERTIES_RE.test(e.name)) continue;
    const data = read(e, 'maxMetadataBytes');
    // Properties files are ISO-8859-1 (non-Latin characters are \u escapes).
    const pom = data ? parsePomProperties(data.toString('latin1')) : undefined;
    if (!pom) continue;
    const key = `${pom.groupId}:${pom.artifactId}:${pom.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    poms.push({ ...pom, licenses: [], location });
  }
  const own = ownPackage(manifest, file, licenses, location);
  if (poms.length === 0) {
    if (own) out.packages.push(own);
  } else {
    // Shaded jars carry the pom.properties of what they bundle; the manifest tells which one is the archive itself.
    const bsn = manifest.get('bundle-symbolicname')?.split(';')[0]?.trim();
    const titles = [file.name, manifest.get('bundle-name'), manifest.get('implementation-title')];
    const isOwn = (p: JavaPackageInfo) =>
      titles.includes(p.artifactId) ||
      (bsn !== undefined &&
        (bsn === p.groupId || bsn === `${p.groupId}.${p.artifactId}` || bsn.endsWith(`.${p.artifactId}`)));
    const hasIdentity = !!(file.version || bsn || titles[1] || titles[2]);
    let main = poms.find(isOwn);
    // Renamed jars (Debian's maven3-core.jar is maven-core): the pom.properties with the archive's version is it.
    const sameVersion = main || !own ? [] : poms.filter((p) => p.version === own.version);
    if (!main && sameVersion.length === 1) main = sameVersion[0];
    if (!main && !hasIdentity && poms.length === 1) main = poms[0];
    if (main) main.licenses = licenses;
    out.packages.push(...poms);
    // A jar that only shades others (Debian's guice.jar holds cglib's pom.properties) is still a package itself.
    if (!main && hasIdentity && own && sameVersion.length === 0) out.packages.push(own);
  }

  const nested = entries.filter((e) => ARCHIVE_RE.test(e.name) && !e.name.endsWith('/'));
  if (nested.length === 0) return;
  if (depth >= limits.maxDepth) {
    out.unknowns.push({
      path: location,
      reason: `${nested.length} nested archives not read: nested deeper than ${limits.maxDepth} levels (maxDepth)`,
    });
    return;
  }
  for (const e of nested.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (budget.exhausted) return;
    if (++budget.archives > limits.maxArchives) {
      budget.exhausted = `stopped after ${limits.maxArchives} nested archives (maxArchives)`;
      return;
    }
    const data = read(e, 'maxBytes');
    if (data) visit(data, `${location}:${e.name}`, e.name, depth + 1, limits, budget, out);
  }
}
