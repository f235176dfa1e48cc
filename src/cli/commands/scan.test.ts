import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeElf, inlineHeader, wrapModinfo } from '../../catalog/go-binary/fixtures/synthetic.js';
import { inventory } from '../../image/inventory.js';
import {
  buildImage,
  dockerArchiveFiles,
  type TestEntry,
  type TestImage,
  writeTar,
} from '../../image/test-image.js';
import { importOsv } from '../../vuln/db/import.js';
import { openDatabase, setMeta } from '../../vuln/db/schema.js';
import { GOOF_NPM, goofImageRecipe } from '../../vuln/demo-image.js';
import { main } from '../main.js';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'src', 'vuln', 'db', 'fixtures', 'osv');
const EXAMPLE = join(ROOT, 'examples', 'goof', 'image.tar');

let dir: string;
let db: string;
let buster: string;
let stretch: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function scan(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['scan', ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { HOME: join(dir, 'home'), SHIPSHAPE_CACHE_DIR: join(dir, 'cache'), ...opts.env },
    cwd: opts.cwd ?? join(dir, 'work'),
  });
  return { code, stdout, stderr };
}

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON reports, checked field by field below
type Json = any;

async function json(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = await scan(['--format', 'json', ...args], opts);
  return { ...r, report: JSON.parse(r.stdout) as Json };
}

/** `CVE id package@version` of each finding, sorted. */
const ids = (findings: Json[]) =>
  findings.map((f: Json) => `${f.ruleId} ${f.package.name}@${f.package.version}`).sort();

function deb(p: { name: string; version: string; source?: string }): string {
  return [
    `Package: ${p.name}`,
    'Status: install ok installed',
    'Architecture: amd64',
    ...(p.source ? [`Source: ${p.source}`] : []),
    `Version: ${p.version}`,
    'Description: test package',
    '',
  ].join('\n');
}

function osRelease(version: string, codename: string): TestEntry {
  return {
    name: 'etc/os-release',
    content: `ID=debian\nVERSION_ID="${version}"\nVERSION_CODENAME=${codename}\nPRETTY_NAME="Debian GNU/Linux ${version}"\n`,
  };
}

const npmPackage = (at: string, name: string, version: string): TestEntry => ({
  name: `${at}/node_modules/${name}/package.json`,
  content: JSON.stringify({ name, version }),
});

/** A Go 1.18 binary's build info: stdlib 1.18.5, golang.org/x/net before its fix, and teleport (withdrawn record). */
const SERVER = fakeElf([
  inlineHeader(
    'go1.18.5',
    wrapModinfo(
      [
        'path\texample.com/server',
        'mod\texample.com/server\t(devel)\t',
        'dep\tgithub.com/gravitational/teleport\tv14.2.0+incompatible\th1:x=',
        'dep\tgolang.org/x/net\tv0.0.0-20220722155237-a158d28d115b\th1:y=',
        '',
      ].join('\n'),
    ),
  ),
]);

// Debian 10 base (one rootfs layer, then the base's CMD), then three layers of the user's own build.
const BUSTER: TestImage = {
  layers: [
    {
      createdBy:
        '/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / ',
      entries: [
        osRelease('10', 'buster'),
        {
          name: 'var/lib/dpkg/status',
          content: [
            deb({ name: 'base-files', version: '10.3+deb10u13' }),
            // A Debian 9 advisory (DLA-3008-1) covers this version, but not on Debian 10.
            deb({ name: 'libssl1.1', version: '1.1.0l-1~deb9u5', source: 'openssl' }),
            // CVE-2024-1013: no fix, Debian urgency `unimportant`.
            deb({ name: 'unixodbc-dev', version: '2.3.6-0.1', source: 'unixodbc' }),
            // CVE-2024-3847: no fix, urgency `low`.
            deb({ name: 'chromium', version: '120.0.6099.224-1~deb10u1' }),
          ].join('\n'),
        },
      ],
    },
    {
      createdBy:
        '/bin/sh -c #(nop) COPY dir:0e6f4a5d8b1c9f2e7a3b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f in /app ',
      entries: [{ name: 'app/package.json', content: '{"name":"app","version":"1.0.0"}' }],
    },
    {
      createdBy: '/bin/sh -c npm ci',
      entries: [
        npmPackage('app', 'lodash', '4.17.20'),
        // The fixed version, nested under another package: not affected.
        npmPackage('app/node_modules/other', 'lodash', '4.17.21'),
        npmPackage('app', 'express', '4.17.1'),
      ],
    },
    {
      createdBy:
        '/bin/sh -c #(nop) COPY file:9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b in /usr/local/bin/server ',
      entries: [{ name: 'usr/local/bin/server', content: SERVER, mode: 0o755 }],
    },
  ],
  emptyHistory: [
    { after: 0, createdBy: '/bin/sh -c #(nop)  CMD ["bash"]' },
    { after: 0, createdBy: '/bin/sh -c #(nop) WORKDIR /app' },
    { after: 3, createdBy: '/bin/sh -c #(nop)  CMD ["server"]' },
  ],
};

