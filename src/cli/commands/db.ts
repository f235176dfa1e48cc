// `shipshape db update | import PATH... | status`: fill the vulnerability database and show what it holds.
import { isAbsolute, resolve } from 'node:path';
import { inputError } from '../../core/errors.js';
import { findShipshapeConfig, readYamlConfig } from '../../dockerfile/config.js';
import { importFiles } from '../../vuln/db/import.js';
import { dbLimitsFromEnv } from '../../vuln/db/limits.js';
import { type DbStatus, status } from '../../vuln/db/query.js';
import { defaultDbPath, openDatabase } from '../../vuln/db/schema.js';
import { type SourceOutcome, type UpdateResult, updateDatabase } from '../../vuln/db/update.js';
import { updateSources } from '../../vuln/db/update-config.js';
import type { CliIO } from '../io.js';
import { parseCommandArgs } from './lint.js';

export const DB_HELP = `Usage: shipshape db <command> [options]

Commands:
  import PATH...   add data to the vulnerability database, each PATH recognised by its content:
                   OSV records (JSON files, directories of them, osv.dev all.zip archives),
                   the CISA KEV catalog (known_exploited_vulnerabilities.json),
                   FIRST EPSS scores (epss_scores-YYYY-MM-DD.csv or .csv.gz)
  status           show what the database holds, where its data came from, and how old it is
  update           download the latest data over HTTPS: the OSV bulk data per ecosystem (only what changed
                   since the last update), the CISA KEV catalog and FIRST EPSS scores; the new database
                   replaces the old one only when everything was downloaded and checked

Options:
      --db PATH        the database file (default: <cache>/db/vulnerabilities.db, where <cache> is
                       $SHIPSHAPE_CACHE_DIR, else $XDG_CACHE_HOME/shipshape, else ~/.cache/shipshape)
  -f, --format FORMAT  status: table (default) or json
      --osv-url URL    update: the OSV bucket or a mirror of it (SHIPSHAPE_OSV_URL, db.osvUrl in
                       .shipshape.yaml; default https://osv-vulnerabilities.storage.googleapis.com)
      --ecosystems L   update: comma-separated OSV ecosystems (SHIPSHAPE_ECOSYSTEMS, db.ecosystems;
                       default: every distribution and language shipshape catalogs)
      --kev-url URL    update: the KEV catalog (SHIPSHAPE_KEV_URL, db.kevUrl; empty: skip it)
      --epss-url URL   update: the EPSS CSV (SHIPSHAPE_EPSS_URL, db.epssUrl; empty: skip it)
      --offline        never use the network (update refuses to run)
  -c, --config FILE    read db: settings from FILE instead of the .shipshape.yaml found upward
  -q, --quiet          no progress and no per-record warnings
  -V, --verbose        list every skipped record, and stack traces
`;

