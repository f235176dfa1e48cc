import { describe, expect, it } from 'vitest';
import { memorySource } from '../memory-source.js';
import { distroFromDebianVersion, distroFromOsRelease } from './distro.js';
import { detectDistro } from './index.js';
import { parseOsRelease } from './parse-os-release.js';

const DEBIAN_12 = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;
const UBUNTU_2204 = `PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
UBUNTU_CODENAME=jammy
`;
const UBUNTU_2310 = `PRETTY_NAME="Ubuntu 23.10"
NAME="Ubuntu"
VERSION_ID="23.10"
VERSION="23.10 (Mantic Minotaur)"
ID=ubuntu
`;
const ALPINE_320 = `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.20.3
PRETTY_NAME="Alpine Linux v3.20"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
`;
const ROCKY_9 = `NAME="Rocky Linux"
VERSION="9.3 (Blue Onyx)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.3"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
ANSI_COLOR="0;32"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:rocky:rocky:9::baseos"
HOME_URL="https://rockylinux.org/"
`;
const WOLFI = `ID=wolfi
NAME="Wolfi"
PRETTY_NAME="Wolfi"
VERSION_ID="20230201"
HOME_URL="https://wolfi.dev"
`;
const RHEL_9 = `NAME="Red Hat Enterprise Linux"
VERSION="9.4 (Plow)"
ID="rhel"
VERSION_ID="9.4"
CPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"
`;

const eco = (text: string) => distroFromOsRelease(parseOsRelease(text), '/etc/os-release');

describe('os-release', () => {
  it('parses quoting, escapes and comments', () => {
    expect(parseOsRelease('# c\nA="x \\"y\\""\nB=\'z\'\nC=plain\nbad line\n')).toEqual({
      A: 'x "y"',
      B: 'z',
      C: 'plain',
    });
  });

  it.each([
    [DEBIAN_12, 'debian', 'Debian:12', 'debian-12'],
    [UBUNTU_2204, 'ubuntu', 'Ubuntu:22.04:LTS', 'ubuntu-22.04'],
    [UBUNTU_2310, 'ubuntu', 'Ubuntu:23.10', 'ubuntu-23.10'],
    [ALPINE_320, 'alpine', 'Alpine:v3.20', 'alpine-3.20'],
    [ROCKY_9, 'rocky', 'Rocky Linux:9', 'rocky-9.3'],
    [WOLFI, 'wolfi', 'Wolfi', undefined],
    [RHEL_9, 'redhat', 'Red Hat:enterprise_linux:9::baseos', 'rhel-9.4'],
    ['ID=almalinux\nVERSION_ID="9.4"\n', 'almalinux', 'AlmaLinux:9', 'almalinux-9.4'],
    ['ID=chainguard\nNAME="Chainguard"\n', 'chainguard', 'Chainguard', undefined],
    ['ID="centos"\nVERSION_ID="7"\n', 'centos', undefined, 'centos-7'],
    ['ID=fedora\nVERSION_ID=40\n', 'fedora', undefined, 'fedora-40'],
    ['ID="amzn"\nVERSION_ID="2023"\n', 'amazon', undefined, 'amzn-2023'],
    ['ID="ol"\nVERSION_ID="8.9"\n', 'oracle', undefined, 'ol-8.9'],
    ['ID="opensuse-leap"\nVERSION_ID="15.5"\n', 'opensuse', 'openSUSE:Leap 15.5', 'opensuse-leap-15.5'],
    [
      'ID="opensuse-tumbleweed"\nVERSION_ID="20240101"\n',
      'opensuse',
      'openSUSE:Tumbleweed',
      'opensuse-tumbleweed-20240101',
    ],
    ['ID="sles"\nVERSION_ID="15.5"\n', 'suse', 'SUSE:15.5', 'sles-15.5'],
    ['ID=mageia\nVERSION_ID=9\n', 'mageia', 'Mageia:9', 'mageia-9'],
    ['ID=mariner\nVERSION_ID="2.0"\n', 'mariner', 'Azure Linux:2.0', 'mariner-2.0'],
    ['ID=azurelinux\nVERSION_ID="3.0"\n', 'azurelinux', 'Azure Linux:3.0', 'azurelinux-3.0'],
    [
      'ID=debian\nVERSION_CODENAME=trixie\nPRETTY_NAME="Debian GNU/Linux trixie/sid"\n',
      'debian',
      'Debian:13',
      'debian-13',
    ],
  ])('maps %#', (text, ns, ecosystem, purlDistro) => {
    const d = eco(text)!;
    expect(d.purlNamespace).toBe(ns);
    expect(d.ecosystem).toBe(ecosystem);
    expect(d.purlDistro).toBe(purlDistro);
  });

  it('reads Debian versions from debian_version', () => {
    expect(distroFromDebianVersion('12.5\n', '/etc/debian_version')?.ecosystem).toBe('Debian:12');
    expect(distroFromDebianVersion('trixie/sid\n', '/etc/debian_version')?.ecosystem).toBe('Debian:13');
    expect(distroFromDebianVersion('garbage\n', '/etc/debian_version')).toBeUndefined();
  });
});

describe('detectDistro', () => {
  it('prefers /etc/os-release, then /usr/lib/os-release', () => {
    expect(
      detectDistro(
        memorySource({ '/usr/lib/os-release': UBUNTU_2204, '/etc/debian_version': 'bookworm/sid' }),
      ).distro,
    ).toMatchObject({ ecosystem: 'Ubuntu:22.04:LTS', foundIn: '/usr/lib/os-release' });
    expect(
      detectDistro(memorySource({ '/etc/os-release': DEBIAN_12, '/usr/lib/os-release': UBUNTU_2204 })).distro,
    ).toMatchObject({ ecosystem: 'Debian:12', foundIn: '/etc/os-release' });
  });

  it('falls back to alpine-release', () => {
    expect(detectDistro(memorySource({ '/etc/alpine-release': '3.19.1\n' })).distro).toMatchObject({
      ecosystem: 'Alpine:v3.19',
      purlDistro: 'alpine-3.19',
    });
  });

  it('detects distroless Debian from status.d and debian_version', () => {
    const fs = memorySource({
      '/etc/debian_version': '12.5\n',
      '/var/lib/dpkg/status.d/base-files': 'Package: base-files\n',
    });
    expect(detectDistro(fs).distro).toMatchObject({
      id: 'debian',
      ecosystem: 'Debian:12',
      purlDistro: 'debian-12',
    });
    const bare = memorySource({ '/var/lib/dpkg/status.d/base-files': 'Package: base-files\n' });
    expect(detectDistro(bare).distro).toMatchObject({ id: 'debian', ecosystem: 'Debian' });
  });

  it('reports an os-release without ID as an unknown and keeps looking', () => {
    const r = detectDistro(
      memorySource({ '/etc/os-release': '\u0000\u0001garbage', '/etc/alpine-release': '3.20.0' }),
    );
    expect(r.distro?.ecosystem).toBe('Alpine:v3.20');
    expect(r.unknowns).toEqual([{ path: '/etc/os-release', reason: 'os-release has no ID field' }]);
  });

  it('finds nothing in an empty image', () => {
    expect(detectDistro(memorySource({}))).toEqual({ unknowns: [] });
  });
});