const BUSTER_DOCKERFILE = `FROM debian:10
WORKDIR /app
COPY app .
RUN npm ci
COPY bin/server /usr/local/bin/server
CMD ["server"]
`;

// Debian 9: a binNMU of an affected source version, a binNMU of the fixed one, and a package whose only record
// is for Debian 10 and 11.
const STRETCH: TestImage = {
  layers: [
    {
      createdBy:
        '/bin/sh -c #(nop) ADD file:1c4c4f8d5ef1e1a6a4f7c6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5 in / ',
      entries: [
        osRelease('9', 'stretch'),
        {
          name: 'var/lib/dpkg/status',
          content: [
            deb({ name: 'openssl', version: '1.1.0l-1~deb9u5+b1', source: 'openssl (1.1.0l-1~deb9u5)' }),
            deb({ name: 'libssl1.1', version: '1.1.0l-1~deb9u6+b1', source: 'openssl (1.1.0l-1~deb9u6)' }),
            deb({ name: 'chromium', version: '73.0.3683.75-1~deb9u1' }),
          ].join('\n'),
        },
      ],
    },
  ],
};

async function writeImage(image: TestImage, name: string): Promise<string> {
  return writeTar(join(dir, `${name}.tar`), dockerArchiveFiles(await buildImage(image), 'oci'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-scan-cli-'));
  mkdirSync(join(dir, 'home'));
  mkdirSync(join(dir, 'work'));
  db = join(dir, 'vulns.db');
  const h = await openDatabase(db, { create: true });
  await importOsv(h, [FIXTURES, join(ROOT, 'data', 'osv-demo', 'GHSA-qw6h-vgh9-j6wx.json')]);
  h.close();
  buster = await writeImage(BUSTER, 'buster');
  stretch = await writeImage(STRETCH, 'stretch');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh working directory (for config files) per test that needs one. */
function workdir(files: Record<string, string> = {}): string {
  const w = mkdtempSync(join(dir, 'w-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(w, name), text);
  return w;
}

const ALL_BUSTER = [
  'CVE-2020-28500 lodash@4.17.20',
  'CVE-2022-27664 golang.org/x/net@v0.0.0-20220722155237-a158d28d115b',
  'CVE-2022-27664 stdlib@1.18.5',
  'CVE-2024-1013 unixodbc-dev@2.3.6-0.1',
  'CVE-2024-3847 chromium@120.0.6099.224-1~deb10u1',
  'CVE-2024-43796 express@4.17.1',
];

describe('scan: matching real records in generated images', () => {
  it('reports affected versions only: release respected, unfixed kept, withdrawn and fixed versions left out', async () => {
    const { code, report } = await json(['--db', db, buster]);
    expect(code).toBe(0);
    // Not there: lodash 4.17.21 (fixed), libssl1.1 (a Debian 9 record), teleport (withdrawn GO-2024-2442).
    expect(ids(report.findings)).toEqual(ALL_BUSTER);
    const byId = (id: string, name: string) =>
      report.findings.find((f: Json) => f.ruleId === id && f.package.name === name);
    expect(byId('CVE-2024-1013', 'unixodbc-dev').vulnerability).toMatchObject({
      id: 'CVE-2024-1013',
      fixedVersions: [],
      status: 'unimportant',
    });
    expect(byId('CVE-2024-1013', 'unixodbc-dev').fix).toBeUndefined();
    expect(byId('CVE-2024-1013', 'unixodbc-dev').severity).toBe('info');
    const lodash = byId('CVE-2020-28500', 'lodash');
    expect(lodash.vulnerability).toMatchObject({
      id: 'GHSA-29mw-wpgm-hmr9',
      aliases: ['CVE-2020-28500'],
      fixedVersions: ['4.17.21'],
      knownExploited: false,
    });
    expect(lodash.vulnerability.cvss).toMatchObject({ version: '3.1', score: 5.3 });
    expect(lodash.fix).toBe('upgrade lodash to 4.17.21 or later');
    expect(lodash.location).toEqual({ layer: 2, path: '/app/node_modules/lodash/package.json' });
    // Both Go findings are one vulnerability with the GHSA alias, fixed per module.
    expect(byId('CVE-2022-27664', 'stdlib').vulnerability.fixedVersions).toEqual(['1.18.6']);
    expect(byId('CVE-2022-27664', 'golang.org/x/net').vulnerability.aliases).toContain('GHSA-69cg-p879-7622');
  });

  it('matches Debian binNMUs through their source version and leaves out other releases', async () => {
    const { report } = await json(['--db', db, stretch]);
    expect(ids(report.findings)).toEqual(['CVE-2022-1292 openssl@1.1.0l-1~deb9u5+b1']);
    const f = report.findings[0];
    expect(f.vulnerability.fixedVersions).toEqual(['1.1.0l-1~deb9u6']);
    expect(f.message).toContain('(source openssl 1.1.0l-1~deb9u5)');
    expect(f.vulnerability.id).toBe('DLA-3008-1');
  });

  it('filters: --ignore-unfixed (and --only-fixed), --severity, --ignore-status', async () => {
    const fixedOnly = ALL_BUSTER.filter((l) => !/CVE-2024-(1013|3847)/.test(l));
    expect(ids((await json(['--db', db, '--ignore-unfixed', buster])).report.findings)).toEqual(fixedOnly);
    expect(ids((await json(['--db', db, '--only-fixed', buster])).report.findings)).toEqual(fixedOnly);
    const medium = (await json(['--db', db, '--severity', 'medium', buster])).report;
    expect(ids(medium.findings)).toEqual(ALL_BUSTER.filter((l) => /28500|27664/.test(l)));
    expect(medium.summary).toEqual({ critical: 0, high: 0, medium: 3, low: 0, info: 0 });
    const status = (await json(['--db', db, '--ignore-status', 'unimportant', buster])).report;
    expect(ids(status.findings)).toEqual(ALL_BUSTER.filter((l) => !l.includes('1013')));
    const both = (await json(['--db', db, '--ignore-status', 'unimportant,LOW', buster])).report;
    expect(ids(both.findings)).toEqual(ALL_BUSTER.filter((l) => !/1013|3847/.test(l)));
  });

  it('exit status: --fail-on (default high), --exit-code', async () => {
    expect((await scan(['--db', db, buster])).code).toBe(0);
    expect((await scan(['--db', db, '--fail-on', 'medium', buster])).code).toBe(1);
    expect((await scan(['--db', db, '--fail-on', 'medium', '--exit-code', '13', buster])).code).toBe(13);
    expect((await scan(['--db', db, '--fail-on', 'info', '--exit-code', '0', buster])).code).toBe(0);
    expect((await scan(['--db', db, '--fail-on', 'none', buster])).code).toBe(0);
    // Only what is shown counts: --severity info leaves nothing at or above low.
    expect((await scan(['--db', db, '--fail-on', 'low', '--severity', 'info', buster])).code).toBe(0);
    expect((await scan(['--db', db, '--fail-on', 'low', '--severity', 'info,low', buster])).code).toBe(1);
    const bad = await scan(['--db', db, '--exit-code', '256', buster]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--exit-code 256 is not an exit status');
    expect((await scan(['--db', db, '--fail-on', 'severe', buster])).code).toBe(2);
  });
});

describe('scan: reports', () => {
  it('table: grouped by package with origin, columns, and one summary line', async () => {
    const r = await scan(['--db', db, buster]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ {2}ID +SEVERITY +FIXED IN +STATUS +EXPLOIT +TITLE$/);
    expect(r.stdout).toMatch(/^lodash 4\.17\.20 \(npm\) — layer 2: \/bin\/sh -c npm ci$/m);
    expect(r.stdout).toMatch(
      /^ {2}CVE-2020-28500 +MEDIUM +4\.17\.21 +- +- +Regular Expression Denial of Service/m,
    );
    expect(r.stdout).toMatch(
      /^unixodbc-dev 2\.3\.6-0\.1 \(deb\) — layer 0, base image: \/bin\/sh -c #\(nop\) ADD file:/m,
    );
    expect(r.stdout).toMatch(
      /^ {2}CVE-2024-1013 +INFO +no fix +unimportant +- +An out-of-bounds stack write flaw/m,
    );
    expect(lines.at(-1)).toBe(
      '6 vulnerabilities (3 medium, 2 low, 1 info) in 6 packages: 4 fixable, 0 known exploited',
    );
    // Priority: severity first (the three medium ones lead), no-fix after fix within a severity.
    const order = lines.filter((l) => /^ {2}CVE-/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
    expect(order.slice(0, 3).sort()).toEqual(['CVE-2020-28500', 'CVE-2022-27664', 'CVE-2022-27664']);
    expect(order.at(-1)).toBe('CVE-2024-1013');
    expect(r.stdout).not.toContain('\u001b[');
    const quiet = await scan(['--db', db, '--quiet', buster]);
    expect(quiet.stdout).not.toContain('vulnerabilities (');
  });

  it('json: the SPEC object (schema-checked), with packages, attributed layers and summary', async () => {
    const { report } = await json(['--db', db, buster]);
    const validate = new Ajv({ allErrors: true, strict: false }).compile(SPEC_SCHEMA);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.target).toMatchObject({ type: 'image', ref: buster, os: { id: 'debian', version: '10' } });
    expect(report.target.layers.map((l: Json) => l.base)).toEqual([true, false, false, false]);
    expect(report.packages.map((p: Json) => p.name)).toContain('github.com/gravitational/teleport');
    expect(report.summary).toEqual({ critical: 0, high: 0, medium: 3, low: 2, info: 1 });
  });

  it('sarif: 2.1.0, one rule per vulnerability, levels by severity, Dockerfile lines or image paths', async () => {
    const dockerfile = join(workdir({ Dockerfile: BUSTER_DOCKERFILE }), 'Dockerfile');
    const r = await scan(['--db', db, '--format', 'sarif', '--dockerfile', dockerfile, buster]);
    const log = JSON.parse(r.stdout);
    validateSarif(log);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((x: Json) => x.id)).toEqual([
      'CVE-2020-28500',
      'CVE-2022-27664',
      'CVE-2024-1013',
      'CVE-2024-3847',
      'CVE-2024-43796',
    ]);
    const rule = run.tool.driver.rules[0];
    expect(rule.helpUri).toBe('https://osv.dev/vulnerability/GHSA-29mw-wpgm-hmr9');
    expect(rule.properties['security-severity']).toBe('5.3');
    const lodash = run.results.find((x: Json) => x.ruleId === 'CVE-2020-28500');
    expect(lodash.level).toBe('warning');
    expect(lodash.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: `file://${dockerfile}` },
      region: { startLine: 4, startColumn: 1 },
    });
    const odbc = run.results.find((x: Json) => x.ruleId === 'CVE-2024-1013');
    expect(odbc.level).toBe('note');
    expect(odbc.locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'var/lib/dpkg/status',
      uriBaseId: 'IMAGE',
    });
    expect(run.originalUriBaseIds.IMAGE.description.text).toContain(buster);
  });
});

describe('scan: attribution', () => {
  it('--dockerfile maps layers to the final stage lines; earlier layers are the base image', async () => {
    const w = workdir({ Dockerfile: BUSTER_DOCKERFILE });
    const { report, stderr } = await json(['--db', db, '--dockerfile', 'Dockerfile', buster], { cwd: w });
    expect(stderr).not.toContain('does not match');
    expect(report.target.layers.map((l: Json) => [l.index, l.base, l.line])).toEqual([
      [0, true, undefined],
      [1, false, 3],
      [2, false, 4],
      [3, false, 5],
    ]);
    const at = (name: string) => report.findings.find((f: Json) => f.package.name === name).location;
    expect(at('lodash')).toEqual({
      file: 'Dockerfile',
      line: 4,
      layer: 2,
      path: '/app/node_modules/lodash/package.json',
    });
    expect(at('stdlib')).toMatchObject({ file: 'Dockerfile', line: 5, layer: 3 });
    expect(at('chromium')).toEqual({ layer: 0, path: '/var/lib/dpkg/status' });
    const table = await scan(['--db', db, '--dockerfile', 'Dockerfile', buster], { cwd: w });
    expect(table.stdout).toMatch(/^lodash 4\.17\.20 \(npm\) — Dockerfile:4, layer 2$/m);
  });

  it('says so when the Dockerfile does not match the image', async () => {
    const w = workdir({ Dockerfile: 'FROM debian:10\nRUN apt-get update\nRUN make\n' });
    const r = await scan(['--db', db, '--dockerfile', 'Dockerfile', buster], { cwd: w });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Dockerfile:3: RUN does not match layer 3 \(.*COPY file:.*\); layers 0-3/);
  });

  it('--only-base and --ignore-base split the findings by the base image boundary', async () => {
    const base = (await json(['--db', db, '--only-base', buster])).report;
    expect(ids(base.findings)).toEqual(ALL_BUSTER.filter((l) => /1013|3847/.test(l)));
    const own = (await json(['--db', db, '--ignore-base', buster])).report;
    expect(ids(own.findings)).toEqual(ALL_BUSTER.filter((l) => !/1013|3847/.test(l)));
    const both = await scan(['--db', db, '--only-base', '--ignore-base', buster]);
    expect(both.code).toBe(2);
  });
});

describe('scan: ignores', () => {
  it('.shipshape.yaml: by id or alias, package and path, with reasons; expired and unused ones are reported', async () => {
    const w = workdir({
      '.shipshape.yaml': [
        'ignore:',
        '  - id: DL3008', // a lint ignore: not scan's business, no reason needed
        '  - id: CVE-2020-28500',
        '    package: lodash',
        '    reason: only used at build time',
        '  - id: GHSA-69cg-p879-7622',
        "    path: '/usr/local/bin/**'",
        '    reason: the server does not use HTTP/2',
        '  - id: CVE-2024-43796',
        '    reason: was true once',
        '    expires: 2020-01-01',
        '  - id: CVE-1999-0001',
        '    reason: stale',
        'scan:',
        '  ignoreStatus: [low]',
        '',
      ].join('\n'),
    });
    const { report, stderr, code } = await json(['--db', db, buster], { cwd: w });
    expect(code).toBe(0);
    expect(ids(report.findings)).toEqual([
      'CVE-2024-1013 unixodbc-dev@2.3.6-0.1',
      'CVE-2024-43796 express@4.17.1',
    ]);
    expect(ids(report.suppressed)).toEqual([
      'CVE-2020-28500 lodash@4.17.20',
      'CVE-2022-27664 golang.org/x/net@v0.0.0-20220722155237-a158d28d115b',
      'CVE-2022-27664 stdlib@1.18.5',
    ]);
    const lodash = report.suppressed.find((f: Json) => f.package.name === 'lodash');
    expect(lodash.suppression).toEqual({
      kind: 'config',
      reason: `only used at build time (${join(w, '.shipshape.yaml')}:3)`,
    });
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toContain(
      `shipshape: ${join(w, '.shipshape.yaml')}:9: the ignore of CVE-2024-43796 expired on 2020-01-01 and no longer applies`,
    );
    expect(lines).toContain(
      `shipshape: ${join(w, '.shipshape.yaml')}:12: the ignore of CVE-1999-0001 matched no vulnerability in this image`,
    );
    expect(lines).toHaveLength(2);
    const table = await scan(['--db', db, buster], { cwd: w });
    expect(table.stdout.trimEnd().split('\n').at(-1)).toMatch(/, 3 suppressed$/);
  });

  it('a vulnerability ignore without a reason is a config error (exit 2) that names the line', async () => {
    const w = workdir({
      '.shipshape.yaml': 'ignore:\n  - id: DL3008\n  - id: CVE-2020-28500\n    package: lodash\n',
    });
    const r = await scan(['--db', db, buster], { cwd: w });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${join(w, '.shipshape.yaml')}:3: ignore.[1]: the ignore of CVE-2020-28500 has no reason`,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const expiry = workdir({
      'ci.shipshape.yaml': 'ignore:\n  - id: CVE-1\n    reason: x\n    expires: soon\n',
    });
    const e = await scan(['--db', db, '--config', 'ci.shipshape.yaml', buster], { cwd: expiry });
    expect(e.code).toBe(2);
    expect(e.stderr).toContain("'soon' is not a date");
  });

  it('.trivyignore: ids, comments as reasons, exp: dates', async () => {
    const w = workdir({
      '.trivyignore':
        '# not reachable: odbc is only a build dependency\nCVE-2024-1013\n\nCVE-2024-3847 exp:2001-02-03\nCVE-2024-43796 exp:2999-01-01\n',
    });
    const { report, stderr } = await json(['--db', db, buster], { cwd: w });
    expect(ids(report.suppressed)).toEqual([
      'CVE-2024-1013 unixodbc-dev@2.3.6-0.1',
      'CVE-2024-43796 express@4.17.1',
    ]);
    const odbc = report.suppressed.find((f: Json) => f.ruleId === 'CVE-2024-1013');
    expect(odbc.suppression.reason).toBe(
      `not reachable: odbc is only a build dependency (${join(w, '.trivyignore')}:2)`,
    );
    expect(ids(report.findings)).toContain('CVE-2024-3847 chromium@120.0.6099.224-1~deb10u1');
    expect(stderr).toContain('.trivyignore:4: the ignore of CVE-2024-3847 expired on 2001-02-03');
  });

  it('.grype.yaml: vulnerability, fix-state and package rules', async () => {
    const w = workdir({
      '.grype.yaml': [
        'ignore:',
        '  - vulnerability: CVE-2024-43796',
        '  - fix-state: not-fixed',
        '    package:',
        '      type: deb',
        '  - vulnerability: GHSA-69cg-p879-7622',
        '    package:',
        '      type: go-module',
        '      name: stdlib',
        '',
      ].join('\n'),
    });
    const { report, stderr } = await json(['--db', db, buster], { cwd: w });
    expect(ids(report.findings)).toEqual([
      'CVE-2020-28500 lodash@4.17.20',
      'CVE-2022-27664 golang.org/x/net@v0.0.0-20220722155237-a158d28d115b',
      // CVE-2024-1013 is `unimportant`: Grype would call that wont-fix, which `not-fixed` does not cover.
      'CVE-2024-1013 unixodbc-dev@2.3.6-0.1',
    ]);
    expect(stderr).toBe('');
  });
});

describe('scan: the database', () => {
  it('a missing --db is exit 2 with what to do', async () => {
    const r = await scan(['--db', join(dir, 'none.db'), buster]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `shipshape: no vulnerability database at ${join(dir, 'none.db')}\nhint: run shipshape db update, or shipshape db import PATH\n`,
    );
  });

  it('an old database gets one warning line', async () => {
    const old = join(dir, 'old.db');
    copyFileSync(db, old);
    const h = await openDatabase(old, { create: true });
    setMeta(h, 'updated', new Date(Date.now() - 10 * 86_400_000).toISOString());
    h.close();
    const r = await scan(['--db', old, '--quiet', buster]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^shipshape: the vulnerability database is 10 days old \(last updated \d{4}-\d\d-\d\d\); run shipshape db update\n$/,
    );
    expect((await scan(['--db', db, '--quiet', buster])).stderr).toBe('');
  });

  it('a corrupt or foreign database file is exit 2, not a crash', async () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, Buffer.alloc(8192, 0x5a));
    const r = await scan(['--db', junk, buster]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a shipshape vulnerability database');
    // A real database cut short: its pages are gone.
    const cut = join(dir, 'cut.db');
    const { readFileSync } = await import('node:fs');
    writeFileSync(cut, readFileSync(db).subarray(0, 4096));
    const c = await scan(['--db', cut, buster]);
    expect(c.code).toBe(2);
    expect(c.stderr).not.toContain('internal error');
  });

  it('without a database: exit 2 and what to do, never a scan that checked nothing', async () => {
    const cache = mkdtempSync(join(dir, 'cache-'));
    const r = await scan([EXAMPLE], { env: { SHIPSHAPE_CACHE_DIR: cache } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `shipshape: scan: no vulnerability database at ${join(cache, 'db', 'vulnerabilities.db')}\n` +
        'hint: run shipshape db update (or shipshape db import PATH); to try shipshape out, --demo-db uses the bundled records\n',
    );
    expect(existsSync(join(cache, 'db'))).toBe(false);
    const both = await scan(['--demo-db', '--db', db, EXAMPLE], { env: { SHIPSHAPE_CACHE_DIR: cache } });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--db and --demo-db name two databases');
  });

  it('--demo-db builds the demo database from the bundled records, once, and finds real vulnerabilities', async () => {
    const cache = mkdtempSync(join(dir, 'cache-'));
    const first = await json(['--demo-db', EXAMPLE], { env: { SHIPSHAPE_CACHE_DIR: cache } });
    expect(first.stderr).toMatch(
      /^shipshape: using the bundled demo database \(43 records\); run shipshape db update for the full one\n/,
    );
    expect(first.code).toBe(1);
    const built = readdirSync(join(cache, 'db')).filter((f) => f.startsWith('demo-'));
    expect(built).toHaveLength(1);
    expect(ids(first.report.findings)).toEqual([
      'CVE-2022-24999 qs@6.7.0',
      'CVE-2024-1013 libodbc1@2.3.6-0.1',
      'CVE-2024-1013 odbcinst@2.3.6-0.1',
      'CVE-2024-1013 unixodbc-dev@2.3.6-0.1',
      'CVE-2024-29041 express@4.17.1',
      'CVE-2024-43796 express@4.17.1',
      'CVE-2024-43799 send@0.17.1',
      'CVE-2024-43800 serve-static@1.14.1',
      'CVE-2024-45296 path-to-regexp@0.1.7',
      'CVE-2024-45590 body-parser@1.19.0',
      'CVE-2024-47764 cookie@0.4.0',
      'CVE-2024-52798 path-to-regexp@0.1.7',
    ]);
    const second = await scan(['--quiet', '--demo-db', EXAMPLE], { env: { SHIPSHAPE_CACHE_DIR: cache } });
    expect(second.stderr).toContain('using the bundled demo database');
    expect(readdirSync(join(cache, 'db')).filter((f) => f.startsWith('demo-'))).toEqual(built);
    // The standard database is used only without --demo-db, and the demo never stands in for it.
    copyFileSync(db, join(cache, 'db', 'vulnerabilities.db'));
    const real = await scan(['--quiet', EXAMPLE], { env: { SHIPSHAPE_CACHE_DIR: cache } });
    expect(real.stderr).toBe('');
  });

  it('the example image is what its recipe says, and the README command attributes it to the Dockerfile', async () => {
    const fresh = join(dir, 'goof-fresh.tar');
    await writeTar(
      fresh,
      dockerArchiveFiles(await buildImage(goofImageRecipe()), 'oci', 'shipshape-examples/goof:latest'),
    );
    const [committed, rebuilt] = await Promise.all([inventory(EXAMPLE), inventory(fresh)]);
    const shape = (i: typeof committed) => ({
      packages: i.packages,
      history: i.history,
      layers: i.target.layers.map((l) => [l.index, l.createdBy]),
      os: i.target.os,
    });
    expect(shape(committed)).toEqual(shape(rebuilt));
    const npm = committed.packages.filter((p) => p.type === 'npm').map((p) => `${p.name}@${p.version}`);
    expect(npm.sort()).toEqual(
      Object.entries(GOOF_NPM)
        .map(([n, v]) => `${n}@${v}`)
        .sort(),
    );
    const cache = mkdtempSync(join(dir, 'cache-'));
    const r = await json(
      ['--demo-db', '--dockerfile', join(ROOT, 'examples', 'goof', 'Dockerfile'), EXAMPLE],
      {
        env: { SHIPSHAPE_CACHE_DIR: cache },
      },
    );
    expect(r.stderr).not.toContain('does not match');
    const qs = r.report.findings.find((f: Json) => f.package.name === 'qs');
    expect(qs.location).toMatchObject({ line: 8, layer: 9 });
    expect(r.report.target.layers.filter((l: Json) => l.base).map((l: Json) => l.index)).toEqual([
      0, 1, 2, 3, 4,
    ]);
  });
});

describe('scan: invocation', () => {
  it('usage errors are exit 2 with one clear line', async () => {
    for (const [args, message] of [
      [[], 'scan: no image given'],
      [[buster, stretch], 'scan: one image at a time'],
      [['--format', 'xml', buster], "scan: unknown format 'xml'"],
      [['--severity', 'urgent', buster], "scan: unknown severity 'urgent'"],
      [['--offline', 'alpine:3.19'], '--offline never uses the network'],
      [['--password-stdin', buster], '--password-stdin needs --username'],
      [['--dockerfile', 'missing/Dockerfile', buster], 'missing/Dockerfile: no such file or directory'],
    ] as [string[], string][]) {
      const r = await scan(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain('internal error');
    }
    expect((await scan(['--db', db, '--offline', buster])).code).toBe(0);
    const big = workdir({ '.trivyignore': `${'CVE-2024-1013\n'.repeat(20)}` });
    const capped = await scan(['--db', db, buster], { cwd: big, env: { SHIPSHAPE_MAX_CONFIG_BYTES: '100' } });
    expect(capped.code).toBe(2);
    expect(capped.stderr).toContain('SHIPSHAPE_MAX_CONFIG_BYTES');
  });

  it('--output writes the report; --help describes the flags', async () => {
    const out = join(dir, 'report.json');
    const r = await scan(['--db', db, '-f', 'json', '-o', out, buster]);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(true);
    const help = await scan(['--help']);
    for (const flag of [
      '--ignore-status',
      '--exit-code',
      '--only-fixed',
      '--dockerfile',
      '--only-base',
      '--offline',
    ]) {
      expect(help.stdout).toContain(flag);
    }
  });
});

// SPEC's JSON object for scan; fields beyond SPEC are the documented additions (vulnerability.status, layer
// attribution, suppressed, unknowns).
const SPEC_SCHEMA = {
  type: 'object',
  required: ['schemaVersion', 'tool', 'target', 'packages', 'findings', 'summary'],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: 1 },
    tool: {
      type: 'object',
      required: ['name', 'version'],
      properties: { name: { const: 'shipshape' }, version: { type: 'string' } },
    },
    target: {
      type: 'object',
      required: ['type', 'ref', 'layers'],
      additionalProperties: false,
      properties: {
        type: { const: 'image' },
        ref: { type: 'string' },
        digest: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
        os: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string' }, version: { type: 'string' } },
        },
        platform: { type: 'string' },
        layers: {
          type: 'array',
          items: {
            type: 'object',
            required: ['index', 'digest', 'size'],
            additionalProperties: false,
            properties: {
              index: { type: 'integer' },
              digest: { type: 'string' },
              size: { type: 'integer' },
              createdBy: { type: 'string' },
              base: { type: 'boolean' },
              file: { type: 'string' },
              line: { type: 'integer', minimum: 1 },
            },
          },
        },
      },
    },
    packages: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'version', 'type', 'purl', 'locations'],
        properties: {
          name: { type: 'string' },
          version: { type: 'string' },
          type: {
            enum: [
              'deb',
              'apk',
              'rpm',
              'npm',
              'pypi',
              'golang',
              'maven',
              'gem',
              'cargo',
              'nuget',
              'composer',
            ],
          },
          purl: { type: 'string', pattern: '^pkg:' },
          layer: { type: 'integer' },
          locations: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    findings: { type: 'array', items: { $ref: '#/$defs/finding' } },
    suppressed: { type: 'array', items: { $ref: '#/$defs/finding' } },
    unknowns: { type: 'array' },
    summary: {
      type: 'object',
      required: ['critical', 'high', 'medium', 'low', 'info'],
      additionalProperties: false,
      properties: Object.fromEntries(
        ['critical', 'high', 'medium', 'low', 'info'].map((k) => [k, { type: 'integer' }]),
      ),
    },
  },
  $defs: {
    finding: {
      type: 'object',
      required: ['kind', 'ruleId', 'severity', 'title', 'message', 'location', 'package', 'vulnerability'],
      additionalProperties: false,
      properties: {
        kind: { const: 'vulnerability' },
        ruleId: { type: 'string', minLength: 1 },
        severity: { enum: ['critical', 'high', 'medium', 'low', 'info'] },
        title: { type: 'string', minLength: 1 },
        message: { type: 'string', minLength: 1 },
        location: {
          type: 'object',
          additionalProperties: false,
          properties: {
            file: { type: 'string' },
            line: { type: 'integer', minimum: 1 },
            layer: { type: 'integer', minimum: 0 },
            path: { type: 'string' },
          },
        },
        package: {
          type: 'object',
          required: ['name', 'version', 'type', 'purl'],
          additionalProperties: false,
          properties: {
            name: { type: 'string' },
            version: { type: 'string' },
            type: { type: 'string' },
            purl: { type: 'string' },
          },
        },
        vulnerability: {
          type: 'object',
          required: ['id', 'aliases', 'fixedVersions', 'knownExploited'],
          additionalProperties: false,
          properties: {
            id: { type: 'string' },
            aliases: { type: 'array', items: { type: 'string' } },
            fixedVersions: { type: 'array', items: { type: 'string' } },
            cvss: {
              type: 'object',
              required: ['version', 'vector', 'score'],
              additionalProperties: false,
              properties: {
                version: { enum: ['2.0', '3.0', '3.1', '4.0'] },
                vector: { type: 'string' },
                score: { type: 'number', minimum: 0, maximum: 10 },
              },
            },
            knownExploited: { type: 'boolean' },
            epss: { type: 'number', minimum: 0, maximum: 1 },
            status: { type: 'string' },
          },
        },
        fix: { type: 'string' },
        suppression: {
          type: 'object',
          required: ['kind', 'reason'],
          properties: { kind: { const: 'config' }, reason: { type: 'string' } },
        },
      },
    },
  },
};

/** The parts of SARIF 2.1.0 the schema requires and GitHub code scanning reads (as the lint SARIF test checks). */
function validateSarif(log: Json) {
  expect(log.version).toBe('2.1.0');
  expect(log.$schema).toMatch(/sarif-2\.1\.0/);
  for (const run of log.runs) {
    const driver = run.tool.driver;
    expect(typeof driver.name).toBe('string');
    expect(typeof driver.version).toBe('string');
    const ids = new Set<string>();
    for (const rule of driver.rules) {
      expect(ids.has(rule.id)).toBe(false);
      ids.add(rule.id);
      expect(typeof rule.shortDescription.text).toBe('string');
      expect(typeof rule.fullDescription.text).toBe('string');
      expect(typeof rule.help.text).toBe('string');
      expect(typeof rule.help.markdown).toBe('string');
      expect(rule.helpUri).toMatch(/^https:\/\//);
      expect(['none', 'note', 'warning', 'error']).toContain(rule.defaultConfiguration.level);
      expect(Number(rule.properties['security-severity'])).toBeGreaterThanOrEqual(0);
    }
    for (const result of run.results) {
      expect(typeof result.message.text).toBe('string');
      expect(ids.has(result.ruleId)).toBe(true);
      expect(driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(['none', 'note', 'warning', 'error']).toContain(result.level);
      expect(result.locations).toHaveLength(1);
      const loc = result.locations[0].physicalLocation;
      expect(typeof loc.artifactLocation.uri).toBe('string');
      if (loc.artifactLocation.uriBaseId !== undefined) {
        expect(run.originalUriBaseIds[loc.artifactLocation.uriBaseId]).toBeDefined();
      }
      if (loc.region) expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
    }
  }
}
