// The cataloger registry and catalogAll: OS detection, then every cataloger, then OS-ownership de-duplication.
import { apkCataloger } from './apk/index.js';
import { composerCataloger } from './composer/index.js';
import { dotnetCataloger } from './dotnet/index.js';
import { dpkgCataloger } from './dpkg/index.js';
import { gemCataloger } from './gem/index.js';
import { goBinaryCataloger } from './go-binary/index.js';
import { javaCataloger } from './java/index.js';
import { npmCataloger } from './npm/index.js';
import { detectDistro, OS_GLOBS } from './os/index.js';
import { pythonCataloger } from './python/index.js';
import { rpmCataloger } from './rpm/index.js';
import { rustCataloger } from './rust/index.js';
import type { Cataloger, Distro, Extractor, FileSource, Package, Unknown } from './types.js';

export { memorySource, runExtractor } from './memory-source.js';
export { detectDistro, OS_GLOBS } from './os/index.js';
export type {
  CatalogContext,
  Cataloger,
  CatalogResult,
  Distro,
  Extractor,
  ExtractorSink,
  FileSource,
  Package,
  Unknown,
} from './types.js';

/** Every cataloger, OS package databases first, then languages (sorted by name within each). */
export const CATALOGERS: readonly Cataloger[] = [
  apkCataloger,
  dpkgCataloger,
  rpmCataloger,
  composerCataloger,
  dotnetCataloger,
  gemCataloger,
  goBinaryCataloger,
  javaCataloger,
  npmCataloger,
  pythonCataloger,
  rustCataloger,
];

export interface Inventory {
  distro?: Distro;
  packages: Package[];
  unknowns: Unknown[];
}

/**
 * The image's packages. Language packages whose files all belong to an OS package (Debian's python3-yaml
 * egg-info, node-* packages under /usr/share/nodejs) are reported once, as the OS package.
 */
export function catalogAll(fs: FileSource, catalogers: readonly Cataloger[] = CATALOGERS): Inventory {
  const { distro, unknowns } = detectDistro(fs);
  const ctx = distro ? { distro } : {};
  const owned = new Set<string>();
  const os: Package[] = [];
  const language: Package[] = [];
  // Compared after resolving symlinks (on a merged-/usr image dpkg lists /bin/x while the file is /usr/bin/x),
  // one directory at a time: tens of thousands of owned files sit in a few thousand directories.
  const dirs = new Map<string, string>();
  const real = (p: string): string => {
    if (!fs.realpath) return p;
    const slash = p.lastIndexOf('/');
    const dir = p.slice(0, slash) || '/';
    let r = dirs.get(dir);
    if (r === undefined) {
      r = fs.realpath(dir);
      dirs.set(dir, r);
    }
    return (r === '/' ? '' : r) + p.slice(slash);
  };
  // Resolving tens of thousands of owned paths is the costly part, and language catalogers ask about a few
  // names (package.json, METADATA...): owned paths are grouped by base name (which resolving keeps) once every
  // OS cataloger has run (they run first), and a name's group is resolved when a path with that name is asked.
  let byBase: Map<string, string[]> | undefined;
  const realByBase = new Map<string, Set<string>>();
  const isOwned = (p: string) => {
    if (owned.has(p)) return true;
    if (!byBase) {
      byBase = new Map();
      for (const o of owned) {
        const base = o.slice(o.lastIndexOf('/') + 1);
        const group = byBase.get(base);
        if (group) group.push(o);
        else byBase.set(base, [o]);
      }
    }
    const base = p.slice(p.lastIndexOf('/') + 1);
    let reals = realByBase.get(base);
    if (!reals) {
      reals = new Set((byBase.get(base) ?? []).map(real));
      realByBase.set(base, reals);
    }
    return reals.size > 0 && reals.has(real(p));
  };
  // Language catalogers do not see files an OS package owns: they would only find what the OS package reports.
  const unowned: FileSource = {
    ...fs,
    glob: (pattern) => fs.glob(pattern).filter((p) => !isOwned(p)),
    extracted: (id) => fs.extracted(id).filter((e) => !isOwned(e.path)),
  };
  const ordered = [
    ...catalogers.filter((c) => c.kind === 'os'),
    ...catalogers.filter((c) => c.kind !== 'os'),
  ];
  for (const c of ordered) {
    const r = c.catalog(c.kind === 'os' ? fs : unowned, ctx);
    unknowns.push(...r.unknowns);
    if (c.kind === 'os') {
      os.push(...r.packages);
      for (const f of r.ownedFiles ?? []) owned.add(f);
    } else {
      language.push(...r.packages);
    }
  }
  const kept = language.filter((p) => !p.locations.every(isOwned));
  const packages = [...os, ...kept].sort(
    (a, b) =>
      cmp(a.type, b.type) ||
      cmp(a.name, b.name) ||
      cmp(a.version, b.version) ||
      cmp(a.locations[0], b.locations[0]),
  );
  unknowns.sort((a, b) => cmp(a.path, b.path) || cmp(a.reason, b.reason));
  return { ...(distro ? { distro } : {}), packages, unknowns };
}

function cmp(a: string | undefined, b: string | undefined): number {
  return a === b ? 0 : (a ?? '') < (b ?? '') ? -1 : 1;
}

/** All globs any cataloger (or OS detection) may read: the image reader keeps only these files' contents. */
export function catalogGlobs(catalogers: readonly Cataloger[] = CATALOGERS): string[] {
  return [...new Set([...OS_GLOBS, ...catalogers.flatMap((c) => c.globs)])];
}

/** Every cataloger's content extractors (files found by what they hold, not where they are). */
export function catalogExtractors(catalogers: readonly Cataloger[] = CATALOGERS): Extractor[] {
  return catalogers.flatMap((c) => c.extractors ?? []);
}
