// Python cataloger: installed distributions (wheel dist-info and setuptools egg-info).
import { purl } from '../purl.js';
import type { Cataloger, Package, Unknown } from '../types.js';
import { parsePythonMetadata } from './parse-metadata.js';

// Debian's python3-* packages install `Foo-1.0.egg-info` as a single file, hence the third glob.
const GLOBS = ['/**/*.dist-info/METADATA', '/**/*.egg-info/PKG-INFO', '/**/*.egg-info'];

export const pythonCataloger: Cataloger = {
  name: 'python',
  version: 1,
  kind: 'language',
  globs: GLOBS,
  catalog(fs) {
    const packages: Package[] = [];
    const unknowns: Unknown[] = [];
    const seen = new Set<string>();
    for (const path of [...new Set(GLOBS.flatMap((g) => fs.glob(g)))].sort()) {
      const buf = fs.read(path);
      if (!buf) continue;
      const r = parsePythonMetadata(buf.toString('utf8'));
      if (!r.ok) {
        unknowns.push({ path, reason: r.reason });
        continue;
      }
      const { name, version, licenses } = r.value;
      const p = purl('pypi', undefined, name, version);
      const key = `${p}\0${path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const layer = fs.layerOf(path);
      packages.push({
        name,
        version,
        type: 'pypi',
        purl: p,
        ...(licenses.length ? { licenses } : {}),
        ...(layer !== undefined ? { layer } : {}),
        locations: [path],
      });
    }
    return { packages, unknowns };
  },
};
