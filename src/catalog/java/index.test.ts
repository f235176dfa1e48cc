import { describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { catalogAll } from '../index.js';
import { memorySource } from '../memory-source.js';
import { mavenJar, zipTool } from './fixtures/archives.js';
import { javaCataloger } from './index.js';

const itZip = requireTool('zip') ? it : it.skip;

describe('javaCataloger', () => {
  itZip('catalogs archives in the image, merging one artifact found in several places', () => {
    const lang = mavenJar('org.apache.commons', 'commons-lang3', '3.12.0');
    const war = zipTool({ 'WEB-INF/lib/commons-lang3-3.12.0.jar': lang });
    const fs = memorySource({
      '/usr/local/tomcat/webapps/ROOT.war': { content: war, layer: 3 },
      '/opt/tools/lib/commons-lang3-3.12.0.jar': { content: lang, layer: 2 },
      '/opt/tools/lib/jrt-fs.jar': zipTool({
        'META-INF/MANIFEST.MF':
          'Manifest-Version: 1.0\r\nImplementation-Title: Java Runtime Environment\r\nImplementation-Version: 17.0.10\r\n\r\n',
      }),
      '/opt/tools/plugins/git.hpi': zipTool({
        'META-INF/maven/org.jenkins-ci.plugins/git/pom.properties':
          'artifactId=git\ngroupId=org.jenkins-ci.plugins\nversion=5.2.1\n',
      }),
      '/opt/tools/broken.ear': 'definitely not a zip',
      '/opt/tools/README.txt': 'not an archive',
    });
    const r = javaCataloger.catalog(fs, {});
    expect(r.unknowns).toEqual([
      { path: '/opt/tools/broken.ear', reason: expect.stringContaining('corrupt or unreadable archive') },
    ]);
    expect(r.packages).toEqual([
      {
        name: 'org.apache.commons:commons-lang3',
        version: '3.12.0',
        type: 'maven',
        purl: 'pkg:maven/org.apache.commons/commons-lang3@3.12.0',
        layer: 2,
        locations: [
          '/opt/tools/lib/commons-lang3-3.12.0.jar',
          '/usr/local/tomcat/webapps/ROOT.war:WEB-INF/lib/commons-lang3-3.12.0.jar',
        ],
      },
      {
        name: 'jrt-fs',
        version: '17.0.10',
        type: 'maven',
        purl: 'pkg:maven/jrt-fs/jrt-fs@17.0.10',
        layer: 0,
        locations: ['/opt/tools/lib/jrt-fs.jar'],
      },
      {
        name: 'org.jenkins-ci.plugins:git',
        version: '5.2.1',
        type: 'maven',
        purl: 'pkg:maven/org.jenkins-ci.plugins/git@5.2.1',
        layer: 0,
        locations: ['/opt/tools/plugins/git.hpi'],
      },
    ]);
  });

  itZip('is registered; an artifact both in a deb’s file and bundled in an app stays', () => {
    const jar = mavenJar('com.google.guava', 'guava', '31.1-jre');
    const fs = memorySource({
      '/etc/os-release': 'ID=debian\nVERSION_ID="12"\n',
      '/var/lib/dpkg/status':
        'Package: libguava-java\nStatus: install ok installed\nVersion: 31.1-1\nArchitecture: all\n\n',
      '/var/lib/dpkg/info/libguava-java.list': '/usr/share/java/guava.jar\n',
      '/usr/share/java/guava.jar': jar,
      '/srv/app.war': zipTool({ 'WEB-INF/lib/guava-31.1-jre.jar': jar }),
    });
    const inv = catalogAll(fs);
    // The copy Debian owns is reported as the deb (language catalogers never see OS-owned files); the one bundled
    // in the war is the app's own, located there only.
    expect(inv.packages.filter((p) => p.type === 'maven').map((p) => p.locations)).toEqual([
      ['/srv/app.war:WEB-INF/lib/guava-31.1-jre.jar'],
    ]);
    expect(inv.packages.find((p) => p.name === 'libguava-java')?.type).toBe('deb');
  });
});
