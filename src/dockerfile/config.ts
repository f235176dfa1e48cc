// Lint configuration: hadolint's config files, HADOLINT_* variables and flags, plus `.shipshape.yaml`'s `lint:` section.

import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Document, LineCounter } from 'yaml';
import { fileError, inputError, ShipshapeError } from '../core/errors.js';
import { yaml } from '../core/lazy-yaml.js';
import { DEFAULT_LIMITS, type Limits, limitError } from '../core/limits.js';
import type { FailureThreshold, LintLevel } from '../core/severity.js';
import type { LintSettings } from './lint.js';
import type { LabelType } from './rule.js';
import { globMatch } from './seed-util.js';

export const LINT_FORMATS = [
  'tty',
  'json',
  'sarif',
  'checkstyle',
  'codeclimate',
  'gitlab_codeclimate',
  'gnu',
] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export const LABEL_TYPES: readonly LabelType[] = [
  'text',
  'url',
  'semver',
  'hash',
  'rfc3339',
  'spdx',
  'email',
];
const THRESHOLDS: readonly FailureThreshold[] = ['error', 'warning', 'info', 'style', 'ignore', 'none'];
const OVERRIDE_LEVELS = ['error', 'warning', 'info', 'style'] as const;
type OverrideLevel = (typeof OVERRIDE_LEVELS)[number];

/** YAML aliases allowed in a config file: enough for anchors, far too few for an alias bomb. */
export const CONFIG_MAX_ALIASES = 100;

/** One source's settings (env, a config file, or flags) before they are merged. */
export interface PartialLintConfig {
  ignored: string[];
  overrides: Record<OverrideLevel, string[]>;
  trustedRegistries: string[];
  labelSchema: Record<string, LabelType>;
  enable: string[];
  formats: LintFormat[];
  strictLabels?: boolean;
  disableIgnorePragma?: boolean;
  failureThreshold?: FailureThreshold;
  noFail?: boolean;
  noColor?: boolean;
  verbose?: boolean;
}

/** An entry of `.shipshape.yaml`'s top-level `ignore:` list that applies to lint (no `package`). */
export interface IgnoreEntry {
  id: string;
  /** A path or glob (`*`, `**`) matched against the Dockerfile path as reported. */
  path?: string;
  reason?: string;
  /** YYYY-MM-DD; after that day the entry stops applying. */
  expires?: string;
}

/** Values of lint's command-line flags that feed the configuration. */
export interface LintFlags {
  config?: string;
  formats?: string[];
  noFail?: boolean;
  noColor?: boolean;
  verbose?: boolean;
  error?: string[];
  warning?: string[];
  info?: string[];
  style?: string[];
  ignore?: string[];
  enable?: string[];
  trustedRegistry?: string[];
  requireLabel?: string[];
  strictLabels?: boolean;
  disableIgnorePragma?: boolean;
  failureThreshold?: string;
}

export interface LoadLintConfigOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  flags?: LintFlags;
  /** Home directory for the user-level lookups; defaults to $HOME, then os.homedir(). */
  home?: string;
  limits?: Limits;
  /** Today, for `expires` (YYYY-MM-DD); defaults to the current date. */
  today?: string;
}

export interface LintConfig {
  settings: LintSettings;
  failureThreshold: FailureThreshold;
  noFail: boolean;
  /** Colour was switched off by a flag, a config file, or NO_COLOR. */
  noColor: boolean;
  verbose: boolean;
  /** Formats from every source, in order, without repeats; empty means the default (`tty`). */
  formats: LintFormat[];
  /** Formats given as flags (these pair with `-o/--output`). */
  flagFormats: LintFormat[];
  /** `ignore:` entries of `.shipshape.yaml` that still apply. */
  ignores: IgnoreEntry[];
  /** Config files that were read, in order. */
  files: string[];
  /** One-line notices for people (expired ignores). */
  notices: string[];
}

const TRUTHY = new Set(['1', 'y', 'yes', 'on', 'true']);

function emptyPartial(): PartialLintConfig {
  return {
    ignored: [],
    overrides: { error: [], warning: [], info: [], style: [] },
    trustedRegistries: [],
    labelSchema: {},
    enable: [],
    formats: [],
  };
}

