// Where `db update` downloads from: flags, then SHIPSHAPE_* variables, then the config file's `db:` section, then defaults.
import { inputError } from '../../core/errors.js';
import {
  DEFAULT_ECOSYSTEMS,
  DEFAULT_EPSS_URL,
  DEFAULT_KEV_URL,
  DEFAULT_OSV_URL,
  type UpdateSources,
} from './update.js';

export interface UpdateFlags {
  'osv-url'?: string | undefined;
  'kev-url'?: string | undefined;
  'epss-url'?: string | undefined;
  ecosystems?: string | undefined;
}

/**
 * The sources for an update. `config` is the parsed `.shipshape.yaml` (its `db:` mapping: `osvUrl`, `kevUrl`,
 * `epssUrl`, `ecosystems` as a list or a comma-separated string); `configPath` names it in messages. An empty
 * KEV or EPSS URL turns that feed off.
 */
export function updateSources(
  flags: UpdateFlags,
  env: Record<string, string | undefined>,
  config: unknown,
  configPath = '.shipshape.yaml',
): UpdateSources {
  const section = isRecord(config) ? config.db : undefined;
  if (section !== undefined && section !== null && !isRecord(section)) {
    throw inputError(
      'config',
      `${configPath}: db: expected a mapping`,
      'write db: with osvUrl, ecosystems, kevUrl, epssUrl',
    );
  }
  const db = (section ?? {}) as Record<string, unknown>;
  const fromConfig = (key: string): string | undefined => {
    const v = db[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw inputError('config', `${configPath}: db.${key}: expected a string`);
    return v;
  };
  const pick = (flag: string | undefined, envName: string, key: string, fallback: string): string =>
    flag ?? nonEmpty(env[envName]) ?? fromConfig(key) ?? fallback;
  let ecosystems: string[];
  if (flags.ecosystems !== undefined) ecosystems = splitList(flags.ecosystems);
  else if (nonEmpty(env.SHIPSHAPE_ECOSYSTEMS) !== undefined)
    ecosystems = splitList(env.SHIPSHAPE_ECOSYSTEMS!);
  else if (db.ecosystems !== undefined && db.ecosystems !== null) {
    const v = db.ecosystems;
    if (typeof v === 'string') ecosystems = splitList(v);
    else if (Array.isArray(v) && v.every((e) => typeof e === 'string')) ecosystems = splitList(v.join(','));
    else throw inputError('config', `${configPath}: db.ecosystems: expected a list of OSV ecosystem names`);
  } else ecosystems = [...DEFAULT_ECOSYSTEMS];
  for (const e of ecosystems) {
    if (/[/\\]|^\.\.?$/.test(e)) {
      throw inputError(
        'usage',
        `db update: '${e}' is not an OSV ecosystem name`,
        'e.g. --ecosystems Debian,npm,PyPI',
      );
    }
  }
  const kev = pick(flags['kev-url'], 'SHIPSHAPE_KEV_URL', 'kevUrl', DEFAULT_KEV_URL);
  const epss = pick(flags['epss-url'], 'SHIPSHAPE_EPSS_URL', 'epssUrl', DEFAULT_EPSS_URL);
  return {
    osvUrl: pick(flags['osv-url'], 'SHIPSHAPE_OSV_URL', 'osvUrl', DEFAULT_OSV_URL).replace(/\/+$/, ''),
    ecosystems,
    kevUrl: kev.trim() === '' ? null : kev,
    epssUrl: epss.trim() === '' ? null : epss,
  };
}

const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
