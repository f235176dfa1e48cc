import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { formatSbom, isSbomFormat, type SbomReport } from './index.js';
import { classifyLicense, spdxExpressionOf } from './licenses.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const report: SbomReport = {
  target: {
    type: 'image',
    ref: 'oci:/tmp/layout:app',
    digest: DIGEST,
    os: { id: 'debian', version: '12' },
    platform: 'linux/amd64',
    layers: [
      { index: 0, digest: `sha256:${'b'.repeat(64)}`, size: 10, createdBy: 'ADD rootfs /' },
      { index: 1, digest: `sha256:${'c'.repeat(64)}`, size: 20 },
    ],
  },
  packages: [
    {
      name: 'libssl3',
      version: '3.0.11-1~deb12u2',
      type: 'deb',
      purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
      source: { name: 'openssl', version: '3.0.11-1~deb12u2' },
      layer: 0,
      locations: ['/var/lib/dpkg/status'],
    },
    // The same package installed twice: bom-refs and SPDX ids must still be unique.
    {
      name: 'x',
      version: '1.0.0',
      type: 'npm',
      purl: 'pkg:npm/x@1.0.0',
      licenses: ['MIT'],
      layer: 1,
      locations: ['/a/node_modules/x/package.json'],
    },
    {
      name: 'x',
      version: '1.0.0',
      type: 'npm',
      purl: 'pkg:npm/x@1.0.0',
      licenses: ['(MIT OR Apache-2.0)'],
      layer: 1,
      locations: ['/b/node_modules/x/package.json'],
    },
    {
      name: 'y',
      version: '2',
      type: 'pypi',
      purl: 'pkg:pypi/y@2',
      licenses: ['BSD', 'MIT'],
      locations: ['/y.dist-info/METADATA'],
    },
  ],
};
const options = {
  toolVersion: '9.9.9',
  timestamp: '2024-05-01T12:00:00.000Z',
  serialNumber: 'urn:uuid:00000000-0000-4000-8000-000000000000',
};

describe('sbom formats', () => {
  it('knows its format names', () => {
    expect(isSbomFormat('cyclonedx-json')).toBe(true);
    expect(isSbomFormat('sarif')).toBe(false);
  });

  it('CycloneDX: valid 1.6, deterministic with pinned options, unique bom-refs, licenses sorted out', async () => {
    const text = formatSbom('cyclonedx-json', report, options);
    expect(formatSbom('cyclonedx-json', report, options)).toBe(text);
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text)).toBeNull();
    const bom = JSON.parse(text);
    expect(bom.serialNumber).toBe(options.serialNumber);
    expect(bom.metadata.component).toMatchObject({
      type: 'container',
      name: 'oci:/tmp/layout:app',
      version: DIGEST,
    });
    const refs = bom.components.map((c: { 'bom-ref': string }) => c['bom-ref']);
    expect(new Set(refs).size).toBe(4);
    const licenses = bom.components.map((c: { licenses?: unknown }) => c.licenses);
    expect(licenses).toContainEqual([{ license: { id: 'MIT' } }]);
    expect(licenses).toContainEqual([{ expression: '(MIT OR Apache-2.0)' }]);
    expect(licenses).toContainEqual([{ license: { name: 'BSD' } }, { license: { id: 'MIT' } }]);
    const ssl = bom.components.find((c: { name: string }) => c.name === 'libssl3');
    expect(ssl.properties).toEqual(
      expect.arrayContaining([
        { name: 'shipshape:layer', value: '0' },
        { name: 'shipshape:location', value: '/var/lib/dpkg/status' },
        { name: 'shipshape:source:name', value: 'openssl' },
      ]),
    );
  });

  it('SPDX: namespace from the digest, unique ids, DESCRIBES and CONTAINS', () => {
    const doc = JSON.parse(formatSbom('spdx-json', report, options));
    expect(doc.documentNamespace).toBe(`https://shipshape.dev/spdxdocs/oci-tmp-layout-app-${'a'.repeat(64)}`);
    expect(doc.creationInfo).toEqual({
      created: '2024-05-01T12:00:00Z',
      creators: ['Tool: shipshape-9.9.9'],
    });
    const ids = doc.packages.map((p: { SPDXID: string }) => p.SPDXID);
    expect(new Set(ids).size).toBe(5);
    expect(doc.relationships).toHaveLength(5);
    const declared = doc.packages.map((p: { licenseDeclared: string }) => p.licenseDeclared);
    expect(declared).toEqual(['NOASSERTION', 'NOASSERTION', 'MIT', '(MIT OR Apache-2.0)', 'NOASSERTION']);
  });

  it('json: SPEC object with findings []', () => {
    const doc = JSON.parse(formatSbom('json', report, options));
    expect(doc).toEqual({
      schemaVersion: 1,
      tool: { name: 'shipshape', version: '9.9.9' },
      target: report.target,
      packages: report.packages,
      findings: [],
    });
  });

  it('table: one row per package', () => {
    const text = formatSbom('table', report, options);
    expect(text.split('\n')[0]).toMatch(/^NAME\s+VERSION\s+TYPE\s+LAYER$/);
    expect(text).toMatch(/^y\s+2\s+pypi\s+-$/m);
    expect(text).toContain('4 packages in oci:/tmp/layout:app (debian 12)');
  });
});

describe('licenses', () => {
  it('classifies ids, expressions and names', () => {
    expect(classifyLicense('MIT')).toEqual({ kind: 'id', value: 'MIT' });
    expect(classifyLicense('GPL-2.0+')).toEqual({ kind: 'expression', value: 'GPL-2.0+' });
    expect(classifyLicense('BSD')).toEqual({ kind: 'name', value: 'BSD' });
    expect(spdxExpressionOf(['MIT', 'ISC OR 0BSD'])).toBe('MIT AND (ISC OR 0BSD)');
    expect(spdxExpressionOf(['MIT', 'Custom license'])).toBeUndefined();
  });
});