export function isLintFormat(s: string): s is LintFormat {
  return (LINT_FORMATS as readonly string[]).includes(s);
}

function parseFormat(value: string, where: string): LintFormat {
  if (isLintFormat(value)) return value;
  throw inputError('usage', `${where}: unknown format '${value}'`, `use one of ${LINT_FORMATS.join(', ')}`);
}

function parseThreshold(value: string, where: string): FailureThreshold {
  const v = value.toLowerCase();
  if ((THRESHOLDS as readonly string[]).includes(v)) return v as FailureThreshold;
  throw inputError('usage', `${where}: unknown level '${value}'`, `use one of ${THRESHOLDS.join(', ')}`);
}

/** `name:type` (type defaults to text) as given to --require-label and HADOLINT_REQUIRE_LABELS. */
export function parseLabelSpec(spec: string, where: string): [string, LabelType] {
  const i = spec.indexOf(':');
  const name = (i < 0 ? spec : spec.slice(0, i)).trim();
  const type = (i < 0 ? '' : spec.slice(i + 1).trim()) || 'text';
  if (!name)
    throw inputError(
      'usage',
      `${where}: '${spec}' has no label name`,
      'write name:type, e.g. maintainer:email',
    );
  if (!(LABEL_TYPES as readonly string[]).includes(type)) {
    throw inputError(
      'usage',
      `${where}: unknown label type '${type}' in '${spec}'`,
      `use one of ${LABEL_TYPES.join(', ')}`,
    );
  }
  return [name, type as LabelType];
}

function commaList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Settings from HADOLINT_* variables and NO_COLOR. Each HADOLINT_X also has a SHIPSHAPE_LINT_X spelling (SPEC's
 * prefix), which wins when both are set.
 */
export function configFromEnv(source: Record<string, string | undefined>): PartialLintConfig {
  const env: Record<string, string | undefined> = { ...source };
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith('SHIPSHAPE_LINT_') && value !== undefined) env[`HADOLINT_${key.slice(15)}`] = value;
  }
  const out = emptyPartial();
  const flag = (name: string) => {
    const v = env[name];
    return v === undefined ? undefined : TRUTHY.has(v.trim().toLowerCase());
  };
  out.noFail = flag('HADOLINT_NOFAIL');
  out.verbose = flag('HADOLINT_VERBOSE');
  out.strictLabels = flag('HADOLINT_STRICT_LABELS');
  out.disableIgnorePragma = flag('HADOLINT_DISABLE_IGNORE_PRAGMA');
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') out.noColor = true;
  out.formats = commaList(env.HADOLINT_FORMAT).map((f) => parseFormat(f, 'HADOLINT_FORMAT'));
  const threshold = env.HADOLINT_FAILURE_THRESHOLD?.trim();
  if (threshold) out.failureThreshold = parseThreshold(threshold, 'HADOLINT_FAILURE_THRESHOLD');
  for (const level of OVERRIDE_LEVELS) {
    out.overrides[level] = commaList(env[`HADOLINT_OVERRIDE_${level.toUpperCase()}`]);
  }
  out.ignored = commaList(env.HADOLINT_IGNORE);
  out.trustedRegistries = commaList(env.HADOLINT_TRUSTED_REGISTRIES);
  for (const spec of commaList(env.HADOLINT_REQUIRE_LABELS)) {
    const [name, type] = parseLabelSpec(spec, 'HADOLINT_REQUIRE_LABELS');
    out.labelSchema[name] = type;
  }
  return out;
}

