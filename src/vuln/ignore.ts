// Vulnerability ignores: `.shipshape.yaml` entries (with a reason, optionally expiring), `.trivyignore` and `.grype.yaml`.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Package } from '../catalog/types.js';
import { fileError, inputError, type ShipshapeError } from '../core/errors.js';
import { DEFAULT_LIMITS, type Limits, limitError } from '../core/limits.js';
import { pathMatches, readYamlConfig } from '../dockerfile/config.js';
import type { VulnMatch } from './scan.js';

type YamlSource = Awaited<ReturnType<typeof readYamlConfig>>;

export type FixState = 'fixed' | 'not-fixed' | 'wont-fix' | 'unknown';
const FIX_STATES: readonly FixState[] = ['fixed', 'not-fixed', 'wont-fix', 'unknown'];

/** One rule that turns vulnerability findings off. Every criterion given must hold. */
export interface IgnoreRule {
  /** Where the rule was written, for messages: `.shipshape.yaml:12`, `.trivyignore:3`. */
  origin: string;
  /** A vulnerability id: the CVE, the GHSA, the distribution's id, or any alias. */
  id?: string;
  /** `.shipshape.yaml`: a package name (binary or source) or a purl (without version: any version). */
  package?: string;
  /** A glob over the package's locations in the image (`/usr/src/app/**`). */
  path?: string;
  /** `.grype.yaml` package criteria. */
  grypePackage?: { name?: string; version?: string; type?: string; location?: string; upstreamName?: string };
  fixState?: FixState;
  reason: string;
  expires?: string;
}

/** Distribution triage words that mean "will not be fixed" (Grype's `wont-fix`). */
const WONT_FIX = new Set(['unimportant', 'negligible', 'ignored', 'end-of-life', 'not-affected']);

/**
 * Whether an id names a vulnerability rather than a lint or manifest rule: an upper-case prefix and a dash
 * (`CVE-2024-1234`, `GHSA-…`, `DLA-3008-1`, `ALSA-2024:6783`), where lint codes are `DL3008`, `SC2086` and slugs.
 */
export function isVulnerabilityId(id: string): boolean {
  return /^[A-Z][A-Z0-9]*-[A-Za-z0-9]/.test(id) && !id.startsWith('AVD-');
}

/** Grype's package types, as purl types. */
const GRYPE_TYPES: Record<string, string> = {
  python: 'pypi',
  'go-module': 'golang',
  'java-archive': 'maven',
  'jenkins-plugin': 'maven',
  'rust-crate': 'cargo',
  dotnet: 'nuget',
  'php-composer': 'composer',
};

function idsOf(m: VulnMatch): Set<string> {
  return new Set([m.id, m.ruleId, ...m.aliases].map((i) => i.toUpperCase()));
}

function fixStateOf(m: VulnMatch): FixState {
  if (m.fixedVersions.length > 0) return 'fixed';
  return m.status !== undefined && WONT_FIX.has(m.status.toLowerCase()) ? 'wont-fix' : 'not-fixed';
}

