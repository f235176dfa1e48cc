// OSV ecosystem strings split into base and release, and package names keyed the way each ecosystem compares them.

export interface EcosystemParts {
  /** The ecosystem without its suffix: `Debian`, `Alpine`, `Red Hat`, `npm`. */
  base: string;
  /** Everything after the first `:` (`12`, `v3.19`, `Pro:14.04:LTS`, `enterprise_linux:9::baseos`), or ''. */
  release: string;
}

/** `Debian:12` → Debian + 12; `Ubuntu:Pro:14.04:LTS` → Ubuntu + Pro:14.04:LTS; `npm` → npm + ''. */
export function splitEcosystem(ecosystem: string): EcosystemParts {
  const colon = ecosystem.indexOf(':');
  if (colon < 0) return { base: ecosystem.trim(), release: '' };
  return { base: ecosystem.slice(0, colon).trim(), release: ecosystem.slice(colon + 1).trim() };
}

/** The ecosystem string again from its parts. */
export function joinEcosystem(base: string, release: string): string {
  return release === '' ? base : `${base}:${release}`;
}

// Registries whose package names are case-insensitive: NuGet ids, Composer (Packagist) names, crates.io (its
// index is keyed by the lowercased name), Hex and Pub (lowercase only). npm, Go, Maven, RubyGems and the RPM
// distributions are case-sensitive and keep the name as written.
const CASE_INSENSITIVE = new Set(['nuget', 'packagist', 'crates.io', 'hex', 'pub']);

/**
 * The lookup key for a package name in an ecosystem (base or full string): PyPI names are normalised as PEP 503
 * says (lowercase, runs of `-`, `_` and `.` become one `-`), case-insensitive registries are lowercased, every
 * other name is kept exactly.
 */
export function normalizeName(ecosystem: string, name: string): string {
  const base = splitEcosystem(ecosystem).base.toLowerCase();
  if (base === 'pypi')
    return name
      .trim()
      .toLowerCase()
      .replace(/[-_.]+/g, '-');
  if (CASE_INSENSITIVE.has(base)) return name.trim().toLowerCase();
  return name.trim();
}