/** Settings from lint's flags. */
export function configFromFlags(flags: LintFlags): PartialLintConfig {
  const out = emptyPartial();
  out.formats = (flags.formats ?? []).map((f) => parseFormat(f, '--format'));
  if (flags.noFail) out.noFail = true;
  if (flags.noColor) out.noColor = true;
  if (flags.verbose) out.verbose = true;
  if (flags.strictLabels) out.strictLabels = true;
  if (flags.disableIgnorePragma) out.disableIgnorePragma = true;
  if (flags.failureThreshold !== undefined) {
    out.failureThreshold = parseThreshold(flags.failureThreshold, '--failure-threshold');
  }
  for (const level of OVERRIDE_LEVELS) out.overrides[level] = [...(flags[level] ?? [])];
  out.ignored = [...(flags.ignore ?? [])];
  out.enable = [...(flags.enable ?? [])];
  out.trustedRegistries = [...(flags.trustedRegistry ?? [])];
  for (const spec of flags.requireLabel ?? []) {
    const [name, type] = parseLabelSpec(spec, '--require-label');
    out.labelSchema[name] = type;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading YAML config files

interface YamlSource {
  path: string;
  doc: Document.Parsed;
  lines: LineCounter;
  value: unknown;
}

/** Reads and parses a YAML config file within the size and alias budgets; every problem is an exit-2 error. */
export async function readYamlConfig(path: string, limits: Limits = DEFAULT_LIMITS): Promise<YamlSource> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw inputError('config', `${path}: is a directory, expected a config file`);
    size = st.size;
  } catch (e) {
    if (e instanceof ShipshapeError) throw e;
    throw fileError(path, e);
  }
  if (size > limits.configBytes)
    throw limitError(`${path}: config file too large`, 'configBytes', size, limits.configBytes);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw fileError(path, e);
  }
  return parseYamlConfig(text, path);
}

/** Parses config text; `path` is only used in messages. */
export function parseYamlConfig(text: string, path: string): YamlSource {
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = lines.linePos(first.pos[0]);
    throw inputError(
      'config',
      `${path}:${pos.line}:${pos.col}: invalid YAML: ${first.message.split('\n')[0]}`,
      'fix the YAML syntax (check indentation and quotes)',
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: CONFIG_MAX_ALIASES });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw inputError(
      'limit',
      `${path}: ${msg}`,
      `a config file may use at most ${CONFIG_MAX_ALIASES} alias expansions`,
    );
  }
  return { path, doc, lines, value: value ?? {} };
}

/** Reports a config problem at the node for `keyPath`, naming file, line and key. */
function keyError(
  src: YamlSource,
  keyPath: (string | number)[],
  problem: string,
  hint?: string,
): ShipshapeError {
  let line = 1;
  // Point at the value's line; fall back to the nearest ancestor that exists.
  for (let n = keyPath.length; n >= 0; n--) {
    const node = n === 0 ? src.doc.contents : src.doc.getIn(keyPath.slice(0, n), true);
    if (yaml().isNode(node) && node.range) {
      line = src.lines.linePos(node.range[0]).line;
      break;
    }
  }
  const key = keyPath.map((k) => (typeof k === 'number' ? `[${k}]` : k)).join('.');
  return inputError('config', `${src.path}:${line}: ${key}: ${problem}`, hint);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(src: YamlSource, path: (string | number)[], v: unknown, allowString = false): string[] {
  if (v === null || v === undefined) return [];
  if (allowString && typeof v === 'string') return [v];
  if (!Array.isArray(v)) throw keyError(src, path, `expected a list of strings, got ${describe(v)}`);
  return v.map((item, i) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'number') return String(item);
    throw keyError(src, [...path, i], `expected a string, got ${describe(item)}`);
  });
}

