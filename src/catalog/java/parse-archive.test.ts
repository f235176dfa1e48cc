import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { mavenJar, pomProperties, rawZip, zipTool } from './fixtures/archives.js';
import { JAVA_ARCHIVE_LIMITS, parseJavaArchive, splitArchiveFileName } from './parse-archive.js';
import { bundleLicenses, parseManifest } from './parse-manifest.js';
import { parsePomProperties, parseProperties } from './parse-pom-properties.js';
import { readZipDirectory, readZipEntry } from './zip.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const hasZip = requireTool('zip');
const itZip = hasZip ? it : it.skip;
const hasJava = requireTool('java');
const itJava = hasJava && hasZip ? it : it.skip;

const coords = (r: ReturnType<typeof parseJavaArchive>) =>
  r.packages.map((p) => `${p.groupId ?? '-'}:${p.artifactId}:${p.version} @ ${p.location}`);

describe('parseManifest', () => {
  it('reads the main section of a maven-bundle-plugin manifest, joining continuation lines', () => {
    const m = parseManifest(fixture('MANIFEST.MF'));
    expect(m.get('bundle-symbolicname')).toBe('com.fasterxml.jackson.core.jackson-databind');
    expect(m.get('bundle-description')).toBe(
      'General data-binding functionality for Jackson: works on core streaming API',
    );
    expect(m.get('export-package')).toBe(
      'com.fasterxml.jackson.databind;version="2.15.2";uses:="com.fasterxml.jackson.core,com.fasterxml.jackson.databind.cfg"',
    );
    // The per-entry section after the blank line does not override the main section.
    expect(m.get('implementation-version')).toBe('2.15.2');
  });

  it('joins a line split inside a UTF-8 character', () => {
    const line = Buffer.from(`Implementation-Vendor: ${'x'.repeat(44)}Société Générale`, 'utf8');
    const split = Buffer.concat([
      line.subarray(0, 72),
      Buffer.from('\r\n '),
      line.subarray(72),
      Buffer.from('\r\n'),
    ]);
    expect(line.subarray(0, 72).toString('utf8').endsWith('\ufffd')).toBe(true); // the split is mid-character
    expect(parseManifest(split).get('implementation-vendor')).toBe(`${'x'.repeat(44)}Société Générale`);
  });
});

describe('bundleLicenses', () => {
  it('splits OSGi clauses and keeps free text whole', () => {
    expect(bundleLicenses('https://www.apache.org/licenses/LICENSE-2.0.txt')).toEqual([
      'https://www.apache.org/licenses/LICENSE-2.0.txt',
    ]);
    expect(
      bundleLicenses('EPL-2.0;link="https://www.eclipse.org/legal/epl-2.0",GPL-2.0-with-classpath-exception'),
    ).toEqual(['EPL-2.0', 'GPL-2.0-with-classpath-exception']);
    expect(bundleLicenses('Apache License, Version 2.0')).toEqual(['Apache License, Version 2.0']);
    expect(bundleLicenses('<<EXTERNAL>>')).toEqual([]);
    expect(bundleLicenses(undefined)).toEqual([]);
  });
});

describe('parsePomProperties', () => {
  it('reads what Maven writes', () => {
    expect(parsePomProperties(fixture('pom.properties').toString('latin1'))).toEqual({
      groupId: 'com.fasterxml.jackson.core',
      artifactId: 'jackson-databind',
      version: '2.15.2',
    });
    expect(parsePomProperties('groupId=a\nversion=1\n')).toBeUndefined();
  });

  it('follows java.util.Properties: separators, escapes, continuations, comments, last value wins', () => {
    const p = parseProperties(
      '! bang comment\n  # hash comment\nkey1 = spaced\nkey2:colon\nkey3 whitespace\nlong = a\\\n    b\\\\\nesc=caf\\u00e9\\tx\nkey1=again\n\\ weird\\=key=v\n',
    );
    expect(Object.fromEntries(p)).toEqual({
      key1: 'again',
      key2: 'colon',
      key3: 'whitespace',
      long: 'ab\\',
      esc: 'café\tx',
      ' weird=key': 'v',
    });
  });

  it('stays linear on hostile input', () => {
    const t0 = performance.now();
    parseProperties(`${'a\\\n'.repeat(200_000)}x`);
    parseProperties(`k=${'\\'.repeat(500_000)}`);
    parseProperties(`${'='.repeat(500_000)}`);
    parseManifest(Buffer.from(`A: ${'x'.repeat(1_000_000)}\n${' y\n'.repeat(100_000)}`));
    expect(performance.now() - t0).toBeLessThan(5000); // quadratic work on these inputs takes minutes
  });
});

