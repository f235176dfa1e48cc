import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireTool } from '../../../test/support/tools.js';
import { serveAll, startServer, type TestServer } from '../../vuln/db/fixtures/update/server.js';
import { SCHEMA_VERSION } from '../../vuln/db/schema.js';
import { main } from '../main.js';
import { formatAge } from './db.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'vuln', 'db', 'fixtures', 'osv');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-db-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function db(args: string[], env: Record<string, string> = {}, stderrIsTTY = false) {
  let stdout = '';
  let stderr = '';
  const code = await main(['db', ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { HOME: join(dir, 'home'), ...env },
    cwd: dir,
    stderrIsTTY,
  });
  return { code, stdout, stderr };
}

describe('shipshape db import', () => {
  it('creates the database in the cache directory and says what it imported', async () => {
    const cache = join(dir, 'cache');
    const r = await db(['import', FIXTURES], { SHIPSHAPE_CACHE_DIR: cache });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const path = join(cache, 'db', 'vulnerabilities.db');
    expect(r.stdout).toBe(
      `created ${path}\n  imported 12 OSV records (12 new, 0 replaced, 0 unchanged, 2 withdrawn)\n`,
    );
    expect(readdirSync(join(cache, 'db'))).toEqual(['vulnerabilities.db']);
    const again = await db(['import', FIXTURES], { SHIPSHAPE_CACHE_DIR: cache });
    expect(again.stdout).toBe(
      `updated ${path}\n  imported 12 OSV records (0 new, 0 replaced, 12 unchanged, 2 withdrawn)\n`,
    );
  });

  it('warns about skipped records, names them as given, and still imports the rest', async () => {
    mkdirSync(join(dir, 'in'));
    writeFileSync(
      join(dir, 'in', 'bad.json'),
      '{"id": "X-1", "modified": "2024-01-01T00:00:00Z", "affected": 3}',
    );
    writeFileSync(
      join(dir, 'kev.json'),
      JSON.stringify({ catalogVersion: '2025.01.02', vulnerabilities: [{ cveID: 'CVE-2021-44228' }] }),
    );
    const r = await db(['import', '--db', 'v.db', 'in', join(FIXTURES, 'DLA-3008-1.json'), 'kev.json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('shipshape: skipped in/bad.json: affected is not an array\n');
    expect(r.stdout).toBe(
      `created ${join(dir, 'v.db')}\n` +
        '  imported 1 OSV record (1 new, 0 replaced, 0 unchanged, 1 skipped)\n' +
        '  imported 1 KEV entry (catalog 2025.01.02)\n',
    );
    expect((await db(['import', '-q', '--db', 'v.db', 'in', join(FIXTURES, 'DLA-3008-1.json')])).stderr).toBe(
      '',
    );
  });

  it('shows progress on a terminal and clears the line', async () => {
    const r = await db(['import', '--db', 'v.db', FIXTURES], {}, true);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('\r\x1b[Kimporting ');
    expect(r.stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  it('exits 2 for bad input, without a stack trace', async () => {
    const missing = await db(['import', '--db', 'v.db', 'nope.json']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe(
      `shipshape: ${join(dir, 'nope.json')}: no such file or directory\nhint: check the path and try again\n`,
    );
    writeFileSync(join(dir, 'all.zip'), Buffer.from('PK\x03\x04 this is not really a zip archive'));
    const zip = await db(['import', '--db', 'v.db', 'all.zip']);
    expect(zip.code).toBe(2);
    expect(zip.stderr).toMatch(
      /^shipshape: .*all\.zip: not a readable zip archive \(.*\)\nhint: download the file again\n$/,
    );
    expect(readdirSync(dir)).toEqual(['all.zip']);
    const none = await db(['import']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('db import: no input given');
  });

  it('never writes over a file that is not its database', async () => {
    const junk = 'an SQLite database this is not'.repeat(40);
    writeFileSync(join(dir, 'junk.db'), junk);
    const r = await db(['import', '--db', 'junk.db', FIXTURES]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/junk\.db: not a shipshape vulnerability database/);
    expect(readFileSync(join(dir, 'junk.db'), 'utf8')).toBe(junk);
  });

  it('takes its limits from the environment', async () => {
    const bad = await db(['import', '--db', 'v.db', FIXTURES], { SHIPSHAPE_MAX_OSV_RECORD_BYTES: 'lots' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('SHIPSHAPE_MAX_OSV_RECORD_BYTES=lots is not a positive whole number');
    const small = await db(['import', '--db', 'v.db', FIXTURES], { SHIPSHAPE_MAX_OSV_RECORD_BYTES: '4000' });
    expect(small.code).toBe(0);
    expect(small.stderr).toMatch(
      /^shipshape: skipped .*: file too large: \d+ exceeds the limit of 4000 \(recordBytes/m,
    );
  });
});

describe('shipshape db status', () => {
  it('says how to get a database when there is none', async () => {
    const r = await db(['status', '--db', 'missing.db']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `shipshape: no vulnerability database at ${join(dir, 'missing.db')}\nhint: run shipshape db update, or shipshape db import PATH\n`,
    });
  });

  it('refuses a file that is not a database', async () => {
    writeFileSync(join(dir, 'junk.db'), 'not sqlite at all, just text'.repeat(50));
    const r = await db(['status', '--db', 'junk.db']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/junk\.db: not a shipshape vulnerability database/);
    expect(r.stderr).toContain(
      'hint: delete the file, then run shipshape db update, or shipshape db import PATH',
    );
  });

  it('prints a table, and JSON on request', async () => {
    await db(['import', '--db', 'v.db', FIXTURES]);
    const table = await db(['status', '--db', 'v.db']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      new RegExp(`^database {3}.*v\\.db \\(\\d+\\.\\d KB, schema ${SCHEMA_VERSION}\\)$`, 'm'),
    );
    expect(table.stdout).toMatch(/^updated {4}\d{4}-\d\d-\d\dT.* \((just now|\d+ minutes? ago)\)$/m);
    expect(table.stdout).toContain('holds      12 OSV records (2 withdrawn), 0 KEV entries, 0 EPSS scores');
    expect(table.stdout).toMatch(/^AlmaLinux +1$/m);
    expect(table.stdout).toMatch(/^Debian +3$/m);
    expect(table.stdout).toMatch(new RegExp(`^import:${FIXTURES} +osv +12 `, 'm'));
    const json = await db(['status', '--db', 'v.db', '--format', 'json']);
    const s = JSON.parse(json.stdout);
    expect(s).toMatchObject({
      vulnerabilities: 12,
      withdrawn: 2,
      kev: 0,
      epss: 0,
      schemaVersion: SCHEMA_VERSION,
    });
    expect((await db(['status', '--db', 'v.db', '-f', 'xml'])).code).toBe(2);
  });
});

describe('shipshape db', () => {
  it('has help, and refuses unknown subcommands', async () => {
    expect((await db(['--help'])).stdout).toContain('Usage: shipshape db <command>');
    const bare = await db([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: shipshape db <command>');
    const unknown = await db(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("db: unknown command 'frobnicate'");
    const extra = await db(['update', 'somewhere']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain("db update: unexpected argument 'somewhere'");
  });

  it('words ages for people', () => {
    expect(formatAge(5)).toBe('just now');
    expect(formatAge(60)).toBe('1 minute ago');
    expect(formatAge(3 * 3600 + 5)).toBe('3 hours ago');
    expect(formatAge(9 * 86400)).toBe('9 days ago');
  });
});

describe('shipshape db update', () => {
  const itZip = requireTool('zip') ? it : it.skip;
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
    if (requireTool('zip')) serveAll(server, join(dir, 'srv'));
  });
  afterEach(() => server.close());

  const urls = () => [
    '--osv-url',
    server.url,
    '--ecosystems',
    'Debian,Alpine,npm',
    '--kev-url',
    `${server.url}/kev.json`,
    '--epss-url',
    `${server.url}/epss_scores-current.csv.gz`,
  ];

  it('refuses --offline without opening a socket', async () => {
    const r = await db(['update', '--offline', ...urls()]);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'shipshape: --offline: db update needs the network\nhint: drop --offline, or use shipshape db import PATH\n',
    });
    expect(server.log).toEqual([]);
  });

  it('says what failed, where, and what to do when the server cannot be reached', async () => {
    await server.close();
    const r = await db(['update', '--db', 'v.db', ...urls()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^shipshape: db update: osv:Debian: http:\/\/127\.0\.0\.1:\d+\/Debian\/modified_id\.csv: connection refused \(127\.0\.0\.1:\d+\)\nhint: check the network and try again \(the database was left as it was\); --osv-url URL points at a mirror; HTTP proxies are not supported yet\n$/,
    );
    expect(readdirSync(dir).filter((f) => f.startsWith('v.db'))).toEqual([]);
    const bad = await db(['update', '--db', 'v.db', '--osv-url', 'ftp://mirror/osv']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('only http and https URLs are supported');
  });

  itZip(
    'creates the database, prints one summary line, and a later scan finds what the records say',
    async () => {
      const env = { SHIPSHAPE_CACHE_DIR: join(dir, 'cache') };
      const r = await db(['update', ...urls()], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const path = join(dir, 'cache', 'db', 'vulnerabilities.db');
      expect(r.stdout).toMatch(
        new RegExp(
          `^created ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} in \\d+\\.\\d s \\([\\d.]+ KB in 8 requests\\): ` +
            'osv:Debian \\+7 ~0 \\(full, 7 in all\\), osv:Alpine \\+3 ~0 \\(full, 3 in all\\), ' +
            'osv:npm \\+33 ~0 \\(full, 33 in all\\), kev \\+2 ~0 \\(full, 2 in all\\), epss \\+4 ~0 \\(full, 4 in all\\)\n$',
        ),
      );
      const again = await db(['update', ...urls()], env);
      expect(again.stdout).toMatch(
        /^checked .* \(0 B in 5 requests\): osv:Debian unchanged, .* epss unchanged\n$/,
      );
      expect((await db(['update', '-q', ...urls()], env)).stdout).toBe('');

      const status = await db(['status'], env);
      expect(status.stdout).toMatch(
        /^osv:Debian +osv +7 +\d{4}-\d\d-\d\dT\S+ +just now +etag\+last-modified +checked just now$/m,
      );
      expect(status.stdout).toMatch(
        /^kev +kev +2 .* etag\+last-modified +checked just now, catalog 2025\.01\.02$/m,
      );

      // A Debian 9 image with openssl before DLA-3008-1's fix, and lodash before GHSA-35jh-r3h4-6jhm's.
      const root = join(dir, 'rootfs');
      mkdirSync(join(root, 'etc'), { recursive: true });
      mkdirSync(join(root, 'var', 'lib', 'dpkg'), { recursive: true });
      mkdirSync(join(root, 'app', 'node_modules', 'lodash'), { recursive: true });
      writeFileSync(join(root, 'etc', 'os-release'), 'ID=debian\nVERSION_ID="9"\nVERSION_CODENAME=stretch\n');
      writeFileSync(
        join(root, 'var', 'lib', 'dpkg', 'status'),
        'Package: libssl1.1\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 1.1.0l-1~deb9u5\nDescription: test\n',
      );
      writeFileSync(
        join(root, 'app', 'node_modules', 'lodash', 'package.json'),
        JSON.stringify({ name: 'lodash', version: '4.17.20' }),
      );
      let stdout = '';
      let stderr = '';
      const code = await main(['scan', `dir:${root}`, '--format', 'json', '--fail-on', 'none'], {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        env: { HOME: join(dir, 'home'), ...env },
        cwd: dir,
      });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const findings = (
        JSON.parse(stdout) as {
          findings: {
            ruleId: string;
            package: { name: string };
            vulnerability: { id: string; knownExploited?: boolean; epss?: number };
          }[];
        }
      ).findings;
      const dla = findings.find((f) => f.vulnerability.id === 'DLA-3008-1');
      expect(dla?.package.name).toBe('libssl1.1');
      // From the KEV catalog and EPSS CSV the update downloaded, through DLA-3008-1's upstream CVE-2022-1292.
      expect(dla?.vulnerability).toMatchObject({ knownExploited: true, epss: 0.26744 });
      const lodash = findings.find((f) => f.vulnerability.id === 'GHSA-35jh-r3h4-6jhm');
      expect(lodash?.package.name).toBe('lodash');
    },
  );

  itZip('reads its sources from .shipshape.yaml, and shows progress on a terminal', async () => {
    writeFileSync(
      join(dir, '.shipshape.yaml'),
      `db:\n  osvUrl: ${server.url}/\n  ecosystems: [Alpine]\n  kevUrl: ''\n  epssUrl: ''\n`,
    );
    const r = await db(['update', '--db', 'v.db'], {}, true);
    expect(r.code).toBe(0);
    expect(server.log.map((e) => e.path)).toEqual(['/Alpine/modified_id.csv', '/Alpine/all.zip']);
    expect(r.stderr).toMatch(/^\r\x1b\[Kdownloading osv:Alpine all\.zip: [\d.]+ KB of [\d.]+ KB/);
    expect(r.stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(r.stdout).toMatch(/: osv:Alpine \+3 ~0 \(full, 3 in all\)\n$/);
    // A flag wins over the file.
    server.log.length = 0;
    await db(['update', '--db', 'v.db', '--ecosystems', 'npm']);
    expect(server.log.map((e) => e.path)).toEqual(['/npm/modified_id.csv', '/npm/all.zip']);
  });
});