function bool(src: YamlSource, path: (string | number)[], v: unknown): boolean | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  throw keyError(src, path, `expected true or false, got ${describe(v)}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

const HADOLINT_KEYS = new Set([
  'ignored',
  'override',
  'trustedRegistries',
  'label-schema',
  'strict-labels',
  'disable-ignore-pragma',
  'failure-threshold',
  'no-fail',
  'no-color',
  'verbose',
  'format',
  'formats',
]);

/**
 * Reads hadolint's keys from `obj` (the whole `.hadolint.yaml`, or `.shipshape.yaml`'s `lint:` section at `base`).
 * hadolint ignores unknown keys, so a `.hadolint.yaml` may carry them; in `.shipshape.yaml` they are typos and fail.
 */
export function configFromObject(
  src: YamlSource,
  obj: unknown,
  base: string[],
  kind: 'hadolint' | 'shipshape',
): PartialLintConfig {
  const out = emptyPartial();
  if (obj === null || obj === undefined) return out;
  if (!isRecord(obj)) {
    if (base.length === 0) {
      throw inputError('config', `${src.path}:1: expected a mapping of settings, got ${describe(obj)}`);
    }
    throw keyError(src, base, `expected a mapping of settings, got ${describe(obj)}`);
  }
  const at = (key: string | number, ...rest: (string | number)[]) => [...base, key, ...rest];
  for (const [key, v] of Object.entries(obj)) {
    if (kind === 'shipshape' && !HADOLINT_KEYS.has(key) && key !== 'enable') {
      throw keyError(
        src,
        at(key),
        'unknown setting',
        `known settings: ${[...HADOLINT_KEYS, 'enable'].join(', ')}`,
      );
    }
    switch (key) {
      case 'ignored':
        out.ignored = stringList(src, at(key), v);
        break;
      case 'enable':
        out.enable = stringList(src, at(key), v);
        break;
      case 'trustedRegistries':
        out.trustedRegistries = stringList(src, at(key), v, true);
        break;
      case 'override': {
        if (v === null || v === undefined) break;
        if (!isRecord(v))
          throw keyError(src, at(key), `expected a mapping of level to rule list, got ${describe(v)}`);
        for (const [level, list] of Object.entries(v)) {
          if (!(OVERRIDE_LEVELS as readonly string[]).includes(level)) {
            throw keyError(
              src,
              at(key, level),
              `unknown level '${level}'`,
              `use ${OVERRIDE_LEVELS.join(', ')}`,
            );
          }
          out.overrides[level as OverrideLevel] = stringList(src, at(key, level), list);
        }
        break;
      }
      case 'label-schema': {
        if (v === null || v === undefined) break;
        if (!isRecord(v))
          throw keyError(src, at(key), `expected a mapping of label to type, got ${describe(v)}`);
        for (const [label, type] of Object.entries(v)) {
          const t = type === null || type === '' ? 'text' : type;
          if (typeof t !== 'string' || !(LABEL_TYPES as readonly string[]).includes(t)) {
            throw keyError(
              src,
              at(key, label),
              `unknown label type ${JSON.stringify(type)}`,
              `use one of ${LABEL_TYPES.join(', ')}`,
            );
          }
          out.labelSchema[label] = t as LabelType;
        }
        break;
      }
      case 'strict-labels':
        out.strictLabels = bool(src, at(key), v);
        break;
      case 'disable-ignore-pragma':
        out.disableIgnorePragma = bool(src, at(key), v);
        break;
      case 'no-fail':
        out.noFail = bool(src, at(key), v);
        break;
      case 'no-color':
        out.noColor = bool(src, at(key), v);
        break;
      case 'verbose':
        out.verbose = bool(src, at(key), v);
        break;
      case 'failure-threshold': {
        if (v === null || v === undefined) break;
        if (typeof v !== 'string' || !(THRESHOLDS as readonly string[]).includes(v)) {
          throw keyError(
            src,
            at(key),
            `unknown level ${JSON.stringify(v)}`,
            `use one of ${THRESHOLDS.join(', ')}`,
          );
        }
        out.failureThreshold = v as FailureThreshold;
        break;
      }
      case 'format':
      case 'formats': {
        const list =
          key === 'format' ? (v === null || v === undefined ? [] : [v]) : stringList(src, at(key), v);
        list.forEach((f, i) => {
          const p = key === 'format' ? at(key) : at(key, i);
          if (typeof f !== 'string') throw keyError(src, p, `expected a format name, got ${describe(f)}`);
          if (!isLintFormat(f))
            throw keyError(src, p, `unknown format '${f}'`, `use one of ${LINT_FORMATS.join(', ')}`);
          out.formats.push(f);
        });
        break;
      }
      default:
        // hadolint ignores keys it does not know; so do we in .hadolint.yaml.
        break;
    }
  }
  return out;
}

/** `.shipshape.yaml`: the `lint:` section and the lint entries of the top-level `ignore:` list. */
export function shipshapeConfigFrom(
  src: YamlSource,
  today: string,
): {
  lint: PartialLintConfig;
  ignores: IgnoreEntry[];
  notices: string[];
} {
  const root = src.value;
  if (!isRecord(root)) throw inputError('config', `${src.path}:1: expected a mapping, got ${describe(root)}`);
  const lint = configFromObject(src, root.lint, ['lint'], 'shipshape');
  const ignores: IgnoreEntry[] = [];
  const notices: string[] = [];
  const list = root.ignore;
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list))
      throw keyError(src, ['ignore'], `expected a list of entries, got ${describe(list)}`);
    list.forEach((entry: unknown, i) => {
      if (!isRecord(entry))
        throw keyError(src, ['ignore', i], `expected an entry with id, got ${describe(entry)}`);
      const str = (k: string) => {
        const v = entry[k];
        if (v === undefined || v === null) return undefined;
        if (v instanceof Date && k === 'expires') return v.toISOString().slice(0, 10);
        if (typeof v !== 'string')
          throw keyError(src, ['ignore', i, k], `expected a string, got ${describe(v)}`);
        return v;
      };
      const id = str('id');
      if (!id) throw keyError(src, ['ignore', i], 'entry has no id', 'add `id: DL3008` (the rule to ignore)');
      const expires = str('expires');
      if (expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(expires)) {
        throw keyError(src, ['ignore', i, 'expires'], `'${expires}' is not a date`, 'write YYYY-MM-DD');
      }
      // Entries with `package` are about image scans, not Dockerfiles.
      if (str('package') !== undefined) return;
      if (expires !== undefined && expires < today) {
        notices.push(`${src.path}: the ignore of ${id} expired on ${expires} and no longer applies`);
        return;
      }
      const item: IgnoreEntry = { id };
      const path = str('path');
      const reason = str('reason');
      if (path !== undefined) item.path = path;
      if (reason !== undefined) item.reason = reason;
      if (expires !== undefined) item.expires = expires;
      ignores.push(item);
    });
  }
  return { lint, ignores, notices };
}

// ---------------------------------------------------------------------------------------------------------------
// Lookup

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function firstExisting(paths: string[]): Promise<string | null> {
  for (const p of paths) if (await isFile(p)) return p;
  return null;
}

const yamls = (stem: string) => [`${stem}.yaml`, `${stem}.yml`];

/** hadolint's lookup order for its config file; null when there is none. */
export async function findHadolintConfig(
  cwd: string,
  env: Record<string, string | undefined>,
  home: string | undefined,
): Promise<string | null> {
  const candidates = yamls(join(cwd, '.hadolint'));
  const xdg = env.XDG_CONFIG_HOME || (home ? join(home, '.config') : undefined);
  if (xdg) candidates.push(...yamls(join(xdg, 'hadolint')));
  if (home) {
    candidates.push(
      ...yamls(join(home, '.hadolint', 'hadolint')),
      ...yamls(join(home, '.hadolint', 'config')),
    );
    candidates.push(...yamls(join(home, '.hadolint')));
  }
  return firstExisting(candidates);
}

/** `.shipshape.yaml` (or `.yml`) in `cwd` or the nearest directory above it. */
export async function findShipshapeConfig(cwd: string): Promise<string | null> {
  let dir = resolve(cwd);
  for (let depth = 0; depth < 256; depth++) {
    const found = await firstExisting(yamls(join(dir, '.shipshape')));
    if (found) return found;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
  return null;
}

/** A `--config` file is read as a shipshape config when its name says so (`.shipshape.yaml`, `ci.shipshape.yml`), else as a hadolint config. */
export function isShipshapeConfigName(path: string): boolean {
  return /(?:^|[._-])shipshape(?:[._-][^/]*)?\.ya?ml$/i.test(basename(path));
}

// ---------------------------------------------------------------------------------------------------------------
// Merging

/**
 * Merges sources from lowest to highest precedence: scalars take the last value given, lists are concatenated
 * (hadolint's behaviour, even for --ignore), and each rule's override level is the highest level it is listed
 * under in any source (error > warning > info > style).
 */
export function mergeConfigs(parts: PartialLintConfig[]): PartialLintConfig {
  const out = emptyPartial();
  for (const p of parts) {
    out.ignored.push(...p.ignored);
    for (const level of OVERRIDE_LEVELS) out.overrides[level].push(...p.overrides[level]);
    out.trustedRegistries.push(...p.trustedRegistries);
    Object.assign(out.labelSchema, p.labelSchema);
    out.enable.push(...p.enable);
    out.formats.push(...p.formats);
    for (const k of ['strictLabels', 'disableIgnorePragma', 'noFail', 'noColor', 'verbose'] as const) {
      if (p[k] !== undefined) out[k] = p[k];
    }
    if (p.failureThreshold !== undefined) out.failureThreshold = p.failureThreshold;
  }
  return out;
}

/** Level overrides by rule id: style first, error last, so a rule listed under several levels ends at the highest. */
export function resolveOverrides(overrides: Record<OverrideLevel, string[]>): Record<string, LintLevel> {
  const out: Record<string, LintLevel> = {};
  for (const level of [...OVERRIDE_LEVELS].reverse()) {
    for (const id of overrides[level]) out[id] = level;
  }
  return out;
}

const uniq = <T>(xs: T[]) => [...new Set(xs)];

/** Builds the whole lint configuration from env, config files and flags. */
export async function loadLintConfig(options: LoadLintConfigOptions): Promise<LintConfig> {
  const { cwd, env } = options;
  const flags = options.flags ?? {};
  const limits = options.limits ?? DEFAULT_LIMITS;
  const home = options.home ?? (env.HOME || safeHomedir());
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const parts: PartialLintConfig[] = [configFromEnv(env)];
  const files: string[] = [];
  const notices: string[] = [];
  let ignores: IgnoreEntry[] = [];

  const readHadolint = async (path: string) => {
    const src = await readYamlConfig(path, limits);
    files.push(path);
    parts.push(configFromObject(src, src.value, [], 'hadolint'));
  };
  const readShipshape = async (path: string) => {
    const src = await readYamlConfig(path, limits);
    files.push(path);
    const s = shipshapeConfigFrom(src, today);
    parts.push(s.lint);
    ignores = s.ignores;
    notices.push(...s.notices);
  };

  if (flags.config !== undefined) {
    // An explicit file replaces both searches.
    const path = isAbsolute(flags.config) ? flags.config : resolve(cwd, flags.config);
    if (isShipshapeConfigName(path)) await readShipshape(path);
    else await readHadolint(path);
  } else {
    const hadolint = await findHadolintConfig(cwd, env, home);
    if (hadolint) await readHadolint(hadolint);
    const shipshape = await findShipshapeConfig(cwd);
    if (shipshape) await readShipshape(shipshape);
  }
  const flagPart = configFromFlags(flags);
  parts.push(flagPart);
  const merged = mergeConfigs(parts);
  const settings: LintSettings = {
    ignored: uniq(merged.ignored),
    overrides: resolveOverrides(merged.overrides),
    enabled: uniq(merged.enable),
    disableIgnorePragma: merged.disableIgnorePragma ?? false,
    trustedRegistries: uniq(merged.trustedRegistries),
    labelSchema: merged.labelSchema,
    strictLabels: merged.strictLabels ?? false,
  };
  return {
    settings,
    failureThreshold: merged.failureThreshold ?? 'info',
    noFail: merged.noFail ?? false,
    noColor: merged.noColor ?? false,
    verbose: merged.verbose ?? false,
    formats: uniq(merged.formats),
    flagFormats: flagPart.formats,
    ignores,
    files,
    notices,
  };
}

function safeHomedir(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Ignore entries

/** Whether a `.shipshape.yaml` ignore entry drops a finding of `code` in the file reported as `file`. */
export function ignoreApplies(entry: IgnoreEntry, code: string, file: string): boolean {
  if (entry.id !== code) return false;
  if (entry.path === undefined) return true;
  return pathMatches(entry.path, file);
}

/**
 * `**` matches across directories, `*` and `?` within one; a pattern without a slash matches the base name too.
 * Matched segment by segment without regular expressions, so a hostile pattern cannot backtrack.
 */
export function pathMatches(glob: string, file: string): boolean {
  const pattern = glob.replace(/^\.\//, '');
  const path = file.replace(/^\.\//, '');
  if (pattern.includes('/')) return globMatch(pattern, path);
  return globMatch(pattern, path.slice(path.lastIndexOf('/') + 1));
}
