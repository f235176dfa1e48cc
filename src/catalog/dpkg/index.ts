// dpkg cataloger: /var/lib/dpkg/status, distroless status.d/*, and the file lists that give ownership and layer.
import { purl } from '../purl.js';
import type { Cataloger, CatalogResult, Package, Unknown } from '../types.js';
import { type DpkgEntry, isInstalled, parseDpkgStatus, parseFileList } from './parse-status.js';

const STATUS = '/var/lib/dpkg/status';
const STATUS_D = '/var/lib/dpkg/status.d/*';
const INFO_LIST = '/var/lib/dpkg/info/*.list';

export const dpkgCataloger: Cataloger = {
  name: 'dpkg',
  version: 1,
  kind: 'os',
  globs: [STATUS, STATUS_D, INFO_LIST],
  catalog(fs, ctx) {
    const packages: Package[] = [];
    const unknowns: Unknown[] = [];
    const owned: string[] = [];
    const distro = ctx.distro;
    const namespace = distro?.purlNamespace === 'ubuntu' ? 'ubuntu' : 'debian';

    const toPackage = (e: DpkgEntry, location: string, layer: number | undefined): Package => ({
      name: e.name,
      version: e.version,
      type: 'deb',
      purl: purl('deb', namespace, e.name, e.version, { arch: e.architecture, distro: distro?.purlDistro }),
      source: { name: e.sourceName, version: e.sourceVersion },
      ...(layer !== undefined ? { layer } : {}),
      locations: [location],
    });

    const readDb = (path: string, statusRequired: boolean): DpkgEntry[] | undefined => {
      const buf = fs.read(path);
      if (!buf) return undefined;
      const { entries, errors } = parseDpkgStatus(buf.toString('utf8'));
      if (errors.length > 0) {
        const first = errors[0]!;
        const more = errors.length > 1 ? ` (and ${errors.length - 1} more problems)` : '';
        unknowns.push({ path, reason: `line ${first.line}: ${first.message}${more}` });
      }
      // distroless status.d files are control files of installed packages: they carry no Status field.
      return entries.filter((e) =>
        statusRequired ? isInstalled(e.status) : e.status === undefined || isInstalled(e.status),
      );
    };

    const lists = new Set(fs.glob(INFO_LIST));
    const listOf = (e: DpkgEntry) =>
      [`/var/lib/dpkg/info/${e.name}:${e.architecture}.list`, `/var/lib/dpkg/info/${e.name}.list`].find((p) =>
        lists.has(p),
      );

    for (const e of readDb(STATUS, true) ?? []) {
      const list = listOf(e);
      // The list file is rewritten when the package is installed or upgraded; the status file on every change.
      const layer = (list ? fs.layerOf(list) : undefined) ?? fs.layerOf(STATUS);
      packages.push(toPackage(e, STATUS, layer));
      if (list) owned.push(...parseFileList(fs.read(list)?.toString('utf8') ?? '', 'list'));
    }

    for (const path of fs.glob(STATUS_D)) {
      if (path.endsWith('.md5sums')) {
        owned.push(...parseFileList(fs.read(path)?.toString('utf8') ?? '', 'md5sums'));
        continue;
      }
      const entries = readDb(path, false);
      if (entries === undefined) continue;
      if (entries.length === 0 && !unknowns.some((u) => u.path === path)) {
        unknowns.push({ path, reason: 'no installed package in the file' });
      }
      for (const e of entries) packages.push(toPackage(e, path, fs.layerOf(path)));
    }
    const result: CatalogResult = { packages, unknowns, ownedFiles: owned };
    return result;
  },
};