const bare = (purl: string) => purl.replace(/[?#].*$/, '');

function packageMatches(spec: string, p: Package): boolean {
  if (spec.startsWith('pkg:')) {
    const want = bare(spec);
    const have = bare(p.purl);
    return want.includes('@') ? want === have : have.split('@')[0] === want;
  }
  return spec === p.name || spec === p.source?.name;
}

function anyLocation(glob: string, p: Package): boolean {
  return p.locations.some((l) => pathMatches(glob, l));
}

/** Whether `rule` turns `m` off (expiry is handled when the rules are read). */
export function ruleMatches(rule: IgnoreRule, m: VulnMatch): boolean {
  if (rule.id !== undefined && !idsOf(m).has(rule.id.toUpperCase())) return false;
  const p = m.package;
  if (rule.package !== undefined && !packageMatches(rule.package, p)) return false;
  if (rule.path !== undefined && !anyLocation(rule.path, p)) return false;
  if (rule.fixState !== undefined && fixStateOf(m) !== rule.fixState) return false;
  const g = rule.grypePackage;
  if (g) {
    if (g.name !== undefined && g.name !== p.name) return false;
    if (g.version !== undefined && g.version !== p.version) return false;
    if (g.type !== undefined && (GRYPE_TYPES[g.type] ?? g.type) !== p.type) return false;
    if (g.upstreamName !== undefined && g.upstreamName !== p.source?.name) return false;
    if (g.location !== undefined && !anyLocation(g.location, p)) return false;
  }
  return true;
}

export interface IgnoreOutcome {
  kept: VulnMatch[];
  suppressed: { match: VulnMatch; rule: IgnoreRule }[];
  /** Rules that turned nothing off. */
  unused: IgnoreRule[];
}

/** Splits matches into kept and suppressed (by the first rule that applies), and lists the rules never used. */
export function applyIgnores(matches: readonly VulnMatch[], rules: readonly IgnoreRule[]): IgnoreOutcome {
  const used = new Set<IgnoreRule>();
  const kept: VulnMatch[] = [];
  const suppressed: IgnoreOutcome['suppressed'] = [];
  for (const m of matches) {
    const rule = rules.find((r) => ruleMatches(r, m));
    if (rule) {
      used.add(rule);
      suppressed.push({ match: m, rule });
    } else kept.push(m);
  }
  return { kept, suppressed, unused: rules.filter((r) => !used.has(r)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the files

export interface ScanConfig {
  rules: IgnoreRule[];
  /** `scan: ignoreStatus:` in .shipshape.yaml. */
  ignoreStatus: string[];
  /** `scan: ignoreUnfixed:` in .shipshape.yaml. */
  ignoreUnfixed?: boolean;
  /** One line each: expired ignores, rules that cannot be applied. */
  notices: string[];
  /** The files read. */
  files: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** The 1-based line of the node at `path` (or of its nearest ancestor). */
function lineOf(src: YamlSource, path: (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? src.doc.contents : src.doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return src.lines.linePos(range[0]).line;
  }
  return 1;
}

function keyError(
  src: YamlSource,
  path: (string | number)[],
  problem: string,
  hint?: string,
): ShipshapeError {
  const key = path.map((k) => (typeof k === 'number' ? `[${k}]` : k)).join('.');
  return inputError('config', `${src.path}:${lineOf(src, path)}: ${key}: ${problem}`, hint);
}

function scalar(src: YamlSource, path: (string | number)[], v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw keyError(src, path, `expected a string, got ${describe(v)}`);
  return v;
}

function expiryOf(src: YamlSource, path: (string | number)[], v: unknown): string | undefined {
  const expires = scalar(src, path, v);
  if (expires !== undefined && !DATE.test(expires)) {
    throw keyError(src, path, `'${expires}' is not a date`, 'write YYYY-MM-DD');
  }
  return expires;
}

/**
 * The scan side of `.shipshape.yaml`: `ignore:` entries about vulnerabilities (an id that names one, or a
 * `package`), each with a reason, and the `scan:` section. Entries for lint and k8s rules are left to them.
 */
export function scanConfigFrom(src: YamlSource, today: string): ScanConfig {
  const root = src.value;
  if (!isRecord(root)) throw inputError('config', `${src.path}:1: expected a mapping, got ${describe(root)}`);
  const out: ScanConfig = { rules: [], ignoreStatus: [], notices: [], files: [src.path] };
  const list = root.ignore;
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list))
      throw keyError(src, ['ignore'], `expected a list of entries, got ${describe(list)}`);
    list.forEach((entry: unknown, i) => {
      const at = ['ignore', i];
      if (!isRecord(entry)) throw keyError(src, at, `expected an entry with id, got ${describe(entry)}`);
      const id = scalar(src, [...at, 'id'], entry.id);
      const pkg = scalar(src, [...at, 'package'], entry.package);
      if (id === undefined) {
        if (pkg === undefined) return; // lint's own validation reports an entry without id
        throw keyError(src, at, 'entry has no id', 'add `id: CVE-…` (the vulnerability to ignore)');
      }
      if (!isVulnerabilityId(id) && pkg === undefined) return;
      const reason = scalar(src, [...at, 'reason'], entry.reason)?.trim();
      if (!reason) {
        throw keyError(
          src,
          at,
          `the ignore of ${id} has no reason`,
          'add `reason: …` saying why it does not apply (vulnerability ignores must say why)',
        );
      }
      const expires = expiryOf(src, [...at, 'expires'], entry.expires);
      const origin = `${src.path}:${lineOf(src, at)}`;
      if (expires !== undefined && expires < today) {
        out.notices.push(`${origin}: the ignore of ${id} expired on ${expires} and no longer applies`);
        return;
      }
      const path = scalar(src, [...at, 'path'], entry.path);
      out.rules.push({
        origin,
        id,
        ...(pkg !== undefined ? { package: pkg } : {}),
        ...(path !== undefined ? { path } : {}),
        reason,
        ...(expires !== undefined ? { expires } : {}),
      });
    });
  }
  const scan = root.scan;
  if (scan !== undefined && scan !== null) {
    if (!isRecord(scan)) throw keyError(src, ['scan'], `expected a mapping, got ${describe(scan)}`);
    for (const [key, v] of Object.entries(scan)) {
      if (key === 'ignoreStatus') {
        if (!Array.isArray(v))
          throw keyError(src, ['scan', key], `expected a list of strings, got ${describe(v)}`);
        out.ignoreStatus = v.map((s, i) => {
          if (typeof s !== 'string')
            throw keyError(src, ['scan', key, i], `expected a string, got ${describe(s)}`);
          return s.toLowerCase();
        });
      } else if (key === 'ignoreUnfixed') {
        if (typeof v !== 'boolean')
          throw keyError(src, ['scan', key], `expected true or false, got ${describe(v)}`);
        out.ignoreUnfixed = v;
      } else {
        throw keyError(src, ['scan', key], 'unknown key', 'scan: takes ignoreStatus and ignoreUnfixed');
      }
    }
  }
  return out;
}

async function readSmall(path: string, limits: Limits): Promise<string | null> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) return null;
    size = st.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fileError(path, e);
  }
  if (size > limits.configBytes)
    throw limitError(`${path}: too large`, 'configBytes', size, limits.configBytes);
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw fileError(path, e);
  }
}

