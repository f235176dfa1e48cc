// Java cataloger: Maven artifacts in jar/war/ear (and Jenkins, JBoss, NiFi) archives, nested ones included.
import { purl } from '../purl.js';
import type { Cataloger, Package, Unknown } from '../types.js';
import { JAVA_ARCHIVE_EXTENSIONS, JAVA_ARCHIVE_LIMITS, parseJavaArchive } from './parse-archive.js';

const GLOBS = [`/**/*.{${JAVA_ARCHIVE_EXTENSIONS.join(',')}}`];

/**
 * `pkg:maven/<groupId>/<artifactId>@<version>`. purl requires a Maven namespace; an archive whose metadata names
 * no group gets its artifact name as the group, the convention Syft uses, so such purls stay comparable.
 */
export function mavenPurl(groupId: string | undefined, artifactId: string, version: string): string {
  return purl('maven', groupId ?? artifactId, artifactId, version);
}

export const javaCataloger: Cataloger = {
  name: 'java',
  version: 1,
  kind: 'language',
  globs: GLOBS,
  catalog(fs) {
    const byPurl = new Map<string, Package>();
    const unknowns: Unknown[] = [];
    for (const path of [...new Set(GLOBS.flatMap((g) => fs.glob(g)))].sort()) {
      const buf = fs.read(path);
      if (!buf) continue;
      const r = parseJavaArchive(buf, path, JAVA_ARCHIVE_LIMITS);
      unknowns.push(...r.unknowns);
      for (const j of r.packages) {
        const p = mavenPurl(j.groupId, j.artifactId, j.version);
        const seen = byPurl.get(p);
        if (seen) {
          if (!seen.locations.includes(j.location)) seen.locations.push(j.location);
          if (!seen.licenses && j.licenses.length) seen.licenses = j.licenses;
          continue;
        }
        const layer = fs.layerOf(path);
        byPurl.set(p, {
          // OSV and the Maven ecosystem name an artifact `groupId:artifactId`.
          name: j.groupId ? `${j.groupId}:${j.artifactId}` : j.artifactId,
          version: j.version,
          type: 'maven',
          purl: p,
          ...(j.licenses.length ? { licenses: j.licenses } : {}),
          ...(layer !== undefined ? { layer } : {}),
          locations: [j.location],
        });
      }
    }
    return { packages: [...byPurl.values()], unknowns };
  },
};
