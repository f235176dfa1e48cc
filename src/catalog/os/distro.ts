// Maps os-release fields and fallback release files to OSV ecosystems and purl qualifiers (osv-matching.md (b)).
import type { Distro } from '../types.js';

const DEBIAN_CODENAMES: Record<string, string> = {
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
  duke: '15',
};

function majorOf(v: string | undefined): string | undefined {
  return v ? /^(\d+)/.exec(v)?.[1] : undefined;
}

function majorMinorOf(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const m = /^(\d+)\.(\d+)/.exec(v);
  return m ? `${m[1]}.${m[2]}` : undefined;
}

/** The distro described by os-release fields, or undefined without an ID. */
export function distroFromOsRelease(f: Record<string, string>, foundIn: string): Distro | undefined {
  const id = f.ID?.toLowerCase();
  if (!id) return undefined;
  const versionId = f.VERSION_ID || undefined;
  const base = {
    id,
    ...(versionId ? { versionId } : {}),
    ...(f.VERSION_CODENAME ? { versionCodename: f.VERSION_CODENAME } : {}),
    ...(f.PRETTY_NAME ? { prettyName: f.PRETTY_NAME } : {}),
    foundIn,
  };
  switch (id) {
    case 'debian': {
      // testing and sid have no VERSION_ID; the codename (or "sid") names the release instead.
      const codename = f.VERSION_CODENAME?.toLowerCase();
      const release =
        majorOf(versionId) ??
        (codename && codename !== 'sid' ? DEBIAN_CODENAMES[codename] : undefined) ??
        (codename === 'sid' ? 'sid' : undefined);
      return withRelease(base, 'debian', release, release ? `Debian:${release}` : 'Debian');
    }
    case 'ubuntu': {
      const lts = /\bLTS\b/.test(f.VERSION ?? '') || /\bLTS\b/.test(f.PRETTY_NAME ?? '');
      return withRelease(
        base,
        'ubuntu',
        versionId,
        versionId ? `Ubuntu:${versionId}${lts ? ':LTS' : ''}` : 'Ubuntu',
      );
    }
    case 'alpine': {
      const mm = majorMinorOf(versionId);
      return withRelease(base, 'alpine', mm, mm ? `Alpine:v${mm}` : 'Alpine');
    }
    case 'wolfi':
      return { ...base, ecosystem: 'Wolfi', purlNamespace: 'wolfi' };
    case 'chainguard':
      return { ...base, ecosystem: 'Chainguard', purlNamespace: 'chainguard' };
    case 'rhel': {
      const cpe = f.CPE_NAME ? /:redhat:(.+)$/.exec(f.CPE_NAME)?.[1] : undefined;
      return withRelease(base, 'redhat', versionId, cpe ? `Red Hat:${cpe}` : 'Red Hat', 'rhel');
    }
    case 'rocky': {
      const major = majorOf(versionId);
      return withRelease(base, 'rocky', versionId, major ? `Rocky Linux:${major}` : 'Rocky Linux');
    }
    case 'almalinux': {
      const major = majorOf(versionId);
      return withRelease(base, 'almalinux', versionId, major ? `AlmaLinux:${major}` : 'AlmaLinux');
    }
    // CentOS and Fedora fall through to the default (namespace and distro = ID, no OSV ecosystem).
    // purl namespaces name the vendor (purl-spec rpm type); the distro qualifier keeps the os-release ID.
    case 'amzn':
      return withRelease(base, 'amazon', versionId, undefined, 'amzn');
    case 'ol':
      return withRelease(base, 'oracle', versionId, undefined, 'ol');
    case 'opensuse-leap':
      return withRelease(
        base,
        'opensuse',
        versionId,
        versionId ? `openSUSE:Leap ${versionId}` : 'openSUSE',
        id,
      );
    case 'opensuse-tumbleweed':
      return withRelease(base, 'opensuse', versionId, 'openSUSE:Tumbleweed', id);
    case 'sles':
    case 'sled':
      return withRelease(base, 'suse', versionId, versionId ? `SUSE:${versionId}` : 'SUSE', id);
    case 'mageia':
      return withRelease(base, 'mageia', versionId, versionId ? `Mageia:${versionId}` : 'Mageia');
    case 'mariner':
    case 'azurelinux':
      return withRelease(base, id, versionId, versionId ? `Azure Linux:${versionId}` : 'Azure Linux');
    default:
      return withRelease(base, id, versionId, undefined);
  }
}

function withRelease(
  base: Omit<Distro, 'purlNamespace'>,
  namespace: string,
  release: string | undefined,
  ecosystem: string | undefined,
  distroPrefix = namespace,
): Distro {
  return {
    ...base,
    purlNamespace: namespace,
    ...(ecosystem ? { ecosystem } : {}),
    ...(release ? { purlDistro: `${distroPrefix}-${release}` } : {}),
  };
}

/** Alpine from `/etc/alpine-release` (`3.20.3`). */
export function distroFromAlpineRelease(text: string, foundIn: string): Distro | undefined {
  const v = text.trim().split(/\s+/)[0];
  if (!v || !/^\d+\.\d+/.test(v)) return undefined;
  return distroFromOsRelease({ ID: 'alpine', VERSION_ID: v }, foundIn);
}

/** Debian from `/etc/debian_version` (`12.5`, or `trixie/sid` on testing). */
export function distroFromDebianVersion(text: string, foundIn: string): Distro | undefined {
  const v = text.trim().split(/\s+/)[0];
  if (!v) return undefined;
  const major = majorOf(v);
  if (major) return distroFromOsRelease({ ID: 'debian', VERSION_ID: major }, foundIn);
  const codename = v.split('/')[0]!.toLowerCase();
  if (codename in DEBIAN_CODENAMES || codename === 'sid') {
    return distroFromOsRelease({ ID: 'debian', VERSION_CODENAME: codename }, foundIn);
  }
  return undefined;
}
