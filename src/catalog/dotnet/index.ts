// .NET cataloger: NuGet packages from the deps.json files `dotnet publish` writes, and packages.lock.json files.
import { purl } from '../purl.js';
import type { Cataloger, FileSource, Package, Unknown } from '../types.js';
import { type NugetOutcome, parseDepsJson, parsePackagesLock } from './parse-deps-json.js';

const DEPS = ['/**/*.deps.json'];
const LOCKS = ['/**/packages.lock.json'];

export const dotnetCataloger: Cataloger = {
  name: 'dotnet',
  version: 1,
  kind: 'language',
  globs: [...DEPS, ...LOCKS],
  catalog(fs: FileSource) {
    const byPurl = new Map<string, Package>();
    const unknowns: Unknown[] = [];
    const read = (globs: string[], parse: (text: string) => NugetOutcome) => {
      for (const path of [...new Set(globs.flatMap((g) => fs.glob(g)))].sort()) {
        const buf = fs.read(path);
        if (!buf) continue;
        const r = parse(buf.toString('utf8'));
        if (!r.ok) {
          unknowns.push({ path, reason: r.reason });
          continue;
        }
        for (const n of r.value) {
          const p = purl('nuget', undefined, n.name, n.version);
          const seen = byPurl.get(p);
          if (seen) {
            if (!seen.locations.includes(path)) seen.locations.push(path);
            continue;
          }
          const layer = fs.layerOf(path);
          byPurl.set(p, {
            name: n.name,
            version: n.version,
            type: 'nuget',
            purl: p,
            ...(layer !== undefined ? { layer } : {}),
            locations: [path],
          });
        }
      }
    };
    read(DEPS, parseDepsJson);
    read(LOCKS, parsePackagesLock);
    return { packages: [...byPurl.values()], unknowns };
  },
};
