// apk cataloger: Alpine, Wolfi and Chainguard installed databases.
import { purl } from '../purl.js';
import type { Cataloger, Package, Unknown } from '../types.js';
import { parseApkInstalled } from './parse-installed.js';

const INSTALLED = '/lib/apk/db/installed';

export const apkCataloger: Cataloger = {
  name: 'apk',
  version: 1,
  kind: 'os',
  globs: [INSTALLED],
  catalog(fs, ctx) {
    const buf = fs.read(INSTALLED);
    if (!buf) return { packages: [], unknowns: [] };
    const unknowns: Unknown[] = [];
    const { entries, errors } = parseApkInstalled(buf.toString('utf8'));
    if (errors.length > 0) {
      const first = errors[0]!;
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more problems)` : '';
      unknowns.push({ path: INSTALLED, reason: `line ${first.line}: ${first.message}${more}` });
    }
    const namespace = ctx.distro?.purlNamespace ?? 'alpine';
    const layer = fs.layerOf(INSTALLED);
    const packages: Package[] = entries.map((e) => ({
      name: e.name,
      version: e.version,
      type: 'apk',
      purl: purl('apk', namespace, e.name, e.version, { arch: e.arch, distro: ctx.distro?.purlDistro }),
      // OSV's Alpine records are keyed by origin (the aport), not by the subpackage name.
      source: { name: e.origin ?? e.name, version: e.version },
      ...(e.license ? { licenses: [e.license] } : {}),
      ...(layer !== undefined ? { layer } : {}),
      locations: [INSTALLED],
    }));
    return { packages, unknowns, ownedFiles: entries.flatMap((e) => e.files) };
  },
};
