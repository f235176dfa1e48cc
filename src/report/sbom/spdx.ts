// `sbom --format spdx-json`: an SPDX 2.3 JSON document: the image as a package that CONTAINS the packages found.
import { createHash, randomUUID } from 'node:crypto';
import { spdxExpressionOf } from './licenses.js';
import type { SbomFormatOptions, SbomReport } from './types.js';

const NOASSERTION = 'NOASSERTION';

function spdxId(s: string): string {
  return `SPDXRef-${s.replace(/[^A-Za-z0-9.-]+/g, '-')}`;
}

/** LicenseRef-* would need extractedLicensingInfos we do not have: such declarations become NOASSERTION. */
function declaredLicense(licenses: readonly string[] | undefined): string {
  const e = spdxExpressionOf(licenses);
  return e && !/LicenseRef-|DocumentRef-/.test(e) ? e : NOASSERTION;
}

export function formatSbomSpdx(report: SbomReport, options: SbomFormatOptions = {}): string {
  const { target } = report;
  const created = (options.timestamp ? new Date(options.timestamp) : new Date())
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const name = target.ref;
  const unique = target.digest
    ? target.digest.replace(/^sha256:/, '')
    : createHash('sha256').update(`${target.ref}\n${randomUUID()}`).digest('hex');
  const slug =
    name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 100) || 'image';
  const imageId = 'SPDXRef-image';
  const imagePackage: Record<string, unknown> = {
    SPDXID: imageId,
    name,
    ...(target.digest ? { versionInfo: target.digest } : {}),
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    primaryPackagePurpose: 'CONTAINER',
    ...(target.digest
      ? { checksums: [{ algorithm: 'SHA256', checksumValue: target.digest.replace(/^sha256:/, '') }] }
      : {}),
  };
  const used = new Set<string>([imageId]);
  const packages = report.packages.map((p) => {
    let id = spdxId(`package-${p.type}-${p.name}-${p.version}`);
    for (let n = 2; used.has(id); n++) id = spdxId(`package-${p.type}-${p.name}-${p.version}-${n}`);
    used.add(id);
    const layer = p.layer === undefined ? undefined : target.layers[p.layer];
    const comment = [
      p.layer !== undefined ? `layer ${p.layer}${layer ? ` (${layer.digest})` : ''}` : undefined,
      p.locations.length > 0 ? `found in ${p.locations.join(', ')}` : undefined,
    ]
      .filter(Boolean)
      .join('; ');
    return {
      SPDXID: id,
      name: p.name,
      versionInfo: p.version,
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      licenseConcluded: NOASSERTION,
      licenseDeclared: declaredLicense(p.licenses),
      copyrightText: NOASSERTION,
      ...(p.source && p.source.name !== p.name
        ? { sourceInfo: `built from ${p.source.name}${p.source.version ? ` ${p.source.version}` : ''}` }
        : {}),
      ...(p.purl
        ? {
            externalRefs: [
              { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl },
            ],
          }
        : {}),
      primaryPackagePurpose: 'LIBRARY',
      ...(comment ? { comment } : {}),
    };
  });
  const doc = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `https://shipshape.dev/spdxdocs/${slug}-${unique}`,
    creationInfo: {
      created,
      creators: [`Tool: shipshape-${options.toolVersion ?? '0.0.0'}`],
    },
    documentDescribes: [imageId],
    packages: [imagePackage, ...packages],
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: imageId },
      ...packages.map((p) => ({
        spdxElementId: imageId,
        relationshipType: 'CONTAINS',
        relatedSpdxElement: p.SPDXID,
      })),
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
