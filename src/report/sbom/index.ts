// The formats of `shipshape sbom` by name: pure (report, options) -> string.
import { formatSbomCycloneDx } from './cyclonedx.js';
import { formatSbomJson } from './json.js';
import { formatSbomSpdx } from './spdx.js';
import { formatSbomTable } from './table.js';
import type { SbomFormatOptions, SbomReport } from './types.js';

export { buildCycloneDxBom, formatSbomCycloneDx } from './cyclonedx.js';
export { formatSbomJson } from './json.js';
export { formatSbomSpdx } from './spdx.js';
export { formatSbomTable } from './table.js';
export type { SbomFormatOptions, SbomReport } from './types.js';

export const SBOM_FORMATS = ['cyclonedx-json', 'spdx-json', 'json', 'table'] as const;
export type SbomFormat = (typeof SBOM_FORMATS)[number];

export function isSbomFormat(s: string): s is SbomFormat {
  return (SBOM_FORMATS as readonly string[]).includes(s);
}

export function formatSbom(format: SbomFormat, report: SbomReport, options: SbomFormatOptions = {}): string {
  switch (format) {
    case 'spdx-json':
      return formatSbomSpdx(report, options);
    case 'json':
      return formatSbomJson(report, options);
    case 'table':
      return formatSbomTable(report, options);
    default:
      return formatSbomCycloneDx(report, options);
  }
}
