import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { catalogAll, catalogGlobs } from '../index.js';
import { memorySource } from '../memory-source.js';
import type { Distro, Package } from '../types.js';
import {
  BDB_VARIANTS,
  type BuiltDb,
  builtDatabases,
  type OraclePackage,
  parseFiles,
  parseQa,
} from './fixtures/rpmdb.js';
import { parseSourceRpm, rpmCataloger } from './index.js';
import { parseHeader } from './parse-header.js';
import { readBdb } from './read-bdb.js';
import { readNdb } from './read-ndb.js';
import { readSqlite } from './read-sqlite.js';
import { MAX_RECORDS } from './records.js';

const fixture = (p: string) => readFileSync(new URL(`./fixtures/${p}`, import.meta.url));

const rocky93: Distro = {
  id: 'rocky',
  versionId: '9.3',
  ecosystem: 'Rocky Linux:9',
  purlNamespace: 'rocky',
  purlDistro: 'rocky-9.3',
  foundIn: '/etc/os-release',
};

/** What a package should look like, derived from rpm's own query output (not from our reader). */
function expected(p: OraclePackage) {
  const epoch = p.epoch ? `${p.epoch}:` : '';
  const nvr = /^(.+)-([^-]+-[^-]+)\.src\.rpm$/.exec(p.sourceRpm ?? '');
  return {
    name: p.name,
    version: `${epoch}${p.version}-${p.release}`,
    source: nvr ? { name: nvr[1], version: `${epoch}${nvr[2]}` } : undefined,
    licenses: p.license ? [p.license] : undefined,
  };
}

