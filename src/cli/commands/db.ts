// `shipshape db import PATH...` and `shipshape db status`: fill the vulnerability database and show what it holds.
import { isAbsolute, resolve } from 'node:path';
import { inputError } from '../../core/errors.js';
import type { DbStatus } from '../../vuln/db/query.js';
import type { CliIO } from '../io.js';
import { parseCommandArgs } from './lint.js';

export const DB_HELP = `Usage: shipshape db <command> [options]

Commands:
  import PATH...   add data to the vulnerability database, each PATH recognised by its content:
                   OSV records (JSON files, directories of them, osv.dev all.zip archives),
                   the CISA KEV catalog (known_exploited_vulnerabilities.json),
                   FIRST EPSS scores (epss_scores-YYYY-MM-DD.csv or .csv.gz)
  status           show what the database holds, where its data came from, and how old it is
  update           download the latest data (not available in this version yet)

Options:
      --db PATH        the database file (default: <cache>/db/vulnerabilities.db, where <cache> is
                       $SHIPSHAPE_CACHE_DIR, else $XDG_CACHE_HOME/shipshape, else ~/.cache/shipshape)
  -f, --format FORMAT  status: table (default) or json
  -q, --quiet          no progress and no per-record warnings
  -V, --verbose        list every skipped record, and stack traces
`;

