// Maps an inventoried package to the OSV coordinates its records are filed under: ecosystem, name, version.
import { PackageURL } from 'packageurl-js';
import type { Distro, Package } from '../catalog/types.js';

export interface OsvQuery {
  /** Full OSV ecosystem, with the release where records carry one (`Debian:12`, `Alpine:v3.20`, `npm`). */
  ecosystem: string;
  name: string;
  version: string;
}

/** Distributions whose OSV feeds write the epoch into versions (`1:5.1-7`): osv-matching.md (c). */
const RPM_EPOCH_IN_VERSION = /^(Red Hat|Rocky Linux|AlmaLinux)(:|$)/;

const LANGUAGE: Partial<Record<Package['type'], string>> = {
  npm: 'npm',
  pypi: 'PyPI',
  golang: 'Go',
  maven: 'Maven',
  gem: 'RubyGems',
  cargo: 'crates.io',
  nuget: 'NuGet',
  composer: 'Packagist',
};

function purlParts(
  purl: string,
): { namespace: string | undefined; name: string; qualifiers: Record<string, string> } | undefined {
  try {
    const p = PackageURL.fromString(purl);
    return {
      namespace: p.namespace ?? undefined,
      name: p.name,
      qualifiers: (p.qualifiers ?? {}) as Record<string, string>,
    };
  } catch {
    return undefined;
  }
}

/**
 * Where the package's vulnerabilities are filed, or undefined when no OSV ecosystem covers it (an OS package on
 * an unknown distribution, a Go main module built as `(devel)`).
 * - dpkg by source package and source version (a binNMU `+b1` binary matches through its source);
 * - apk by origin; rpm by binary name, with `epoch:` for Red Hat, Rocky and Alma;
 * - languages by their registry name: Maven `group:artifact`, Packagist `vendor/name`, Go module path without `v`.
 */
export function osvQueryOf(pkg: Package, distro: Distro | undefined): OsvQuery | undefined {
  switch (pkg.type) {
    case 'deb':
    case 'apk': {
      if (!distro?.ecosystem) return undefined;
      const name = pkg.source?.name ?? pkg.name;
      const version = pkg.type === 'deb' ? (pkg.source?.version ?? pkg.version) : pkg.version;
      return { ecosystem: distro.ecosystem, name, version };
    }
    case 'rpm': {
      if (!distro?.ecosystem) return undefined;
      const q = purlParts(pkg.purl)?.qualifiers ?? {};
      const epoch = q.epoch && q.epoch !== '0' ? q.epoch : undefined;
      // The cataloger may already show the epoch in the version; the purl's qualifier is the one truth.
      const bare = pkg.version.replace(/^\d+:/, '');
      const version = epoch && RPM_EPOCH_IN_VERSION.test(distro.ecosystem) ? `${epoch}:${bare}` : bare;
      return { ecosystem: distro.ecosystem, name: pkg.name, version };
    }
    default: {
      const ecosystem = LANGUAGE[pkg.type];
      if (!ecosystem) return undefined;
      const parts = purlParts(pkg.purl);
      let name = pkg.name;
      if (pkg.type === 'maven' && parts?.namespace) name = `${parts.namespace}:${parts.name}`;
      if (pkg.type === 'composer' && parts?.namespace) name = `${parts.namespace}/${parts.name}`;
      if (pkg.type === 'golang') {
        if (parts) name = parts.namespace ? `${parts.namespace}/${parts.name}` : parts.name;
        if (pkg.version === '(devel)' || pkg.version === '') return undefined;
        return { ecosystem, name, version: pkg.version.replace(/^v/, '').replace(/\+incompatible$/, '') };
      }
      return { ecosystem, name, version: pkg.version };
    }
  }
}