describe('splitArchiveFileName', () => {
  it('splits at the first -digit', () => {
    expect(splitArchiveFileName('/app/lib/commons-lang3-3.12.0.jar')).toEqual({
      name: 'commons-lang3',
      version: '3.12.0',
    });
    expect(splitArchiveFileName('netty-transport-4.1.118.Final.jar')).toEqual({
      name: 'netty-transport',
      version: '4.1.118.Final',
    });
    expect(splitArchiveFileName('WEB-INF/lib/spring-core-5.3.20.RELEASE.JAR')).toEqual({
      name: 'spring-core',
      version: '5.3.20.RELEASE',
    });
    expect(splitArchiveFileName('app.jar')).toEqual({ name: 'app' });
  });
});

describe('parseJavaArchive', () => {
  itZip('reports every pom.properties, nested jars in a war, and manifest-only jars by file name', () => {
    const war = zipTool({
      'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\r\n\r\n',
      'META-INF/maven/com.example/shop/pom.properties': pomProperties('com.example', 'shop', '2.0.1'),
      'WEB-INF/web.xml': '<web-app/>',
      'WEB-INF/lib/jackson-databind-2.15.2.jar': mavenJar(
        'com.fasterxml.jackson.core',
        'jackson-databind',
        '2.15.2',
      ),
      'WEB-INF/lib/legacy-util-3.4.jar': zipTool({
        'META-INF/MANIFEST.MF':
          'Manifest-Version: 1.0\r\nImplementation-Title: Legacy Util\r\nImplementation-Version: 3.4.0\r\nImplementation-Vendor-Id: org.legacy\r\nBundle-License: MIT\r\n\r\n',
      }),
      'WEB-INF/lib/no-version.jar': zipTool({ 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\r\n\r\n' }),
      'WEB-INF/lib/osgi.jar': zipTool({
        'META-INF/MANIFEST.MF':
          'Manifest-Version: 1.0\r\nBundle-SymbolicName: org.osgi.thing;singleton:=true\r\nBundle-Version: 1.2.0.v20240101\r\n\r\n',
      }),
    });
    const r = parseJavaArchive(war, '/usr/local/tomcat/webapps/shop.war');
    expect(r.unknowns).toEqual([]);
    expect(coords(r)).toEqual([
      'com.example:shop:2.0.1 @ /usr/local/tomcat/webapps/shop.war',
      'com.fasterxml.jackson.core:jackson-databind:2.15.2 @ /usr/local/tomcat/webapps/shop.war:WEB-INF/lib/jackson-databind-2.15.2.jar',
      // The file name wins over the manifest title (it is the artifactId); the version, too.
      'org.legacy:legacy-util:3.4 @ /usr/local/tomcat/webapps/shop.war:WEB-INF/lib/legacy-util-3.4.jar',
      '-:osgi:1.2.0.v20240101 @ /usr/local/tomcat/webapps/shop.war:WEB-INF/lib/osgi.jar',
    ]);
    expect(r.packages[2]!.licenses).toEqual(['MIT']);
  });

  itZip('walks ear → war → jar, and Spring Boot jars with stored BOOT-INF/lib', () => {
    const lib = mavenJar('org.apache.commons', 'commons-lang3', '3.12.0');
    const war = zipTool({ 'WEB-INF/lib/commons-lang3-3.12.0.jar': lib });
    const ear = zipTool({
      'web.war': war,
      'lib/guava-31.1-jre.jar': mavenJar('com.google.guava', 'guava', '31.1-jre'),
    });
    expect(coords(parseJavaArchive(ear, '/opt/app.ear'))).toEqual([
      'com.google.guava:guava:31.1-jre @ /opt/app.ear:lib/guava-31.1-jre.jar',
      'org.apache.commons:commons-lang3:3.12.0 @ /opt/app.ear:web.war:WEB-INF/lib/commons-lang3-3.12.0.jar',
    ]);
    const boot = zipTool(
      {
        'META-INF/MANIFEST.MF':
          'Manifest-Version: 1.0\r\nMain-Class: org.springframework.boot.loader.JarLauncher\r\nImplementation-Title: demo\r\nImplementation-Version: 0.0.1-SNAPSHOT\r\n\r\n',
        'META-INF/maven/com.example/demo/pom.properties': pomProperties(
          'com.example',
          'demo',
          '0.0.1-SNAPSHOT',
        ),
        'BOOT-INF/lib/spring-core-6.1.4.jar': mavenJar('org.springframework', 'spring-core', '6.1.4'),
      },
      ['-0'],
    );
    expect(coords(parseJavaArchive(boot, '/app.jar'))).toEqual([
      'com.example:demo:0.0.1-SNAPSHOT @ /app.jar',
      'org.springframework:spring-core:6.1.4 @ /app.jar:BOOT-INF/lib/spring-core-6.1.4.jar',
    ]);
  });

  itZip('gives the manifest licence to the archive’s own artifact, not to what it shades', () => {
    const shaded = zipTool({
      'META-INF/MANIFEST.MF':
        'Manifest-Version: 1.0\r\nBundle-SymbolicName: com.google.inject\r\nBundle-Name: guice\r\nBundle-Version: 4.2.3\r\nBundle-License: http://www.apache.org/licenses/LICENSE-2.0.txt\r\n\r\n',
      'META-INF/maven/cglib/cglib/pom.properties': pomProperties('cglib', 'cglib', '3.2.12'),
    });
    const r = parseJavaArchive(shaded, '/usr/share/java/guice.jar');
    expect(r.packages.map((p) => [p.groupId, p.artifactId, p.version, p.licenses])).toEqual([
      ['cglib', 'cglib', '3.2.12', []],
      [undefined, 'guice', '4.2.3', ['http://www.apache.org/licenses/LICENSE-2.0.txt']],
    ]);
  });

  it('records a corrupt archive, or a corrupt nested one, as an unknown and keeps the rest', () => {
    expect(parseJavaArchive(Buffer.from('not a zip at all, just text'), '/x.jar')).toEqual({
      packages: [],
      unknowns: [
        { path: '/x.jar', reason: expect.stringMatching(/^corrupt or unreadable archive: not a zip/) },
      ],
    });
    const good = rawZip([{ name: 'META-INF/maven/g/a/pom.properties', data: pomProperties('g', 'a', '1') }]);
    const outer = rawZip([
      { name: 'lib/broken-1.0.jar', data: 'PK\u0003\u0004 garbage', method: 0 },
      { name: 'lib/good-1.jar', data: good, method: 0 },
      { name: 'META-INF/maven/g/bad/pom.properties', data: 'x', declaredSize: 9999 },
    ]);
    const r = parseJavaArchive(outer, '/o.war');
    expect(coords(r)).toEqual(['g:a:1 @ /o.war:lib/good-1.jar']);
    expect(r.unknowns).toEqual([
      {
        path: '/o.war',
        reason: 'META-INF/maven/g/bad/pom.properties: inflates to 1 bytes, not the 9999 declared',
      },
      { path: '/o.war:lib/broken-1.0.jar', reason: expect.stringContaining('corrupt or unreadable archive') },
    ]);
  });

  it('stops at the nesting depth cap', () => {
    let jar = rawZip([
      { name: 'META-INF/maven/g/deep/pom.properties', data: pomProperties('g', 'deep', '1') },
    ]);
    for (let i = 0; i < 8; i++) jar = rawZip([{ name: `lib/level${i}.jar`, data: jar, method: 0 }]);
    const r = parseJavaArchive(jar, '/nest.jar', { ...JAVA_ARCHIVE_LIMITS, maxDepth: 3 });
    expect(r.packages).toEqual([]);
    expect(r.unknowns).toEqual([
      {
        path: '/nest.jar:lib/level7.jar:lib/level6.jar:lib/level5.jar',
        reason: '1 nested archives not read: nested deeper than 3 levels (maxDepth)',
      },
    ]);
  });

  it('bounds work on overlapping entries (one nested jar listed thousands of times) and on total bytes', () => {
    const inner = rawZip([{ name: 'META-INF/maven/g/a/pom.properties', data: pomProperties('g', 'a', '1') }]);
    const entries = [{ name: 'lib/a0.jar', data: inner, method: 0 }];
    for (let i = 1; i < 5000; i++)
      entries.push({ name: `lib/a${i}.jar`, data: inner, method: 0, sameDataAs: 0 } as never);
    const overlap = rawZip(entries);
    const t0 = performance.now();
    const r = parseJavaArchive(overlap, '/o.jar', { ...JAVA_ARCHIVE_LIMITS, maxArchives: 100 });
    expect(performance.now() - t0).toBeLessThan(5000); // unbounded, it would open 5000 archives
    expect(r.packages).toHaveLength(100);
    expect(r.unknowns).toEqual([
      { path: '/o.jar', reason: 'stopped after 100 nested archives (maxArchives)' },
    ]);

    const bytes = parseJavaArchive(overlap, '/o.jar', {
      ...JAVA_ARCHIVE_LIMITS,
      maxBytes: inner.length * 10,
    });
    expect(bytes.packages.length).toBeLessThan(10);
    expect(bytes.unknowns).toEqual([{ path: '/o.jar', reason: expect.stringContaining('(maxBytes)') }]);
  });

  it('refuses a metadata entry larger than its cap and a zip bomb posing as a nested jar', () => {
    const bomb = rawZip([
      { name: 'WEB-INF/lib/bomb.jar', data: Buffer.alloc(20 * 1024 * 1024), declaredSize: 100 },
    ]);
    const r = parseJavaArchive(bomb, '/b.war');
    expect(r.unknowns).toEqual([
      { path: '/b.war', reason: 'WEB-INF/lib/bomb.jar: inflates past the 100 bytes declared' },
    ]);
    const big = rawZip([{ name: 'META-INF/MANIFEST.MF', data: `A: ${'x'.repeat(2000)}\n` }]);
    expect(
      parseJavaArchive(big, '/m.jar', { ...JAVA_ARCHIVE_LIMITS, maxMetadataBytes: 1000 }).unknowns,
    ).toEqual([
      {
        path: '/m.jar',
        reason: 'META-INF/MANIFEST.MF: 2004 bytes uncompressed exceed the limit of 1000 (maxMetadataBytes)',
      },
    ]);
  });
});

// The JDK is the reference implementation of jar metadata: its reading of real jars is the oracle here.
describe('against the JDK (java.util.jar, java.util.Properties)', () => {
  itJava('reads entries, manifests and pom.properties as the JDK does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-jar-'));
    try {
      const tricky = join(dir, 'tricky-1.0.jar');
      writeFileSync(
        tricky,
        zipTool({
          'META-INF/MANIFEST.MF': Buffer.concat([
            Buffer.from('Manifest-Version: 1.0\r\nImplementation-Title: tricky\r\n'),
            Buffer.from(`Implementation-Vendor: ${'v'.repeat(49)}Société\r\n Générale\r\n`),
            Buffer.from(
              'Implementation-Title: tricky-again\r\n\r\nName: x/\r\nImplementation-Title: per-entry\r\n',
            ),
          ]),
          'META-INF/maven/org.ex/tricky/pom.properties':
            '#c\n! c\ngroupId = org.ex\nartifactId:tri\\\n    cky\nversion 1.0\\u002dRC1\nversion=1.0-final\n',
        }),
      );
      const debian = readdirSync('/usr/share/java', { withFileTypes: true })
        .filter((d) => d.isFile() && d.name.endsWith('.jar'))
        .map((d) => join('/usr/share/java', d.name))
        .filter((p) => !lstatSync(p).isSymbolicLink());
      const jars = [tricky, ...debian];
      const oracle = spawnSync(
        'java',
        [new URL('./fixtures/JarOracle.java', import.meta.url).pathname, ...jars],
        {
          encoding: 'utf8',
          maxBuffer: 256 * 1024 * 1024,
        },
      );
      expect(oracle.status, oracle.stderr).toBe(0);
      const unesc = (s: string) =>
        s.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c as 't' | 'n' | 'r'] ?? c);
      const byJar = new Map<string, string[][]>();
      for (const line of oracle.stdout.split('\n').filter(Boolean)) {
        const [jar, ...rest] = line.split('\t');
        byJar.set(jar!, [...(byJar.get(jar!) ?? []), rest.map(unesc)]);
      }
      let poms = 0;
      for (const jar of jars) {
        const buf = readFileSync(jar);
        const rows = byJar.get(jar) ?? [];
        const dirEntries = readZipDirectory(buf, { maxEntries: 100_000 });
        if (!dirEntries.ok) throw new Error(`${jar}: ${dirEntries.reason}`);
        expect(
          dirEntries.value.map((e) => e.name),
          jar,
        ).toEqual(rows.filter((r) => r[0] === 'ENTRY').map((r) => r[1]));
        const mf = dirEntries.value.find((e) => e.name.toUpperCase() === 'META-INF/MANIFEST.MF');
        const parsed = parseJavaArchive(buf, jar);
        expect(parsed.unknowns, jar).toEqual([]);
        if (mf) {
          const content = readZipEntry(buf, mf, 1 << 20);
          if (!content.ok) throw new Error(content.reason);
          const ours = parseManifest(content.value);
          for (const [, key, value] of rows.filter((r) => r[0] === 'MAIN'))
            expect(ours.get(key!.toLowerCase()), `${jar} ${key}`).toBe(value!.trim());
        }
        for (const [, , g, a, v] of rows.filter((r) => r[0] === 'POM')) {
          poms++;
          expect(coords(parsed), jar).toContain(`${g}:${a}:${v} @ ${jar}`);
        }
      }
      expect(byJar.get(tricky)!.filter((r) => r[0] === 'POM')).toEqual([
        ['POM', 'META-INF/maven/org.ex/tricky/pom.properties', 'org.ex', 'tricky', '1.0-final'],
      ]);
      expect(poms).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
