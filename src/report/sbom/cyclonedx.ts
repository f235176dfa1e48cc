// `sbom --format cyclonedx-json`: CycloneDX 1.6 JSON, built from @cyclonedx/cyclonedx-library's models and serializer.
import { randomUUID } from 'node:crypto';
import { Enums, Models, Serialize, SPDX, Spec } from '@cyclonedx/cyclonedx-library';
import type { Package } from '../../catalog/types.js';
import { classifyLicense, spdxExpressionOf } from './licenses.js';
import type { SbomFormatOptions, SbomReport } from './types.js';

/**
 * CycloneDX takes either one expression or a list of ids and names: ids and names stay a list; anything with an
 * expression becomes one expression (when the whole set is SPDX), else a list of names.
 */
function licensesOf(p: Package): Models.License[] {
  const declared = (p.licenses ?? []).map((l) => l.trim()).filter(Boolean);
  if (declared.length === 0) return [];
  const parts = declared.map(classifyLicense);
  const listable = parts.every(
    (x) => x.kind === 'name' || (x.kind === 'id' && SPDX.isSupportedSpdxId(x.value)),
  );
  if (listable) {
    return parts.map((x) =>
      x.kind === 'id' ? new Models.SpdxLicense(x.value) : new Models.NamedLicense(x.value),
    );
  }
  const expression = spdxExpressionOf(declared);
  if (expression) return [new Models.LicenseExpression(expression)];
  return declared.map((d) => new Models.NamedLicense(d));
}

export function buildCycloneDxBom(report: SbomReport, options: SbomFormatOptions = {}): Models.Bom {
  const { target } = report;
  const bom = new Models.Bom();
  bom.serialNumber = options.serialNumber ?? `urn:uuid:${randomUUID()}`;
  bom.metadata.timestamp = options.timestamp ? new Date(options.timestamp) : new Date();
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, 'shipshape', {
      version: options.toolVersion ?? '0.0.0',
    }),
  );
  const image = new Models.Component(Enums.ComponentType.Container, target.ref, {
    bomRef: target.digest ?? target.ref,
    ...(target.digest ? { version: target.digest } : {}),
  });
  if (target.platform) image.properties.add(new Models.Property('shipshape:image:platform', target.platform));
  if (target.os) {
    image.properties.add(
      new Models.Property(
        'shipshape:image:os',
        `${target.os.id}${target.os.version ? ` ${target.os.version}` : ''}`,
      ),
    );
  }
  for (const l of target.layers) {
    image.properties.add(new Models.Property('shipshape:image:layer', `${l.index} ${l.digest}`));
  }
  bom.metadata.component = image;

  const refs = new Set<string>();
  for (const p of report.packages) {
    let ref = p.purl || `${p.type}/${p.name}@${p.version}`;
    for (let n = 2; refs.has(ref); n++) ref = `${p.purl}#${n}`;
    refs.add(ref);
    const c = new Models.Component(Enums.ComponentType.Library, p.name, {
      bomRef: ref,
      version: p.version,
      ...(p.purl ? { purl: p.purl } : {}),
    });
    for (const l of licensesOf(p)) c.licenses.add(l);
    if (p.layer !== undefined) {
      c.properties.add(new Models.Property('shipshape:layer', String(p.layer)));
      const layer = target.layers[p.layer];
      if (layer) c.properties.add(new Models.Property('shipshape:layer:digest', layer.digest));
    }
    for (const loc of p.locations) c.properties.add(new Models.Property('shipshape:location', loc));
    c.properties.add(new Models.Property('shipshape:package:type', p.type));
    if (p.source) {
      c.properties.add(new Models.Property('shipshape:source:name', p.source.name));
      if (p.source.version)
        c.properties.add(new Models.Property('shipshape:source:version', p.source.version));
    }
    bom.components.add(c);
    image.dependencies.add(c.bomRef);
  }
  return bom;
}

export function formatSbomCycloneDx(report: SbomReport, options: SbomFormatOptions = {}): string {
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(buildCycloneDxBom(report, options), { sortLists: true, space: 2 })}\n`;
}
