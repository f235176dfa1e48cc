// Picks the version ordering for an OSV ecosystem name (Debian:12 -> dpkg, PyPI -> PEP 440) and compares with it.
// Ecosystem names: https://ossf.github.io/osv-schema/#defined-ecosystems. The part after the first colon (a
// release, `Debian:12`, `Alpine:v3.19`, `Ubuntu:22.04:LTS`, or Maven's repository) never changes the order.
import { inputError } from '../../core/errors.js';
import { apk } from './apk.js';
import { deb } from './deb.js';
import { go } from './go.js';
import { maven } from './maven.js';
import { nuget } from './nuget.js';
import { sign } from './order.js';
import { packagist } from './packagist.js';
import { pep440 } from './pep440.js';
import { rpm } from './rpm.js';
import { rubygems } from './rubygems.js';
import { semver } from './semver.js';
import type { Versioning } from './types.js';

export type { Versioning } from './types.js';

/** Base ecosystem names (as OSV spells them) and their scheme; looked up case-insensitively. */
export const ECOSYSTEM_VERSIONING: Readonly<Record<string, Versioning>> = {
  Debian: deb,
  Ubuntu: deb,
  Alpine: apk,
  Wolfi: apk,
  Chainguard: apk,
  MinimOS: apk,
  Alpaquita: apk,
  'BellSoft Hardened Containers': apk,
  'Red Hat': rpm,
  'Rocky Linux': rpm,
  AlmaLinux: rpm,
  openSUSE: rpm,
  SUSE: rpm,
  Mageia: rpm,
  'Photon OS': rpm,
  openEuler: rpm,
  'Azure Linux': rpm,
  npm: semver,
  'crates.io': semver,
  Hex: semver,
  Pub: semver,
  Bitnami: semver,
  SwiftURL: semver,
  Go: go,
  PyPI: pep440,
  Maven: maven,
  RubyGems: rubygems,
  NuGet: nuget,
  Packagist: packagist,
};

const BY_LOWER = new Map(Object.entries(ECOSYSTEM_VERSIONING).map(([k, v]) => [k.toLowerCase(), v]));

/** The base name of an OSV ecosystem: `Debian:12` -> `Debian`, `Ubuntu:Pro:18.04:LTS` -> `Ubuntu`. */
export function baseEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return (colon < 0 ? ecosystem : ecosystem.slice(0, colon)).trim();
}

/** The ordering for an OSV ecosystem (with or without its `:release` suffix), or undefined for an unknown one. */
export function versioningFor(ecosystem: string): Versioning | undefined {
  return BY_LOWER.get(baseEcosystem(ecosystem).toLowerCase());
}

/**
 * Compares two versions of a package in `ecosystem`: -1, 0 or 1. Never throws for odd versions (see Versioning);
 * throws a usage error (exit code 2) for an ecosystem it does not know.
 */
export function compareVersions(ecosystem: string, a: string, b: string): number {
  const v = versioningFor(ecosystem);
  if (v === undefined) {
    const shown = ecosystem.length > 80 ? `${ecosystem.slice(0, 80)}...` : ecosystem;
    throw inputError(
      'usage',
      `unknown ecosystem ${JSON.stringify(shown)}: no version ordering for it`,
      `use an OSV ecosystem name: ${Object.keys(ECOSYSTEM_VERSIONING).join(', ')} (a ":release" suffix is allowed)`,
    );
  }
  return sign(v.compare(a, b));
}