/**
 * `.trivyignore`: one id per line, `#` comments, Trivy's `exp:YYYY-MM-DD` after the id. The comment lines just
 * above an id are its reason.
 */
export function parseTrivyignore(
  text: string,
  file: string,
  today: string,
): { rules: IgnoreRule[]; notices: string[] } {
  const rules: IgnoreRule[] = [];
  const notices: string[] = [];
  let comment: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') {
      comment = [];
      return;
    }
    if (line.startsWith('#')) {
      comment.push(line.replace(/^#+\s*/, ''));
      return;
    }
    const [id, ...rest] = line.split(/\s+/);
    const reason = comment.join(' ').trim() || `listed in ${file}`;
    comment = [];
    if (!id || !isVulnerabilityId(id)) return;
    const origin = `${file}:${i + 1}`;
    const exp = rest.find((w) => w.startsWith('exp:'))?.slice(4);
    if (exp !== undefined && !DATE.test(exp)) {
      notices.push(
        `${origin}: '${exp}' is not a date (write exp:YYYY-MM-DD); the ignore of ${id} applies without expiry`,
      );
    }
    const expires = exp !== undefined && DATE.test(exp) ? exp : undefined;
    if (expires !== undefined && expires < today) {
      notices.push(`${origin}: the ignore of ${id} expired on ${expires} and no longer applies`);
      return;
    }
    rules.push({ origin, id, reason, ...(expires !== undefined ? { expires } : {}) });
  });
  return { rules, notices };
}

