// The recipe of examples/goof/image.tar: a small stand-in for the goof Dockerfile built on node:14.1.0 (Debian 10).
//
// It holds only what scanning reads: os-release, a dpkg database and node_modules manifests, with the package
// versions Debian 10 and npm really shipped at the time (node:14.1.0 came out in April 2020), so the bundled demo
// records find real vulnerabilities in it. Its history follows `docker history` of such a build with the classic
// builder, so layers map back to the Dockerfile. `scripts/make-demo-image.mjs` writes it; demo.test.ts checks that
// the committed archive still matches this recipe.
import { writeFileSync } from 'node:fs';
import {
  buildImage,
  dockerArchiveFiles,
  type TestEntry,
  type TestImage,
  tarOf,
} from '../image/test-image.js';

interface Deb {
  name: string;
  version: string;
  source?: string;
  /** The source version, when a binNMU (`+b3`) makes it differ from the binary's. */
  sourceVersion?: string;
  arch?: string;
  files: string[];
}

const BASE_DEBS: Deb[] = [
  { name: 'base-files', version: '10.3+deb10u3', files: ['/etc/debian_version', '/usr/lib/os-release'] },
  { name: 'bash', version: '5.0-4', files: ['/bin/bash'] },
  { name: 'dpkg', version: '1.19.7', files: ['/usr/bin/dpkg'] },
  { name: 'libc6', version: '2.28-10', source: 'glibc', files: ['/lib/x86_64-linux-gnu/libc-2.28.so'] },
  {
    name: 'libssl1.1',
    version: '1.1.1d-0+deb10u3',
    source: 'openssl',
    files: ['/usr/lib/x86_64-linux-gnu/libssl.so.1.1'],
  },
  { name: 'tzdata', version: '2019c-0+deb10u1', arch: 'all', files: ['/usr/share/zoneinfo/UTC'] },
  {
    name: 'zlib1g',
    version: '1:1.2.11.dfsg-1',
    source: 'zlib',
    files: ['/lib/x86_64-linux-gnu/libz.so.1.2.11'],
  },
];

// What buildpack-deps:buster adds that the demo records speak about, plus a binNMU (libxml2 +b3).
const BUILDPACK_DEBS: Deb[] = [
  { name: 'curl', version: '7.64.0-4+deb10u1', files: ['/usr/bin/curl'] },
  {
    name: 'libodbc1',
    version: '2.3.6-0.1',
    source: 'unixodbc',
    files: ['/usr/lib/x86_64-linux-gnu/libodbc.so.2'],
  },
  {
    name: 'libxml2',
    version: '2.9.4+dfsg1-7+b3',
    source: 'libxml2',
    sourceVersion: '2.9.4+dfsg1-7',
    files: ['/usr/lib/x86_64-linux-gnu/libxml2.so.2.9.4'],
  },
  { name: 'odbcinst', version: '2.3.6-0.1', source: 'unixodbc', files: ['/usr/bin/odbcinst'] },
  { name: 'unixodbc-dev', version: '2.3.6-0.1', source: 'unixodbc', files: ['/usr/include/sql.h'] },
];

/** express 4.17.1 and the dependencies of it the demo records speak about, at the versions it pulled in 2020. */
export const GOOF_NPM: Record<string, string> = {
  'body-parser': '1.19.0',
  cookie: '0.4.0',
  debug: '2.6.9',
  express: '4.17.1',
  ms: '2.0.0',
  'path-to-regexp': '0.1.7',
  qs: '6.7.0',
  send: '0.17.1',
  'serve-static': '1.14.1',
};

function statusEntry(d: Deb): string {
  const source =
    d.source && d.source !== d.name
      ? `Source: ${d.source}${d.sourceVersion ? ` (${d.sourceVersion})` : ''}\n`
      : d.sourceVersion
        ? `Source: ${d.name} (${d.sourceVersion})\n`
        : '';
  return `Package: ${d.name}
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 100
Maintainer: Debian Developers <debian-devel@lists.debian.org>
Architecture: ${d.arch ?? 'amd64'}
${source}Version: ${d.version}
Description: ${d.name} (stand-in entry of the shipshape demo image)
`;
}

function dpkgEntries(installed: Deb[], added: Deb[]): TestEntry[] {
  const status = installed.map(statusEntry).join('\n');
  return [
    { name: 'var/lib/dpkg/status', content: status },
    ...added.map((d) => ({
      name: `var/lib/dpkg/info/${d.name}.list`,
      content: `/.\n${d.files.join('\n')}\n`,
    })),
  ];
}

const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 10 (buster)"
NAME="Debian GNU/Linux"
VERSION_ID="10"
VERSION="10 (buster)"
VERSION_CODENAME=buster
ID=debian
HOME_URL="https://www.debian.org/"
`;

const nop = (s: string) => `/bin/sh -c #(nop) ${s}`;

