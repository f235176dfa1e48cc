// .NET cataloger: NuGet packages from the deps.json files `dotnet publish` writes, and packages.lock.json files.

import { packageSet } from '../package-set.js';
import { purl } from '../purl.js';
import type { Cataloger, FileSource, Unknown } from '../types.js';
import { type NugetOutcome, parseDepsJson, parsePackagesLock } from './parse-deps-json.js';

const DEPS = ['/**/*.deps.json'];
const LOCKS = ['/**/packages.lock.json'];

export const dotnetCataloger: Cataloger = {
  name: 'dotnet',
  version: 1,
  kind: 'language',
  globs: [...DEPS, ...LOCKS],
  catalog(fs: FileSource) {
    const found = packageSet(fs);
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
          found.add({ name: n.name, version: n.version, type: 'nuget', purl: p }, path);
        }
      }
    };
    read(DEPS, parseDepsJson);
    read(LOCKS, parsePackagesLock);
    return { packages: found.packages(), unknowns };
  },
};
