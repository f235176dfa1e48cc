// Label checks shared by the DL3048–DL3058 rules: key syntax and the value formats of hadolint's label-schema.
import { createRequire } from 'node:module';
import type { Instruction } from './parse.js';
import type { LabelType, RuleConfig, RuleContext, RuleVisitors } from './rule.js';

// node-semver builds dozens of regular expressions when it loads: loaded on first use (semver-typed labels only).
let parseSemver: ((version: string) => unknown) | undefined;
function semverParse(): (version: string) => unknown {
  parseSemver ??= createRequire(import.meta.url)('semver/functions/parse.js') as (version: string) => unknown;
  return parseSemver;
}

// spdx-license-ids ships plain JSON (CommonJS); require keeps the import free of JSON import attributes.
// Read on first use: only files with an spdx-typed label need the list.
let spdxIds: Set<string> | undefined;
function spdxIdSet(): Set<string> {
  if (!spdxIds) {
    const require = createRequire(import.meta.url);
    spdxIds = new Set<string>([
      ...(require('spdx-license-ids') as string[]),
      ...(require('spdx-license-ids/deprecated.json') as string[]),
    ]);
  }
  return spdxIds;
}

/** Label names of the schema, optionally only those of one type (an empty type means text, as in hadolint). */
export function schemaLabels(config: RuleConfig, type?: LabelType): string[] {
  return Object.entries(config.labelSchema)
    .filter(([, t]) => type === undefined || (t || 'text') === type)
    .map(([name]) => name);
}

/** The values a LABEL gives to `name` (a missing value counts as empty). */
export function labelValues(instr: Instruction, name: string): string[] {
  return instr.properties.filter((p) => p.name === name).map((p) => p.value ?? '');
}

/**
 * Visitors for the value-format rules (DL3052–DL3058): each LABEL that sets a schema label of `type` to a value
 * `valid` rejects is reported once per label, as hadolint runs one rule per schema label.
 */
export function labelFormatVisitors(
  context: RuleContext,
  type: LabelType,
  valid: (value: string) => boolean,
  message: (label: string, value: string) => string,
): RuleVisitors {
  const labels = schemaLabels(context.config, type);
  if (labels.length === 0) return {};
  return {
    LABEL(instr) {
      for (const label of labels) {
        const bad = labelValues(instr, label).find((v) => !valid(v));
        if (bad !== undefined) context.report({ instr, message: message(label, shorten(bad)) });
      }
    },
  };
}

/** A value as quoted in a message: at most 60 characters. */
function shorten(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}

const RESERVED_NAMESPACES = ['com.docker.', 'io.docker.', 'org.dockerproject.'];
const VALID_KEY = /^[a-z](?:[a-z0-9._/-]*[a-z0-9])?$/;

/**
 * Why a label key breaks Docker's key recommendations, or null when it is fine: it must start with a lowercase
 * letter, end with a lowercase letter or digit, use only `a-z 0-9 . - _ /`, have no `..` or `--`, and stay out of
 * the namespaces Docker reserves for itself.
 */
export function labelKeyProblem(key: string): string | null {
  // Most keys are fine (`org.opencontainers.image.source`): one pass tells, the checks below say what is wrong.
  if (
    VALID_KEY.test(key) &&
    !key.includes('..') &&
    !key.includes('--') &&
    !RESERVED_NAMESPACES.some((ns) => key.startsWith(ns))
  ) {
    return null;
  }
  if (!/^[a-z]/.test(key)) return 'must start with a lowercase letter';
  if (!/[a-z0-9]$/.test(key)) return 'must end with a lowercase letter or a digit';
  if (/[^a-z0-9._/-]/.test(key)) return 'may only contain lowercase letters, digits, ".", "-", "_" and "/"';
  if (key.includes('..') || key.includes('--')) return 'must not contain ".." or "--"';
  const reserved = RESERVED_NAMESPACES.find((ns) => key.startsWith(ns));
  if (reserved) return `uses the "${reserved.slice(0, -1)}" namespace that Docker reserves for itself`;
  return null;
}

/** A git commit hash as hadolint accepts it: 7 (short) or 40 lowercase hex digits. */
export function isGitHash(value: string): boolean {
  return /^(?:[0-9a-f]{7}|[0-9a-f]{40})$/.test(value);
}

/** An SPDX license identifier (current or deprecated list), not an expression: `MIT`, `Apache-2.0`. */
export function isSpdxId(value: string): boolean {
  return spdxIdSet().has(value);
}

/** A Semantic Versioning 2.0.0 version as written, without the `v` prefix or blanks node-semver tolerates. */
export function isSemver(value: string): boolean {
  return /^[0-9]/.test(value) && value === value.trim() && semverParse()(value) !== null;
}

// RFC 3339 date-time, hand-written since no date library is installed. Fixed-width fields and one `\d+` that is
// followed by a non-digit, so the match is linear. Like hadolint (Haskell time parser): letters in any case,
// `+hhmm` offsets too, and surrounding blanks are tolerated.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):?(\d{2}))$/;

