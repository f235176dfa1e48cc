// `sbom --format table`: the packages for a person to read (name, version, type, layer).
import type { SbomFormatOptions, SbomReport } from './types.js';

const HEADERS = ['NAME', 'VERSION', 'TYPE', 'LAYER'] as const;

export function formatSbomTable(report: SbomReport, options: SbomFormatOptions = {}): string {
  const rows = report.packages.map((p) => [
    p.name,
    p.version,
    p.type,
    p.layer === undefined ? '-' : String(p.layer),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const head = line(HEADERS);
  const out = [options.color ? `\x1b[1m${head}\x1b[0m` : head, ...rows.map(line)];
  const n = report.packages.length;
  const unknowns = report.unknowns?.length ?? 0;
  const os = report.target.os
    ? ` (${report.target.os.id}${report.target.os.version ? ` ${report.target.os.version}` : ''})`
    : '';
  out.push('', `${n} package${n === 1 ? '' : 's'} in ${report.target.ref}${os}`);
  if (unknowns > 0) {
    out.push(`${unknowns} file${unknowns === 1 ? '' : 's'} could not be read:`);
    for (const u of report.unknowns ?? []) out.push(`  ${u.path}: ${u.reason}`);
  }
  return `${out.join('\n')}\n`;
}