function actual(p: Package) {
  return { name: p.name, version: p.version, source: p.source, licenses: p.licenses };
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The oracle's packages and files, as the cataloger should report them (gpg-pubkey left out). */
function compareWithOracle(
  db: { packages: OraclePackage[]; files: Map<string, string[]> },
  file: Buffer,
  path: string,
) {
  const r = rpmCataloger.catalog(memorySource({ [path]: file }), { distro: rocky93 });
  expect(r.unknowns).toEqual([]);
  const software = db.packages.filter((p) => p.name !== 'gpg-pubkey');
  expect(db.packages.some((p) => p.name === 'gpg-pubkey')).toBe(true);
  expect(r.packages.map(actual).sort(byName)).toEqual(software.map(expected).sort(byName));
  expect(r.packages.every((p) => p.locations.length === 1 && p.locations[0] === path)).toBe(true);
  const oracleFiles = software.flatMap((p) => db.files.get(p.name) ?? []).sort();
  expect([...(r.ownedFiles ?? [])].sort()).toEqual(oracleFiles);
}

const tools = ['rpm', 'rpmbuild', 'sqlite3', 'db5.3_load'].filter((t) => !requireTool(t));

describe.skipIf(tools.length > 0)('rpm databases built by rpm 4.18', () => {
  let dbs: BuiltDb[] = [];
  beforeAll(() => {
    dbs = builtDatabases();
  }, 300_000);
  const db = (name: string) => dbs.find((d) => d.name === name)!;

  it('the oracle lists every built package', () => {
    const sqlite = db('sqlite');
    // foo, foo-libs, bar-baz, empty, many and many-01..40, plus the imported key
    expect(sqlite.packages).toHaveLength(46);
    for (const v of BDB_VARIANTS) expect(db(v.name).packages).toEqual(sqlite.packages);
  });

  it.each([
    ['sqlite', '/var/lib/rpm/rpmdb.sqlite'],
    ['sqlite', '/usr/lib/sysimage/rpm/rpmdb.sqlite'],
    ...BDB_VARIANTS.map((v) => [v.name, '/var/lib/rpm/Packages']),
  ])('%s at %s: packages and files match rpm -qa', (name, path) => {
    const d = db(name);
    compareWithOracle(d, readFileSync(d.file), path);
  });

  it.each(['sqlite', ...BDB_VARIANTS.map((v) => v.name)])('%s: per-package fields match rpm', (name) => {
    const d = db(name);
    const buf = readFileSync(d.file);
    const read = name === 'sqlite' ? readSqlite(buf) : readBdb(buf);
    expect(read.problems).toEqual([]);
    const headers = read.records.map((r) => {
      const h = parseHeader(r.blob);
      if ('error' in h) throw new Error(h.error);
      return h.header;
    });
    // rpm prints "(none)" for a missing tag, and imported keys store that very string as their source rpm.
    const given = (s: string | undefined) => (s && s !== '(none)' ? s : undefined);
    const mine = headers.map((h) => ({
      name: h.name,
      version: h.version,
      release: h.release,
      ...(h.epoch !== undefined ? { epoch: h.epoch } : {}),
      ...(h.arch ? { arch: h.arch } : {}),
      ...(given(h.sourceRpm) ? { sourceRpm: h.sourceRpm } : {}),
      ...(h.license ? { license: h.license } : {}),
      ...(h.vendor ? { vendor: h.vendor } : {}),
    }));
    expect(mine.sort(byName)).toEqual(d.packages);
    for (const h of headers) expect(h.files.map((f) => f.path)).toEqual(d.files.get(h.name) ?? []);
  });

  it('exercises bucket splits, overflow chains and on-page values', () => {
    const meta = (name: string) => {
      const b = readFileSync(db(name).file);
      const little = b.readUInt32LE(12) === 0x061561;
      const pageSize = little ? b.readUInt32LE(20) : b.readUInt32BE(20);
      const types = new Set<number>();
      for (let at = 0; at < b.length; at += pageSize) types.add(b[at + 25]!);
      return { maxBucket: little ? b.readUInt32LE(72) : b.readUInt32BE(72), overflow: types.has(7) };
    };
    expect(meta('bdb-be-512')).toEqual({ maxBucket: expect.any(Number), overflow: true });
    expect(meta('bdb-be-512').maxBucket).toBeGreaterThan(1);
    expect(meta('bdb-le-65536').overflow).toBe(false);
  });

  it('reports full packages: purl with epoch and distro, source, licenses, location', () => {
    const file = readFileSync(db('sqlite').file);
    const r = rpmCataloger.catalog(memorySource({ '/var/lib/rpm/rpmdb.sqlite': file }), { distro: rocky93 });
    const get = (n: string) => r.packages.find((p) => p.name === n);
    expect(get('foo-libs')).toEqual({
      name: 'foo-libs',
      version: '2:1.2-3.el9',
      type: 'rpm',
      purl: 'pkg:rpm/rocky/foo-libs@1.2-3.el9?arch=noarch&distro=rocky-9.3&epoch=2',
      source: { name: 'foo', version: '2:1.2-3.el9' },
      licenses: ['MIT'],
      layer: 0,
      locations: ['/var/lib/rpm/rpmdb.sqlite'],
    });
    expect(get('bar-baz')).toMatchObject({
      version: '0.9.1-1.fc40',
      purl: 'pkg:rpm/rocky/bar-baz@0.9.1-1.fc40?arch=x86_64&distro=rocky-9.3',
      source: { name: 'bar-baz', version: '0.9.1-1.fc40' },
    });
    expect(get('gpg-pubkey')).toBeUndefined();
    const bare = rpmCataloger.catalog(memorySource({ '/var/lib/rpm/rpmdb.sqlite': file }), {});
    expect(bare.packages.find((p) => p.name === 'empty')?.purl).toBe('pkg:rpm/empty@1-0?arch=noarch');
  });

  it('is registered: catalogAll detects Rocky Linux and lists the packages with its purls', () => {
    const inv = catalogAll(
      memorySource({
        '/etc/os-release': 'ID="rocky"\nVERSION_ID="9.3"\n',
        '/usr/lib/sysimage/rpm/rpmdb.sqlite': readFileSync(db('sqlite').file),
      }),
    );
    expect(catalogGlobs()).toContain('/usr/lib/sysimage/rpm/rpmdb.sqlite');
    expect(inv.distro?.ecosystem).toBe('Rocky Linux:9');
    expect(inv.packages.filter((p) => p.type === 'rpm')).toHaveLength(45);
    expect(inv.packages.find((p) => p.name === 'foo')?.purl).toBe(
      'pkg:rpm/rocky/foo@1.2-3.el9?arch=noarch&distro=rocky-9.3&epoch=2',
    );
  });

  it('dates packages by the layer of their files, not of the database', () => {
    const fs = memorySource({
      '/var/lib/rpm/rpmdb.sqlite': { content: readFileSync(db('sqlite').file), layer: 3 },
      '/usr/share/foo/a.txt': { content: 'a', layer: 1 },
      '/usr/share/foo/b.txt': { content: 'b', layer: 2 },
      // a %config file edited in a later layer, and a %ghost file, say nothing about when foo came
      '/etc/foo.conf': { content: 'edited', layer: 0 },
      '/var/log/bar-baz.log': { content: 'log', layer: 0 },
      '/usr/bin/bar-baz': { content: '#!/bin/sh', layer: 2 },
      // a file newer than the database cannot date the package later than the database
      '/usr/lib/foo/libfoo.txt': { content: 'lib', layer: 5 },
    });
    const layers = Object.fromEntries(rpmCataloger.catalog(fs, {}).packages.map((p) => [p.name, p.layer]));
    expect(layers).toMatchObject({ foo: 1, 'bar-baz': 2, 'foo-libs': 3, empty: 3, 'many-01': 3 });
  });

  it('reads a database reached through both paths once, and prefers the newest backend in a directory', () => {
    const sqlite = readFileSync(db('sqlite').file);
    const linked = rpmCataloger.catalog(
      memorySource({ '/var/lib/rpm/rpmdb.sqlite': sqlite, '/usr/lib/sysimage/rpm/rpmdb.sqlite': sqlite }),
      {},
    );
    expect(linked.packages).toHaveLength(45);
    const stale = fixture('bdb-cycle/Packages');
    const both = rpmCataloger.catalog(
      memorySource({ '/var/lib/rpm/rpmdb.sqlite': sqlite, '/var/lib/rpm/Packages': stale }),
      {},
    );
    expect(both.packages).toHaveLength(45);
    expect(both.unknowns).toEqual([]);
  });

  it('falls back to an older backend when the newest one is unreadable', () => {
    const bdb = readFileSync(db('bdb-le-4096').file);
    const r = rpmCataloger.catalog(
      memorySource({
        '/var/lib/rpm/rpmdb.sqlite': Buffer.from('SQLite format 3\0garbage'),
        '/var/lib/rpm/Packages': bdb,
      }),
      {},
    );
    expect(r.packages).toHaveLength(45);
    expect(r.unknowns).toEqual([
      { path: '/var/lib/rpm/rpmdb.sqlite', reason: expect.stringMatching(/^unreadable SQLite database/) },
    ]);
  });

  it('turns truncated databases into unknowns and keeps what it could read', () => {
    for (const name of ['sqlite', 'bdb-le-4096', 'bdb-be-512']) {
      const full = readFileSync(db(name).file);
      const path = name === 'sqlite' ? '/var/lib/rpm/rpmdb.sqlite' : '/var/lib/rpm/Packages';
      const r = rpmCataloger.catalog(
        memorySource({ [path]: full.subarray(0, Math.floor(full.length / 2)) }),
        {},
      );
      expect(r.unknowns, name).toHaveLength(1);
      expect(r.unknowns[0]!.path).toBe(path);
      expect(r.packages.length, name).toBeLessThan(45);
      if (name !== 'sqlite') expect(r.packages.length, name).toBeGreaterThan(0);
    }
  });

  it('reports a write-ahead log with content as a possible gap', () => {
    const r = rpmCataloger.catalog(
      memorySource({
        '/var/lib/rpm/rpmdb.sqlite': readFileSync(db('sqlite').file),
        '/var/lib/rpm/rpmdb.sqlite-wal': Buffer.alloc(32, 1),
      }),
      {},
    );
    expect(r.packages).toHaveLength(45);
    expect(r.unknowns).toEqual([
      { path: '/var/lib/rpm/rpmdb.sqlite-wal', reason: expect.stringMatching(/write-ahead log/) },
    ]);
  });

  it('survives random corruption of every backend without throwing or hanging', () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (const name of ['sqlite', 'bdb-be-512', 'bdb-le-65536']) {
      const clean = readFileSync(db(name).file);
      const path = name === 'sqlite' ? '/var/lib/rpm/rpmdb.sqlite' : '/var/lib/rpm/Packages';
      for (let round = 0; round < 25; round++) {
        const b = Buffer.from(clean);
        for (let i = 0; i < 40; i++) b[rand() % b.length] = rand() & 0xff;
        const started = Date.now();
        const r = rpmCataloger.catalog(memorySource({ [path]: b }), {});
        expect(Date.now() - started).toBeLessThan(5000);
        expect(r.packages.length + r.unknowns.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('ndb (Packages.db written by an ndb-enabled rpm 4.18, see fixtures/make-fixtures.sh)', () => {
  const file = fixture('ndb/Packages.db');
  const oracle = {
    packages: parseQa(fixture('ndb/qa.txt').toString('utf8')),
    files: parseFiles(fixture('ndb/files.txt').toString('utf8')),
  };

  it('packages and files match what rpm read back', () => {
    expect(oracle.packages.map((p) => p.name)).toEqual([
      'bar-baz',
      'empty',
      'foo',
      'foo-libs',
      'gpg-pubkey',
      'many-01',
    ]);
    compareWithOracle(oracle, file, '/var/lib/rpm/Packages.db');
    compareWithOracle(oracle, file, '/usr/lib/sysimage/rpm/Packages.db');
  });

  it('skips the free slot an erased package left', () => {
    const read = readNdb(file);
    expect(read.problems).toEqual([]);
    expect(read.records).toHaveLength(6);
  });

  it('rejects a blob whose checksum does not match and keeps the others', () => {
    const read = readNdb(file);
    const victim = read.records[2]!;
    const b = Buffer.from(file);
    b[victim.blob.byteOffset - file.byteOffset + 40]! ^= 0xff;
    const r = rpmCataloger.catalog(memorySource({ '/var/lib/rpm/Packages.db': b }), {});
    expect(r.packages).toHaveLength(4);
    expect(r.unknowns).toEqual([
      { path: '/var/lib/rpm/Packages.db', reason: `package ${victim.id}: blob checksum mismatch` },
    ]);
  });

  it('turns a truncated file into an unknown', () => {
    const r = rpmCataloger.catalog(memorySource({ '/var/lib/rpm/Packages.db': file.subarray(0, 9000) }), {});
    expect(r.unknowns).toHaveLength(1);
    expect(r.unknowns[0]!.reason).toMatch(/truncated/);
    expect(r.packages.length).toBeLessThan(5);
    expect(readNdb(file.subarray(0, 100)).problems).toEqual([
      'header claims 1 slot pages but the file has 100 bytes (truncated?)',
    ]);
  });
});

describe('Berkeley DB page cycles', () => {
  const oracle = parseQa(fixture('bdb-cycle/qa.txt').toString('utf8'));

  it('stops at a bucket page that links to itself and keeps its records', () => {
    const r = rpmCataloger.catalog(
      memorySource({ '/var/lib/rpm/Packages': fixture('bdb-cycle/Packages') }),
      {},
    );
    expect(r.unknowns).toHaveLength(1);
    expect(r.unknowns[0]!.reason).toMatch(/page 1 is reached twice \(page cycle\)/);
    expect(r.packages.map((p) => p.name).sort()).toEqual(oracle.map((p) => p.name));
  });

  it('stops at an overflow chain that links back to its start and drops only that record', () => {
    const r = rpmCataloger.catalog(
      memorySource({ '/var/lib/rpm/Packages': fixture('bdb-overflow-cycle/Packages') }),
      {},
    );
    expect(r.unknowns).toHaveLength(1);
    expect(r.unknowns[0]!.reason).toMatch(/overflow page \d+ is reached twice \(page cycle\)/);
    expect(r.packages).toHaveLength(oracle.length - 1);
  });
});

describe('hostile and odd input', () => {
  it('reports a file that is no rpm database', () => {
    const r = rpmCataloger.catalog(memorySource({ '/var/lib/rpm/Packages': 'hello' }), {});
    expect(r).toEqual({
      packages: [],
      unknowns: [
        { path: '/var/lib/rpm/Packages', reason: 'not an rpm database: neither SQLite, Berkeley DB nor ndb' },
      ],
      ownedFiles: [],
    });
  });

  it('refuses a Packages view instead of running its query', async () => {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(':memory:');
    db.exec(
      "CREATE VIEW Packages AS WITH RECURSIVE n(hnum, blob) AS (SELECT 1, x'00' UNION ALL SELECT hnum + 1, blob FROM n) SELECT * FROM n",
    );
    const file = db.serialize();
    db.close();
    expect(readSqlite(file).problems).toEqual(['Packages is a view, not a plain table']);
  });

  it('reads nothing from an empty database and says nothing', async () => {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(':memory:');
    db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
    const file = db.serialize();
    db.close();
    expect(rpmCataloger.catalog(memorySource({ '/var/lib/rpm/rpmdb.sqlite': file }), {})).toEqual({
      packages: [],
      unknowns: [],
      ownedFiles: [],
    });
  });

  it('stops reading a database that claims more packages than any real one holds', async () => {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(':memory:');
    db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
    db.exec(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MAX_RECORDS + 5}) INSERT INTO Packages (blob) SELECT x'00' FROM n`,
    );
    const file = db.serialize();
    db.close();
    const read = readSqlite(file);
    expect(read.records).toHaveLength(MAX_RECORDS);
    expect(read.problems).toEqual([`more than ${MAX_RECORDS} package records: the rest were not read`]);
  });

  it('names what is wrong with a Berkeley DB metadata page', () => {
    const meta = (edit: (b: Buffer) => void) => {
      const b = Buffer.alloc(1024);
      b.writeUInt32LE(0x061561, 12);
      b.writeUInt32LE(9, 16);
      b.writeUInt32LE(512, 20);
      b[25] = 8;
      b.writeUInt32LE(1, 32);
      edit(b);
      return readBdb(b).problems;
    };
    expect(meta(() => {})).toEqual(['bucket 0: page 0 is outside the 2-page file']);
    expect(meta((b) => b.writeUInt32LE(0x053162, 12))).toEqual([
      'Berkeley DB B-tree database: rpm keeps packages in a hash database',
    ]);
    expect(meta((b) => b.writeUInt32LE(1000, 20))).toEqual(['invalid Berkeley DB page size 1000']);
    expect(meta((b) => b.writeUInt32LE(7, 16))).toEqual([
      'unsupported Berkeley DB hash version 7 (8 to 10 are known)',
    ]);
    expect(meta((b) => (b[24] = 1))).toEqual(['encrypted Berkeley DB database']);
    expect(meta((b) => b.writeUInt32LE(5, 72))).toEqual(['metadata page claims 6 buckets in 2 pages']);
    expect(meta((b) => b.writeUInt32LE(9, 32))).toEqual([
      'database is truncated: it has 2 of its 10 pages',
      'bucket 0: page 0 is outside the 2-page file',
    ]);
    expect(readBdb(Buffer.alloc(100)).problems).toEqual([
      'Berkeley DB file of 100 bytes is shorter than its 512-byte metadata page',
    ]);
  });

  it('splits source rpm names', () => {
    expect(parseSourceRpm('foo-1.2-3.el9.src.rpm')).toEqual({ name: 'foo', version: '1.2-3.el9' });
    expect(parseSourceRpm('python-foo-bar-1.0-1.fc40.nosrc.rpm')).toEqual({
      name: 'python-foo-bar',
      version: '1.0-1.fc40',
    });
    expect(parseSourceRpm('foo-1.2.src.rpm')).toBeUndefined();
    expect(parseSourceRpm('foo-1.2-3.el9.noarch.rpm')).toBeUndefined();
    expect(parseSourceRpm('-1-2.src.rpm')).toBeUndefined();
  });
});
