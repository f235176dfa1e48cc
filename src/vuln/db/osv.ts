// The OSV record shape (https://ossf.github.io/osv-schema/) and a lenient check of the fields shipshape relies on.
//
// Hand-written rather than a JSON-schema validator: the checks are few, must be lenient (unknown fields and
// newer schema versions pass), and must name the offending field in one line; ajv is a development dependency only.

export type OsvEventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

/** One event: exactly one of the four keys. */
export type OsvEvent = Partial<Record<OsvEventKind, string>>;

export interface OsvRange {
  /** `SEMVER`, `ECOSYSTEM` or `GIT` (others are kept as written). */
  type: string;
  repo?: string;
  events: OsvEvent[];
  database_specific?: Record<string, unknown>;
}

export interface OsvSeverity {
  /** `CVSS_V2`, `CVSS_V3`, `CVSS_V4` or `Ubuntu`. */
  type: string;
  /** A CVSS vector, or Ubuntu's priority word. */
  score: string;
}

export interface OsvPackage {
  ecosystem: string;
  name: string;
  purl?: string;
}

export interface OsvAffected {
  package?: OsvPackage;
  severity?: OsvSeverity[];
  ranges?: OsvRange[];
  versions?: string[];
  ecosystem_specific?: Record<string, unknown>;
  database_specific?: Record<string, unknown>;
}

export interface OsvRecord {
  schema_version?: string;
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[];
  upstream?: string[];
  related?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  references?: { type: string; url: string }[];
  database_specific?: Record<string, unknown>;
  [key: string]: unknown;
}

export type OsvCheck = { ok: true; record: OsvRecord } | { ok: false; reason: string };

const EVENT_KINDS: readonly OsvEventKind[] = ['introduced', 'fixed', 'last_affected', 'limit'];
// RFC 3339 as OSV writes it; the fraction may have any number of digits (osv.dev writes nine).
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const MAX_ID = 256;

class Invalid extends Error {}