/** `.grype.yaml`'s `ignore:` rules: `vulnerability`, `fix-state`, `reason`, `package: {name, version, type, location}`. */
export function grypeRulesFrom(src: YamlSource): { rules: IgnoreRule[]; notices: string[] } {
  const rules: IgnoreRule[] = [];
  const notices: string[] = [];
  const root = src.value;
  if (!isRecord(root) || root.ignore === undefined || root.ignore === null) return { rules, notices };
  if (!Array.isArray(root.ignore))
    throw keyError(src, ['ignore'], `expected a list of rules, got ${describe(root.ignore)}`);
  root.ignore.forEach((entry: unknown, i) => {
    const at = ['ignore', i];
    if (!isRecord(entry)) throw keyError(src, at, `expected a rule, got ${describe(entry)}`);
    const origin = `${src.path}:${lineOf(src, at)}`;
    const rule: IgnoreRule = { origin, reason: '' };
    const id = scalar(src, [...at, 'vulnerability'], entry.vulnerability);
    if (id !== undefined) rule.id = id;
    const fixState = scalar(src, [...at, 'fix-state'], entry['fix-state']);
    if (fixState !== undefined) {
      if (!(FIX_STATES as readonly string[]).includes(fixState)) {
        throw keyError(
          src,
          [...at, 'fix-state'],
          `'${fixState}' is not a fix state`,
          `use ${FIX_STATES.join(', ')}`,
        );
      }
      rule.fixState = fixState as FixState;
    }
    const p = entry.package;
    if (p !== undefined && p !== null) {
      if (!isRecord(p)) throw keyError(src, [...at, 'package'], `expected a mapping, got ${describe(p)}`);
      const g: NonNullable<IgnoreRule['grypePackage']> = {};
      const name = scalar(src, [...at, 'package', 'name'], p.name);
      const version = scalar(src, [...at, 'package', 'version'], p.version);
      const type = scalar(src, [...at, 'package', 'type'], p.type);
      const location = scalar(src, [...at, 'package', 'location'], p.location);
      const upstream = scalar(src, [...at, 'package', 'upstream-name'], p['upstream-name']);
      if (name !== undefined) g.name = name;
      if (version !== undefined) g.version = version;
      if (type !== undefined) g.type = type;
      if (location !== undefined) g.location = location;
      if (upstream !== undefined) g.upstreamName = upstream;
      if (Object.keys(g).length > 0) rule.grypePackage = g;
    }
    const unsupported = Object.keys(entry).filter(
      (k) => !['vulnerability', 'fix-state', 'package', 'reason', 'include-aliases'].includes(k),
    );
    if (unsupported.length > 0) {
      // A rule whose other criteria cannot be checked would ignore too much: it is left out.
      notices.push(`${origin}: ${unsupported.join(', ')} is not supported; this ignore rule is skipped`);
      return;
    }
    if (rule.id === undefined && rule.fixState === undefined && rule.grypePackage === undefined) return;
    rule.reason = scalar(src, [...at, 'reason'], entry.reason)?.trim() || `ignored by ${src.path}`;
    rules.push(rule);
  });
  return { rules, notices };
}

export interface LoadScanConfigOptions {
  /** --config: read this instead of searching for `.shipshape.yaml`. */
  configFile?: string | null;
  /** The `.shipshape.yaml` found upward from cwd, when no --config. */
  found?: string | null;
  cwd: string;
  limits?: Limits;
  /** YYYY-MM-DD. */
  today: string;
}

/** Reads `.shipshape.yaml` (or --config), `.trivyignore` and `.grype.yaml` from the working directory. */
export async function loadScanConfig(options: LoadScanConfigOptions): Promise<ScanConfig> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const out: ScanConfig = { rules: [], ignoreStatus: [], notices: [], files: [] };
  const main = options.configFile ?? options.found ?? null;
  if (main) {
    const c = scanConfigFrom(await readYamlConfig(main, limits), options.today);
    out.rules.push(...c.rules);
    out.ignoreStatus = c.ignoreStatus;
    if (c.ignoreUnfixed !== undefined) out.ignoreUnfixed = c.ignoreUnfixed;
    out.notices.push(...c.notices);
    out.files.push(main);
  }
  const trivyignore = join(options.cwd, '.trivyignore');
  const trivyText = await readSmall(trivyignore, limits);
  if (trivyText !== null) {
    const t = parseTrivyignore(trivyText, trivyignore, options.today);
    out.rules.push(...t.rules);
    out.notices.push(...t.notices);
    out.files.push(trivyignore);
  }
  const grype = join(options.cwd, '.grype.yaml');
  if ((await readSmall(grype, limits)) !== null) {
    const g = grypeRulesFrom(await readYamlConfig(grype, limits));
    out.rules.push(...g.rules);
    out.notices.push(...g.notices);
    out.files.push(grype);
  }
  return out;
}