const OPTIONS = {
  db: { type: 'string' },
  format: { type: 'string', short: 'f' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'V' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

// Skipped records printed without --verbose; the rest are counted.
const SHOWN_SKIPPED = 20;

export async function dbCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('db', args, OPTIONS);
  const [sub, ...paths] = positionals;
  if (values.help) {
    io.stdout.write(DB_HELP);
    return 0;
  }
  if (sub === undefined) {
    io.stderr.write(DB_HELP);
    return 2;
  }
  const cwd = io.cwd ?? process.cwd();
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  const { defaultDbPath } = await import('../../vuln/db/schema.js');
  const dbPath = values.db !== undefined ? abs(values.db) : defaultDbPath(io.env);
  if (dbPath === null) {
    throw inputError('usage', 'db: no cache directory to keep the database in', 'pass --db PATH');
  }
  switch (sub) {
    case 'import': {
      if (paths.length === 0) {
        throw inputError(
          'usage',
          'db import: no input given',
          'pass OSV JSON files, directories or all.zip archives, a KEV catalog, or an EPSS CSV',
        );
      }
      return importCommand(dbPath, paths.map(abs), paths, io, values);
    }
    case 'status': {
      if (paths.length > 0) throw inputError('usage', `db status: unexpected argument '${paths[0]}'`);
      const format = values.format ?? 'table';
      if (format !== 'table' && format !== 'json') {
        throw inputError('usage', `db status: unknown format '${format}'`, 'use table or json');
      }
      const { openDatabase } = await import('../../vuln/db/schema.js');
      const { status } = await import('../../vuln/db/query.js');
      const db = await openDatabase(dbPath, { readonly: true });
      try {
        const s = status(db);
        io.stdout.write(format === 'json' ? `${JSON.stringify(s, null, 2)}\n` : formatStatus(s));
      } finally {
        db.close();
      }
      return 0;
    }
    case 'update':
      io.stderr.write('shipshape: `shipshape db update` is not available in this version yet\n');
      io.stderr.write('hint: download the data yourself and run shipshape db import PATH\n');
      return 2;
    default:
      throw inputError(
        'usage',
        `db: unknown command '${sub}'`,
        'use shipshape db import PATH..., or db status',
      );
  }
}

async function importCommand(
  dbPath: string,
  paths: string[],
  shown: string[],
  io: CliIO,
  values: { quiet?: boolean; verbose?: boolean },
): Promise<number> {
  const { importFiles } = await import('../../vuln/db/import.js');
  const { dbLimitsFromEnv } = await import('../../vuln/db/limits.js');
  const progress = values.quiet !== true && io.stderrIsTTY === true;
  const summary = await importFiles(dbPath, paths, {
    limits: dbLimitsFromEnv(io.env),
    ...(progress
      ? {
          onProgress: (p: { path: string; records: number }) =>
            io.stderr.write(`\r\x1b[Kimporting ${shorten(p.path, shown, paths)}: ${p.records} records`),
        }
      : {}),
  });
  if (progress) io.stderr.write('\r\x1b[K');
  const skipped = [
    ...(summary.osv?.skipped ?? []),
    ...(summary.kev?.skipped ?? []),
    ...(summary.epss?.skipped ?? []),
  ];
  const skippedCount =
    (summary.osv?.skippedCount ?? 0) + (summary.kev?.skippedCount ?? 0) + (summary.epss?.skippedCount ?? 0);
  if (values.quiet !== true) {
    const limit = values.verbose ? skipped.length : SHOWN_SKIPPED;
    for (const s of skipped.slice(0, limit)) {
      io.stderr.write(`shipshape: skipped ${shorten(s.path, shown, paths)}: ${s.reason}\n`);
    }
    if (skippedCount > limit) {
      io.stderr.write(`shipshape: ... and ${skippedCount - limit} more skipped (--verbose lists them)\n`);
    }
  }
  const lines: string[] = [];
  const o = summary.osv;
  if (o) {
    const parts = [`${o.inserted} new`, `${o.replaced} replaced`, `${o.unchanged} unchanged`];
    if (o.withdrawn > 0) parts.push(`${o.withdrawn} withdrawn`);
    if (o.skippedCount > 0) parts.push(`${o.skippedCount} skipped`);
    lines.push(`${plural(o.records, 'OSV record')} (${parts.join(', ')})`);
  }
  if (summary.kev) {
    const k = summary.kev;
    lines.push(
      `${plural(k.entries, 'KEV entry', 'KEV entries')}${k.catalogVersion ? ` (catalog ${k.catalogVersion})` : ''}`,
    );
  }
  if (summary.epss) {
    const e = summary.epss;
    const about = [
      e.modelVersion ? `model ${e.modelVersion}` : '',
      e.scoreDate ? `scored ${e.scoreDate}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`${plural(e.scores, 'EPSS score')}${about ? ` (${about})` : ''}`);
  }
  io.stdout.write(`${summary.created ? 'created' : 'updated'} ${dbPath}\n`);
  for (const line of lines) io.stdout.write(`  imported ${line}\n`);
  return 0;
}

/** Shows a path as the user typed it when it is one of the inputs (or inside one). */
function shorten(path: string, shown: string[], absolute: string[]): string {
  for (let i = 0; i < absolute.length; i++) {
    const a = absolute[i]!;
    if (path === a) return shown[i]!;
    if (path.startsWith(a) && /^[/\\![]/.test(path.slice(a.length, a.length + 1))) {
      return shown[i]! + path.slice(a.length);
    }
  }
  return path;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

export function formatAge(seconds: number): string {
  const steps: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, unit] of steps) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

/** The status as a few aligned lines. */
export function formatStatus(s: DbStatus): string {
  const out: string[] = [];
  out.push(`database   ${s.path} (${formatBytes(s.bytes)}, schema ${s.schemaVersion})`);
  out.push(
    `updated    ${s.updated ?? 'never'}${s.ageSeconds !== undefined ? ` (${formatAge(s.ageSeconds)})` : ''}`,
  );
  const withdrawn = s.withdrawn > 0 ? ` (${s.withdrawn} withdrawn)` : '';
  out.push(
    `holds      ${plural(s.vulnerabilities, 'OSV record')}${withdrawn}, ` +
      `${plural(s.kev, 'KEV entry', 'KEV entries')}, ${plural(s.epss, 'EPSS score')}`,
  );
  if (s.ecosystems.length > 0) {
    out.push(
      '',
      table(
        ['ecosystem', 'records'],
        s.ecosystems.map((e) => [e.ecosystem, e.records.toLocaleString('en-US')]),
        [1],
      ),
    );
  }
  if (s.sources.length > 0) {
    const rows = s.sources.map((src) => {
      const d = src.detail ?? {};
      const note = [
        typeof d.catalogVersion === 'string' ? `catalog ${d.catalogVersion}` : '',
        typeof d.modelVersion === 'string' ? `model ${d.modelVersion}` : '',
        typeof d.scoreDate === 'string' ? `scored ${d.scoreDate}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return [src.name, src.kind, src.records.toLocaleString('en-US'), src.updated, note];
    });
    out.push('', table(['source', 'kind', 'records', 'updated', ''], rows, [2]));
  }
  return `${out.join('\n')}\n`;
}

function table(head: string[], rows: string[][], rightAligned: number[]): string {
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((r) =>
      r
        .map((cell, i) => (rightAligned.includes(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