/** The image: node:14.1.0's layers (condensed), then one per layer-making line of examples/goof/Dockerfile. */
export function goofImageRecipe(): TestImage {
  const nodeModules: TestEntry[] = Object.entries(GOOF_NPM).map(([name, version]) => ({
    name: `usr/src/goof/node_modules/${name}/package.json`,
    content: `${JSON.stringify({ name, version, license: 'MIT' }, null, 2)}\n`,
  }));
  return {
    layers: [
      {
        createdBy: nop('ADD file:9b8be2b52ee0fa31da1b6256099030b73546253a57e94cccb24605cd888bb74d in / '),
        entries: [
          { name: 'etc/os-release', content: OS_RELEASE },
          { name: 'etc/debian_version', content: '10.3\n' },
          ...dpkgEntries(BASE_DEBS, BASE_DEBS),
        ],
      },
      {
        createdBy:
          '/bin/sh -c set -ex; apt-get update; apt-get install -y --no-install-recommends autoconf automake bzip2 curl libxml2-dev unixodbc-dev xz-utils zlib1g-dev ; rm -rf /var/lib/apt/lists/*',
        entries: dpkgEntries([...BASE_DEBS, ...BUILDPACK_DEBS], BUILDPACK_DEBS),
      },
      {
        createdBy:
          '/bin/sh -c groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node',
        entries: [{ name: 'home/node', type: 'directory' }],
      },
      {
        createdBy:
          '/bin/sh -c ARCH= && dpkgArch="$(dpkg --print-architecture)" && curl -fsSLO --compressed "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz" && tar -xJf "node-v$NODE_VERSION-linux-$ARCH.tar.xz" -C /usr/local --strip-components=1 --no-same-owner',
        entries: [
          {
            name: 'usr/local/bin/node',
            content: '#!/bin/sh\n# stand-in for node 14.1.0 in the shipshape demo image\n',
            mode: 0o755,
          },
        ],
      },
      {
        createdBy: nop(
          'COPY file:238737301d47304174e4d24f4def935b29b3069c03c72ae8de97d94624382fce in /usr/local/bin/ ',
        ),
        entries: [
          {
            name: 'usr/local/bin/docker-entrypoint.sh',
            content: '#!/bin/sh\nset -e\nexec "$@"\n',
            mode: 0o755,
          },
        ],
      },
      { createdBy: '/bin/sh -c mkdir /usr/src/goof', entries: [{ name: 'usr/src/goof', type: 'directory' }] },
      {
        createdBy: '/bin/sh -c mkdir /tmp/extracted_files',
        entries: [{ name: 'tmp/extracted_files', type: 'directory' }],
      },
      {
        createdBy: nop(
          'ADD dir:5b9a0d1d6b31d8d4e4ed01c7a5b8a1b1f1f7f2c1d36e7d0f4a2b6c2bb0c1d2e3 in /usr/src/goof ',
        ),
        entries: [
          {
            name: 'usr/src/goof/package.json',
            content: `${JSON.stringify({ name: 'goof', version: '1.0.0', private: true, dependencies: { express: '4.17.1' } }, null, 2)}\n`,
          },
          { name: 'usr/src/goof/app.js', content: "require('node:http').createServer().listen(3001);\n" },
        ],
      },
      { createdBy: '/bin/sh -c cd /usr/src/goof', entries: [] },
      // As the article means it: the dependencies land in the app's folder (the RUN cd above does not carry over,
      // which is what lint's DL3003 says about that line).
      { createdBy: '/bin/sh -c npm ci --only=production', entries: nodeModules },
    ],
    emptyHistory: [
      { after: 0, createdBy: nop(' CMD ["bash"]') },
      { after: 2, createdBy: nop(' ENV NODE_VERSION=14.1.0') },
      { after: 4, createdBy: nop(' ENTRYPOINT ["docker-entrypoint.sh"]') },
      { after: 4, createdBy: nop(' CMD ["node"]') },
      { after: 9, createdBy: nop(' EXPOSE 3001') },
      { after: 9, createdBy: nop(' EXPOSE 9229') },
      { after: 9, createdBy: nop(' ENTRYPOINT ["/bin/sh" "-c" "npm start"]') },
    ],
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'NODE_VERSION=14.1.0'],
      Entrypoint: ['/bin/sh', '-c', 'npm start'],
      ExposedPorts: { '3001/tcp': {}, '9229/tcp': {} },
    },
  };
}

/** Writes the example as a `docker save` archive (Docker 25+ layout: gzip layers, small). */
export async function writeGoofImage(path: string): Promise<void> {
  const built = await buildImage(goofImageRecipe());
  const files = dockerArchiveFiles(built, 'oci', 'shipshape-examples/goof:latest');
  writeFileSync(path, await tarOf([...files].map(([name, content]) => ({ name, content }))));
}
