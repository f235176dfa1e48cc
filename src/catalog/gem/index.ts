// RubyGems cataloger: installed gem specifications, plus Gemfile.lock files as declared gems.

import { packageSet } from '../package-set.js';
import { purl } from '../purl.js';
import type { Cataloger, FileSource, Unknown } from '../types.js';
import { parseGemfileLock } from './parse-gemfile-lock.js';
import { parseGemspec } from './parse-gemspec.js';

// `default/` holds the gems bundled with Ruby itself (json, uri, net-imap...), which have advisories of their own.
const SPECS = ['/**/specifications/*.gemspec', '/**/specifications/default/*.gemspec'];
const LOCKS = ['/**/Gemfile.lock'];
// A lockfile inside an installed gem (`gems/rack-3.0.8/Gemfile.lock`) is that gem's development setup.
const INSIDE_GEM_RE = /\/gems\/[^/]+-\d[^/]*\//;

export function gemPurl(name: string, version: string, platform?: string): string {
  return purl('gem', undefined, name, version, { platform });
}

export const gemCataloger: Cataloger = {
  name: 'gem',
  version: 1,
  kind: 'language',
  globs: [...SPECS, ...LOCKS],
  catalog(fs: FileSource) {
    const found = packageSet(fs);
    const unknowns: Unknown[] = [];
    const add = (
      name: string,
      version: string,
      platform: string | undefined,
      licenses: string[],
      path: string,
    ) => {
      found.add({ name, version, type: 'gem', purl: gemPurl(name, version, platform), licenses }, path);
    };
    for (const path of [...new Set(SPECS.flatMap((g) => fs.glob(g)))].sort()) {
      const buf = fs.read(path);
      if (!buf) continue;
      const r = parseGemspec(buf.toString('utf8'));
      if (!r.ok) unknowns.push({ path, reason: r.reason });
      else add(r.value.name, r.value.version, r.value.platform, r.value.licenses, path);
    }
    const locks = LOCKS.flatMap((g) => fs.glob(g)).filter((p) => !INSIDE_GEM_RE.test(p));
    for (const path of locks.sort()) {
      const buf = fs.read(path);
      if (!buf) continue;
      const r = parseGemfileLock(buf.toString('utf8'));
      if (!r.ok) unknowns.push({ path, reason: r.reason });
      else for (const g of r.value) add(g.name, g.version, g.platform, [], path);
    }
    return { packages: found.packages(), unknowns };
  },
};
