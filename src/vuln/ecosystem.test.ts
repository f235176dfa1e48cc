import { describe, expect, it } from 'vitest';
import type { Distro, Package } from '../catalog/types.js';
import { osvQueryOf } from './ecosystem.js';

const debian: Distro = {
  id: 'debian',
  versionId: '12',
  ecosystem: 'Debian:12',
  purlNamespace: 'debian',
  foundIn: '/etc/os-release',
};
const alma: Distro = {
  id: 'almalinux',
  versionId: '9.3',
  ecosystem: 'AlmaLinux:9',
  purlNamespace: 'almalinux',
  foundIn: '/etc/os-release',
};
const suse: Distro = {
  id: 'opensuse-leap',
  versionId: '15.5',
  ecosystem: 'openSUSE:Leap 15.5',
  purlNamespace: 'opensuse',
  foundIn: '/etc/os-release',
};
const pkg = (p: Partial<Package> & Pick<Package, 'type' | 'name' | 'version' | 'purl'>): Package => ({
  locations: ['/x'],
  ...p,
});

describe('osvQueryOf', () => {
  it('dpkg: source name and source version (binNMU binaries match through their source)', () => {
    expect(
      osvQueryOf(
        pkg({
          type: 'deb',
          name: 'libssl3',
          version: '3.0.11-1~deb12u2+b1',
          purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2+b1',
          source: { name: 'openssl', version: '3.0.11-1~deb12u2' },
        }),
        debian,
      ),
    ).toEqual({ ecosystem: 'Debian:12', name: 'openssl', version: '3.0.11-1~deb12u2' });
    expect(
      osvQueryOf(
        pkg({ type: 'deb', name: 'bash', version: '5.2.15-2+b2', purl: 'pkg:deb/debian/bash@5.2.15-2+b2' }),
        debian,
      ),
    ).toEqual({
      ecosystem: 'Debian:12',
      name: 'bash',
      version: '5.2.15-2+b2',
    });
    expect(
      osvQueryOf(
        pkg({ type: 'deb', name: 'bash', version: '5.2', purl: 'pkg:deb/debian/bash@5.2' }),
        undefined,
      ),
    ).toBeUndefined();
  });

  it('apk: origin and the package version', () => {
    const alpine: Distro = {
      id: 'alpine',
      versionId: '3.20.3',
      ecosystem: 'Alpine:v3.20',
      purlNamespace: 'alpine',
      foundIn: '/etc/os-release',
    };
    expect(
      osvQueryOf(
        pkg({
          type: 'apk',
          name: 'libcrypto3',
          version: '3.3.2-r0',
          purl: 'pkg:apk/alpine/libcrypto3@3.3.2-r0',
          source: { name: 'openssl' },
        }),
        alpine,
      ),
    ).toEqual({ ecosystem: 'Alpine:v3.20', name: 'openssl', version: '3.3.2-r0' });
  });

  it('rpm: binary name; the epoch joins the version for Alma/Rocky/Red Hat, not for SUSE', () => {
    const p = pkg({
      type: 'rpm',
      name: 'openssl-libs',
      version: '1:3.0.7-24.el9',
      purl: 'pkg:rpm/almalinux/openssl-libs@3.0.7-24.el9?arch=x86_64&epoch=1',
    });
    expect(osvQueryOf(p, alma)).toEqual({
      ecosystem: 'AlmaLinux:9',
      name: 'openssl-libs',
      version: '1:3.0.7-24.el9',
    });
    expect(osvQueryOf(p, suse)?.version).toBe('3.0.7-24.el9');
    const noEpoch = pkg({
      type: 'rpm',
      name: 'bash',
      version: '5.1.8-6.el9',
      purl: 'pkg:rpm/almalinux/bash@5.1.8-6.el9?arch=x86_64',
    });
    expect(osvQueryOf(noEpoch, alma)?.version).toBe('5.1.8-6.el9');
  });

  it('languages: registry names from the purl', () => {
    expect(
      osvQueryOf(
        pkg({
          type: 'maven',
          name: 'log4j-core',
          version: '2.14.1',
          purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        }),
        undefined,
      ),
    ).toEqual({
      ecosystem: 'Maven',
      name: 'org.apache.logging.log4j:log4j-core',
      version: '2.14.1',
    });
    expect(
      osvQueryOf(
        pkg({
          type: 'composer',
          name: 'laravel/framework',
          version: '10.0.0',
          purl: 'pkg:composer/laravel/framework@10.0.0',
        }),
        undefined,
      )?.name,
    ).toBe('laravel/framework');
    expect(
      osvQueryOf(
        pkg({
          type: 'golang',
          name: 'golang.org/x/net',
          version: 'v0.7.0',
          purl: 'pkg:golang/golang.org/x/net@v0.7.0',
        }),
        undefined,
      ),
    ).toEqual({ ecosystem: 'Go', name: 'golang.org/x/net', version: '0.7.0' });
    expect(
      osvQueryOf(
        pkg({ type: 'golang', name: 'stdlib', version: '1.21.5', purl: 'pkg:golang/stdlib@1.21.5' }),
        undefined,
      ),
    ).toEqual({
      ecosystem: 'Go',
      name: 'stdlib',
      version: '1.21.5',
    });
    expect(
      osvQueryOf(
        pkg({
          type: 'golang',
          name: 'example.com/app',
          version: '(devel)',
          purl: 'pkg:golang/example.com/app@(devel)',
        }),
        undefined,
      ),
    ).toBeUndefined();
    expect(
      osvQueryOf(
        pkg({ type: 'npm', name: '@scope/x', version: '1.0.0', purl: 'pkg:npm/%40scope/x@1.0.0' }),
        undefined,
      ),
    ).toEqual({
      ecosystem: 'npm',
      name: '@scope/x',
      version: '1.0.0',
    });
    expect(
      osvQueryOf(
        pkg({ type: 'pypi', name: 'Django', version: '4.2', purl: 'pkg:pypi/django@4.2' }),
        undefined,
      )?.ecosystem,
    ).toBe('PyPI');
  });
});