const fail = (reason: string): never => {
  throw new Invalid(reason);
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field that may be absent; `null` counts as absent (osv.dev and converters write it). */
function optional(obj: Record<string, unknown>, key: string): unknown {
  const v = obj[key];
  return v === null ? undefined : v;
}

function optionalString(obj: Record<string, unknown>, key: string, where: string): void {
  const v = optional(obj, key);
  if (v !== undefined && typeof v !== 'string') fail(`${where}${key} is not a string`);
}

function optionalTimestamp(obj: Record<string, unknown>, key: string, where: string): void {
  const v = optional(obj, key);
  if (v === undefined) return;
  if (typeof v !== 'string' || !isTimestamp(v)) fail(`${where}${key} is not an RFC 3339 timestamp`);
}

function optionalStrings(obj: Record<string, unknown>, key: string, where: string): void {
  const v = optional(obj, key);
  if (v === undefined) return;
  if (!Array.isArray(v)) fail(`${where}${key} is not an array`);
  (v as unknown[]).forEach((s, i) => {
    if (typeof s !== 'string') fail(`${where}${key}[${i}] is not a string`);
  });
}

function optionalObject(obj: Record<string, unknown>, key: string, where: string): void {
  const v = optional(obj, key);
  if (v !== undefined && !isObject(v)) fail(`${where}${key} is not an object`);
}

function checkSeverity(obj: Record<string, unknown>, where: string): void {
  const v = optional(obj, 'severity');
  if (v === undefined) return;
  if (!Array.isArray(v)) fail(`${where}severity is not an array`);
  (v as unknown[]).forEach((s, i) => {
    const at = `${where}severity[${i}]`;
    if (!isObject(s)) fail(`${at} is not an object`);
    const sev = s as Record<string, unknown>;
    if (typeof sev.type !== 'string') fail(`${at}.type is missing or not a string`);
    if (typeof sev.score !== 'string') fail(`${at}.score is missing or not a string`);
  });
}

function checkRange(range: unknown, at: string): void {
  if (!isObject(range)) fail(`${at} is not an object`);
  const r = range as Record<string, unknown>;
  if (typeof r.type !== 'string') fail(`${at}.type is missing or not a string`);
  optionalString(r, 'repo', `${at}.`);
  optionalObject(r, 'database_specific', `${at}.`);
  if (!Array.isArray(r.events)) fail(`${at}.events is missing or not an array`);
  (r.events as unknown[]).forEach((e, j) => {
    const ev = `${at}.events[${j}]`;
    if (!isObject(e)) fail(`${ev} is not an object`);
    const kinds = EVENT_KINDS.filter((k) => (e as Record<string, unknown>)[k] !== undefined);
    if (kinds.length !== 1) {
      fail(`${ev} must hold exactly one of introduced, fixed, last_affected, limit`);
    }
    const value = (e as Record<string, unknown>)[kinds[0]!];
    // A number here is how a YAML converter turns "1.10" into 1.1: refuse it rather than match against it.
    if (typeof value !== 'string') fail(`${ev}.${kinds[0]} is not a string`);
  });
}

function checkAffected(a: unknown, at: string): void {
  if (!isObject(a)) fail(`${at} is not an object`);
  const aff = a as Record<string, unknown>;
  const pkg = optional(aff, 'package');
  if (pkg !== undefined) {
    if (!isObject(pkg)) fail(`${at}.package is not an object`);
    const p = pkg as Record<string, unknown>;
    if (typeof p.ecosystem !== 'string' || p.ecosystem.trim() === '') {
      fail(`${at}.package.ecosystem is missing or not a string`);
    }
    if (typeof p.name !== 'string' || p.name.trim() === '')
      fail(`${at}.package.name is missing or not a string`);
    optionalString(p, 'purl', `${at}.package.`);
  }
  checkSeverity(aff, `${at}.`);
  const ranges = optional(aff, 'ranges');
  if (ranges !== undefined) {
    if (!Array.isArray(ranges)) fail(`${at}.ranges is not an array`);
    (ranges as unknown[]).forEach((r, i) => {
      checkRange(r, `${at}.ranges[${i}]`);
    });
  }
  optionalStrings(aff, 'versions', `${at}.`);
  optionalObject(aff, 'ecosystem_specific', `${at}.`);
  optionalObject(aff, 'database_specific', `${at}.`);
}

/**
 * Checks a parsed JSON value against the parts of the OSV schema that matching and reports read: required `id`
 * and `modified`, and the types of every field shipshape stores. Unknown fields are allowed.
 */
export function checkOsvRecord(value: unknown): OsvCheck {
  try {
    if (!isObject(value)) fail('not an OSV record (expected a JSON object)');
    const r = value as Record<string, unknown>;
    if (typeof r.id !== 'string' || r.id.trim() === '') fail('id is missing or not a string');
    const id = r.id as string;
    if (id.length > MAX_ID || /[\u0000-\u001f\u007f]/.test(id))
      fail('id is too long or holds control characters');
    if (r.modified === undefined || r.modified === null) fail('modified is missing');
    optionalTimestamp(r, 'modified', '');
    optionalTimestamp(r, 'published', '');
    optionalTimestamp(r, 'withdrawn', '');
    optionalString(r, 'schema_version', '');
    optionalString(r, 'summary', '');
    optionalString(r, 'details', '');
    optionalStrings(r, 'aliases', '');
    optionalStrings(r, 'upstream', '');
    optionalStrings(r, 'related', '');
    optionalObject(r, 'database_specific', '');
    checkSeverity(r, '');
    const affected = optional(r, 'affected');
    if (affected !== undefined) {
      if (!Array.isArray(affected)) fail('affected is not an array');
      (affected as unknown[]).forEach((a, i) => {
        checkAffected(a, `affected[${i}]`);
      });
    }
    return { ok: true, record: value as OsvRecord };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, reason: e.message };
    throw e;
  }
}

export function isTimestamp(s: string): boolean {
  return TIMESTAMP.test(s) && !Number.isNaN(Date.parse(s));
}

/** Orders two RFC 3339 timestamps, down to the nanosecond digits osv.dev writes (Date.parse stops at ms). */
export function compareTimestamps(a: string, b: string): number {
  const d = Date.parse(a) - Date.parse(b);
  if (d !== 0 && !Number.isNaN(d)) return d;
  return subMillisecond(a) - subMillisecond(b);
}

function subMillisecond(s: string): number {
  const m = /\.\d{3}(\d{1,6})/.exec(s);
  return m ? Number(m[1]!.padEnd(6, '0')) : 0;
}