export function isRfc3339(value: string): boolean {
  const m = RFC3339.exec(value.trim());
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return false;
  return true;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// RFC 3986 character classes; scanned char by char (no regex), so any input is linear.
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UNRESERVED = `${ALNUM}-._~`;
const SUB_DELIMS = "!$&'()*+,;=";
const HEX = '0123456789ABCDEFabcdef';

/** Every character is unreserved, a sub-delim, one of `extra`, or a `%XX` escape. */
function uriChars(s: string, extra: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      if (!HEX.includes(s[i + 1] ?? '!') || !HEX.includes(s[i + 2] ?? '!')) return false;
      i += 2;
    } else if (!UNRESERVED.includes(c) && !SUB_DELIMS.includes(c) && !extra.includes(c)) {
      return false;
    }
  }
  return true;
}

/**
 * An absolute URI per RFC 3986 (`scheme:` hier-part, optional query and fragment), which is what hadolint's
 * Network.URI `parseURI` accepts: `https://example.com/x`, `mailto:a@b.c`, `urn:isbn:123`.
 */
export function isUri(value: string): boolean {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(value);
  if (!scheme) return false;
  let rest = value.slice(scheme[0].length);
  const hash = rest.indexOf('#');
  if (hash !== -1) {
    if (!uriChars(rest.slice(hash + 1), ':@/?')) return false;
    rest = rest.slice(0, hash);
  }
  const question = rest.indexOf('?');
  if (question !== -1) {
    if (!uriChars(rest.slice(question + 1), ':@/?')) return false;
    rest = rest.slice(0, question);
  }
  if (!rest.startsWith('//')) return uriChars(rest, ':@/');
  const slash = rest.indexOf('/', 2);
  const authority = slash === -1 ? rest.slice(2) : rest.slice(2, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  return isAuthority(authority) && uriChars(path, ':@/');
}

function isAuthority(authority: string): boolean {
  let hostPort = authority;
  const at = authority.indexOf('@');
  if (at !== -1) {
    if (!uriChars(authority.slice(0, at), ':')) return false;
    hostPort = authority.slice(at + 1);
  }
  let port = '';
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close === -1 || !isIpLiteral(hostPort.slice(1, close))) return false;
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return false;
    port = after.slice(1);
  } else {
    const colon = hostPort.indexOf(':');
    const host = colon === -1 ? hostPort : hostPort.slice(0, colon);
    if (!uriChars(host, '')) return false;
    port = colon === -1 ? '' : hostPort.slice(colon + 1);
  }
  return /^[0-9]*$/.test(port);
}

function isIpLiteral(s: string): boolean {
  if (/^[vV]/.test(s)) {
    const dot = s.indexOf('.');
    return (
      dot > 1 &&
      /^[0-9A-Fa-f]+$/.test(s.slice(1, dot)) &&
      dot < s.length - 1 &&
      uriChars(s.slice(dot + 1), ':')
    );
  }
  return isIpv6(s);
}

function isIpv6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const all = [...head, ...tail];
  let count = all.length;
  const last = all[all.length - 1];
  if (last?.includes('.')) {
    if (!isIpv4(last)) return false;
    all.pop();
    count += 1;
  }
  if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return (
    parts.length === 4 && parts.every((p) => /^(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/.test(p))
  );
}

// RFC 5322 `atext`: the characters of an unquoted local part or domain atom.
const ATEXT = `${ALNUM}!#$%&'*+/=?^_\`{|}~-`;

/**
 * An RFC 5322 addr-spec, as hadolint's email-validate checks it: `local@domain`, where local is a dot-atom or a
 * quoted string and domain is a dot-atom or a `[literal]`. Comments and folding whitespace are not accepted.
 */
export function isEmail(value: string): boolean {
  let domainStart: number;
  if (value.startsWith('"')) {
    const end = quotedStringEnd(value);
    if (end === -1 || value[end] !== '@') return false;
    domainStart = end + 1;
  } else {
    const at = value.indexOf('@');
    if (at === -1 || !isDotAtom(value.slice(0, at))) return false;
    domainStart = at + 1;
  }
  const domain = value.slice(domainStart);
  if (domain.startsWith('[')) return domain.endsWith(']') && /^[!-Z^-~ \t]*$/.test(domain.slice(1, -1));
  return isDotAtom(domain);
}

function isDotAtom(s: string): boolean {
  if (s === '') return false;
  for (const atom of s.split('.')) {
    if (atom === '') return false;
    for (const c of atom) if (!ATEXT.includes(c)) return false;
  }
  return true;
}

/** Offset after the closing quote of the quoted string at the start of `s`, or -1. */
function quotedStringEnd(s: string): number {
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c === 0x5c) {
      const next = s.charCodeAt(i + 1);
      if (!(next === 0x20 || next === 0x09 || (next >= 0x21 && next <= 0x7e))) return -1;
      i++;
    } else if (!(c === 0x20 || c === 0x09 || (c >= 0x21 && c <= 0x7e))) {
      return -1;
    }
  }
  return -1;
}
