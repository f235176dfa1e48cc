// One cataloger's packages keyed by purl: a package found again (in another lockfile, another copy) gains a
// location instead of being reported twice; the first finding's layer and licenses stand.
import type { FileSource, Package } from './types.js';

export type PackageFacts = Pick<Package, 'name' | 'version' | 'type' | 'purl'> & { licenses?: string[] };

export function packageSet(fs: FileSource) {
  const byPurl = new Map<string, Package>();
  return {
    add(facts: PackageFacts, path: string): void {
      const seen = byPurl.get(facts.purl);
      if (seen) {
        if (!seen.locations.includes(path)) seen.locations.push(path);
        return;
      }
      const { licenses, ...rest } = facts;
      const layer = fs.layerOf(path);
      byPurl.set(facts.purl, {
        ...rest,
        ...(licenses?.length ? { licenses } : {}),
        ...(layer !== undefined ? { layer } : {}),
        locations: [path],
      });
    },
    packages: (): Package[] => [...byPurl.values()],
  };
}