const OPTIONS = {
  db: { type: 'string' },
  format: { type: 'string', short: 'f' },
  'osv-url': { type: 'string' },
  'kev-url': { type: 'string' },
  'epss-url': { type: 'string' },
  ecosystems: { type: 'string' },
  offline: { type: 'boolean' },
  config: { type: 'string', short: 'c' },
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
  if (sub === 'update' && values.offline) {
    throw inputError(
      'usage',
      '--offline: db update needs the network',
      'drop --offline, or use shipshape db import PATH',
    );
  }
  const cwd = io.cwd ?? process.cwd();
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
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
    case 'update': {
      if (paths.length > 0) throw inputError('usage', `db update: unexpected argument '${paths[0]}'`);
      return updateCommand(dbPath, io, values, cwd);
    }
    case 'status': {
      if (paths.length > 0) throw inputError('usage', `db status: unexpected argument '${paths[0]}'`);
      const format = values.format ?? 'table';
      if (format !== 'table' && format !== 'json') {
        throw inputError('usage', `db status: unknown format '${format}'`, 'use table or json');
      }
      const db = await openDatabase(dbPath, { readonly: true });
      try {
        const s = status(db);
        io.stdout.write(format === 'json' ? `${JSON.stringify(s, null, 2)}\n` : formatStatus(s));
      } finally {
        db.close();
      }
      return 0;
    }
    default:
      throw inputError(
        'usage',
        `db: unknown command '${sub}'`,
        'use shipshape db update, db import PATH..., or db status',
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

async function updateCommand(
  dbPath: string,
  io: CliIO,
  values: {
    quiet?: boolean | undefined;
    config?: string | undefined;
    'osv-url'?: string | undefined;
    'kev-url'?: string | undefined;
    'epss-url'?: string | undefined;
    ecosystems?: string | undefined;
  },
  cwd: string,
): Promise<number> {
  const configPath =
    values.config !== undefined
      ? isAbsolute(values.config)
        ? values.config
        : resolve(cwd, values.config)
      : await findShipshapeConfig(cwd);
  const config = configPath !== null ? (await readYamlConfig(configPath)).value : undefined;
  const sources = updateSources(values, io.env, config, configPath ?? undefined);
  const progress = values.quiet !== true && io.stderrIsTTY === true;
  let shown = 0;
  const result = await updateDatabase({
    dbPath,
    ...sources,
    limits: dbLimitsFromEnv(io.env),
    ...(progress
      ? {
          onProgress: (p) => {
            // A redraw at most every 100 ms: terminals are slow, and records arrive in thousands of chunks.
            const now = Date.now();
            if (now - shown < 100 && (p.total === undefined || p.bytes < p.total)) return;
            shown = now;
            const of = p.total !== undefined ? ` of ${formatBytes(p.total)}` : '';
            io.stderr.write(`\r\x1b[Kdownloading ${p.source} ${p.file}: ${formatBytes(p.bytes)}${of}`);
          },
        }
      : {}),
    ...(values.quiet !== true
      ? { onWarning: (line: string) => io.stderr.write(`shipshape: ${line}\n`) }
      : {}),
  });
  if (progress) io.stderr.write('\r\x1b[K');
  if (values.quiet !== true) io.stdout.write(`${updateSummary(result)}\n`);
  return 0;
}

/** One line: where, how long, how much was downloaded, and per source what changed. */
export function updateSummary(r: UpdateResult): string {
  const verb = r.created ? 'created' : r.replaced ? 'updated' : 'checked';
  const per = r.sources.map((s) => `${s.name} ${describeOutcome(s)}`).join(', ');
  return `${verb} ${r.dbPath} in ${r.seconds.toFixed(1)} s (${formatBytes(r.bytes)} in ${plural(r.requests, 'request')}): ${per}`;
}

function describeOutcome(s: SourceOutcome): string {
  if (s.action === 'missing') return 'not found';
  if (s.action === 'unchanged') return 'unchanged';
  const how = s.action === 'incremental' ? 'incremental' : 'full';
  const removed = s.removed > 0 ? ` -${s.removed}` : '';
  return `+${s.added} ~${s.updated}${removed} (${how}, ${s.records.toLocaleString('en-US')} in all)`;
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

const secondsSince = (iso: string, now: Date) =>
  Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 1000));

/** The status as a few aligned lines. */
export function formatStatus(s: DbStatus, now: Date = new Date()): string {
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
      const age = Math.floor((now.getTime() - Date.parse(src.updated)) / 1000);
      // Which validators the next update sends: with neither, it downloads the whole source again.
      const validators = [
        src.etag !== undefined ? 'etag' : '',
        src.lastModified !== undefined ? 'last-modified' : '',
      ]
        .filter(Boolean)
        .join('+');
      const checked =
        typeof d.checked === 'string' ? `checked ${formatAge(secondsSince(d.checked, now))}` : '';
      return [
        src.name,
        src.kind,
        src.records.toLocaleString('en-US'),
        src.updated,
        Number.isNaN(age) ? '' : formatAge(Math.max(0, age)),
        validators || '-',
        [checked, note].filter(Boolean).join(', '),
      ];
    });
    out.push('', table(['source', 'kind', 'records', 'updated', 'age', 'validators', ''], rows, [2]));
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
