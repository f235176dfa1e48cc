// OS detection: runs before the OS package catalogers, which need the distro for purls and ecosystems.
import type { Distro, FileSource, Unknown } from '../types.js';
import { distroFromAlpineRelease, distroFromDebianVersion, distroFromOsRelease } from './distro.js';
import { parseOsRelease } from './parse-os-release.js';

export const OS_DETECTOR_VERSION = 1;

/** Files read, in order of preference. */
export const OS_GLOBS = [
  '/etc/os-release',
  '/usr/lib/os-release',
  '/etc/alpine-release',
  '/etc/debian_version',
];

export interface DetectResult {
  distro?: Distro;
  unknowns: Unknown[];
}

/**
 * The image's distro: os-release first, then the release files of distributions that also ship them (distroless
 * Debian images have `/etc/debian_version` and `status.d` but may lack os-release).
 */
export function detectDistro(fs: FileSource): DetectResult {
  const unknowns: Unknown[] = [];
  for (const path of ['/etc/os-release', '/usr/lib/os-release']) {
    const buf = fs.read(path);
    if (!buf) continue;
    const distro = distroFromOsRelease(parseOsRelease(buf.toString('utf8')), path);
    if (distro) return { distro, unknowns };
    unknowns.push({ path, reason: 'os-release has no ID field' });
  }
  const alpine = fs.read('/etc/alpine-release');
  if (alpine) {
    const distro = distroFromAlpineRelease(alpine.toString('utf8'), '/etc/alpine-release');
    if (distro) return { distro, unknowns };
    unknowns.push({ path: '/etc/alpine-release', reason: 'no Alpine version in the file' });
  }
  const debian = fs.read('/etc/debian_version');
  if (debian) {
    const distro = distroFromDebianVersion(debian.toString('utf8'), '/etc/debian_version');
    if (distro) return { distro, unknowns };
    unknowns.push({ path: '/etc/debian_version', reason: 'no Debian version in the file' });
  }
  // A dpkg database without any release file: still Debian-family, release unknown.
  if (fs.read('/var/lib/dpkg/status') || fs.glob('/var/lib/dpkg/status.d/*').length > 0) {
    return {
      distro: { id: 'debian', purlNamespace: 'debian', ecosystem: 'Debian', foundIn: '/var/lib/dpkg' },
      unknowns,
    };
  }
  return { unknowns };
}
