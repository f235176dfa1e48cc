// SPEC's JSON object: schemaVersion, tool, target, findings, summary (and the suppressed findings, apart).
import { type FindingsFormatOptions, type FindingsReport, summarize } from './types.js';

export function formatFindingsJson(report: FindingsReport, options: FindingsFormatOptions = {}): string {
  const out: Record<string, unknown> = {
    schemaVersion: 1,
    tool: { name: 'shipshape', version: options.toolVersion ?? '0.0.0' },
    target: report.target,
  };
  if (report.packages) out.packages = report.packages;
  out.findings = report.findings;
  if (report.suppressed && report.suppressed.length > 0) out.suppressed = report.suppressed;
  if (report.unknowns && report.unknowns.length > 0) out.unknowns = report.unknowns;
  out.summary = summarize(report.findings);
  return `${JSON.stringify(out, null, 2)}\n`;
}
