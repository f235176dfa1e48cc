// Composer cataloger: PHP packages installed under vendor/, plus composer.lock files as declared packages.

import { packageSet } from '../package-set.js';
import { purl } from '../purl.js';
import type { Cataloger, FileSource, Unknown } from '../types.js';
import { type ComposerOutcome, parseComposerLock, parseInstalledJson } from './parse-composer.js';

const INSTALLED = ['/**/vendor/composer/installed.json'];
const LOCKS = ['/**/composer.lock'];

/**
 * `pkg:composer/<vendor>/<name>@<version>`, lower-cased as purl-spec requires. A leading `v` before a digit is
 * dropped from the purl's version: Composer normalises `v6.4.3` and `6.4.3` to the same version, and purl-spec's
 * examples and the Packagist advisories in OSV/GHSA write the bare number. The package's own `version` keeps
 * the tag as Composer shows it.
 */
export function composerPurl(name: string, version: string): string {
  const slash = name.indexOf('/');
  return purl('composer', name.slice(0, slash), name.slice(slash + 1), version.replace(/^[vV](?=\d)/, ''));
}

export const composerCataloger: Cataloger = {
  name: 'composer',
  version: 2,
  kind: 'language',
  globs: [...INSTALLED, ...LOCKS],
  catalog(fs: FileSource) {
    const found = packageSet(fs);
    const unknowns: Unknown[] = [];
    const read = (paths: string[], parse: (text: string) => ComposerOutcome, dev: boolean) => {
      for (const path of paths.sort()) {
        const buf = fs.read(path);
        if (!buf) continue;
        const r = parse(buf.toString('utf8'));
        if (!r.ok) {
          unknowns.push({ path, reason: r.reason });
          continue;
        }
        for (const c of r.value) {
          if (c.dev && !dev) continue;
          const purl = composerPurl(c.name, c.version);
          found.add({ name: c.name, version: c.version, type: 'composer', purl, licenses: c.licenses }, path);
        }
      }
    };
    // installed.json lists what vendor/ holds, dev packages included when they were installed: they are there.
    read([...new Set(INSTALLED.flatMap((g) => fs.glob(g)))], parseInstalledJson, true);
    // Packages under vendor/ ship their own development composer.lock: not what the application installs.
    // A lock's packages-dev are left out, as npm lockfiles' dev packages are: an image is built with
    // `composer install --no-dev`, or its installed.json says what was installed.
    read(
      LOCKS.flatMap((g) => fs.glob(g)).filter((p) => !p.includes('/vendor/')),
      parseComposerLock,
      false,
    );
    return { packages: found.packages(), unknowns };
  },
};
