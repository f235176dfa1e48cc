// npm cataloger: installed node_modules packages, plus npm, yarn and pnpm lockfiles as declared packages.

import { packageSet } from '../package-set.js';
import { purl } from '../purl.js';
import type { Cataloger, FileSource, Unknown } from '../types.js';
import { parsePackageJson } from './parse-package-json.js';
import { parsePackageLock } from './parse-package-lock.js';
import { parsePnpmLock } from './parse-pnpm-lock.js';
import { parseYarnLock } from './parse-yarn-lock.js';

// `*` for the package folder keeps nested package.json markers (`dist/esm/package.json`) out.
const INSTALLED = ['/**/node_modules/*/package.json', '/**/node_modules/@*/*/package.json'];
const LOCKFILES = ['/**/package-lock.json', '/**/npm-shrinkwrap.json'];
const YARN_LOCKS = ['/**/yarn.lock'];
const PNPM_LOCKS = ['/**/pnpm-lock.yaml'];

export function npmPurl(name: string, version: string): string {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  return slash > 0
    ? purl('npm', name.slice(0, slash), name.slice(slash + 1), version)
    : purl('npm', undefined, name, version);
}

export const npmCataloger: Cataloger = {
  name: 'npm',
  version: 2,
  kind: 'language',
  globs: [...INSTALLED, ...LOCKFILES, ...YARN_LOCKS, ...PNPM_LOCKS],
  catalog(fs: FileSource) {
    const found = packageSet(fs);
    const unknowns: Unknown[] = [];
    const add = (name: string, version: string, licenses: string[], path: string) => {
      found.add({ name, version, type: 'npm', purl: npmPurl(name, version), licenses }, path);
    };
    const installed = [...new Set(INSTALLED.flatMap((g) => fs.glob(g)))].sort();
    for (const path of installed) {
      const buf = fs.read(path);
      if (!buf) continue;
      const r = parsePackageJson(buf.toString('utf8'));
      if (r.ok === false) unknowns.push({ path, reason: r.reason });
      else if (r.ok === true) add(r.value.name, r.value.version, r.value.licenses, path);
    }
    const locks = LOCKFILES.flatMap((g) => fs.glob(g)).filter((p) => !p.includes('/node_modules/'));
    for (const path of locks.sort()) {
      const buf = fs.read(path);
      if (!buf) continue;
      const r = parsePackageLock(buf.toString('utf8'));
      if (r.ok === false) unknowns.push({ path, reason: r.reason });
      else if (r.ok === true) for (const p of r.value) add(p.name, p.version, p.licenses, path);
    }
    const yarnLocks = YARN_LOCKS.flatMap((g) => fs.glob(g)).filter((p) => !p.includes('/node_modules/'));
    for (const path of yarnLocks.sort()) {
      const buf = fs.read(path);
      if (!buf) continue;
      const r = parseYarnLock(buf.toString('utf8'));
      if (r.ok === false) unknowns.push({ path, reason: r.reason });
      else if (r.ok === true) for (const p of r.value) add(p.name, p.version, [], path);
    }
    const pnpmLocks = PNPM_LOCKS.flatMap((g) => fs.glob(g)).filter((p) => !p.includes('/node_modules/'));
    for (const path of pnpmLocks.sort()) {
      const buf = fs.read(path);
      if (!buf) continue;
      const r = parsePnpmLock(buf.toString('utf8'));
      if (r.ok === false) unknowns.push({ path, reason: r.reason });
      else if (r.ok === true) for (const p of r.value) add(p.name, p.version, [], path);
    }
    return { packages: found.packages(), unknowns };
  },
};
