// `sbom --format json`: SPEC's object with the packages and no findings.
import type { SbomFormatOptions, SbomReport } from './types.js';

export function formatSbomJson(report: SbomReport, options: SbomFormatOptions = {}): string {
  const out: Record<string, unknown> = {
    schemaVersion: 1,
    tool: { name: 'shipshape', version: options.toolVersion ?? '0.0.0' },
    target: report.target,
    packages: report.packages,
    findings: [],
  };
  if (report.unknowns && report.unknowns.length > 0) out.unknowns = report.unknowns;
  return `${JSON.stringify(out, null, 2)}\n`;
}
