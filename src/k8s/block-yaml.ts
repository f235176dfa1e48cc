// Fast reader for the block-style YAML manifests are written in: plain values plus the offsets findings point at.
//
// Why by hand: `shipshape k8s` must read thousands of documents per second, and building the `yaml` package's
// Document (or even its CST) costs more than all the checks together, while js-yaml gives no key positions. This
// reader accepts only a strict subset (block mappings and sequences, one-line plain and quoted scalars, one-line
// flow collections, literal and folded block scalars, comments, `---`, LF or CRLF line ends) and answers null for
// anything else (anchors, aliases, tags, multi-line flow scalars, complex keys, duplicate keys, tabs, errors),
// so the caller reads that text with `yaml` instead. Plain scalars are resolved by the `yaml` package's own YAML 1.1
// tags, so values are the ones `doc.toJS()` gives; src/k8s/block-yaml.test.ts checks values and positions against
// `yaml` on the fixtures, the bench corpus and generated variants.
import { Document, isScalar, type ScalarTag } from 'yaml';
import type { Json } from './types.js';

export interface BlockDocument {
  /** Position among the documents `yaml`'s parseAllDocuments returns for the same text (empty ones count). */
  index: number;
  /** The root mapping. */
  value: Json;
  /** Offset of the root mapping (its first key). */
  at: number;
  /** Where the root mapping's entries start in `positions`. */
  table: number;
}

export interface BlockYaml {
  /** The non-empty documents, in order. */
  documents: BlockDocument[];
  /**
   * What locating a field needs, for every collection, flat (one array per text, no object per collection): a
   * length, then per mapping entry its key, the offset of the key and where the value's own entries start (-1 for
   * a scalar), or per list item the offset of the item and where its entries start.
   */
  positions: unknown[];
}

/** Nesting beyond this is left to `yaml` (and its limits). */
const MAX_DEPTH = 100;
/** Characters that a plain scalar cannot start with (some could, followed by a non-space; those are left to `yaml`). */
const INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
/**
 * Control characters (tabs too), a CR that does not end a line, other line breaks, BOM and non-characters: rare, and
 * where YAML parsers differ.
 */
const UNUSUAL = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)/;

const SP = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;
const COMMA = 44;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const PIPE = 124;
const GT = 62;
const BACKSLASH = 92;
const CR = 13;

/** What ends a plain scalar's first character in a flow collection: a space or a flow indicator. */
const FLOW_STOP = new Set([SP, COMMA, LBRACKET, RBRACKET, LBRACE, RBRACE]);

/** Thrown inside the reader when the text leaves the subset; never escapes readBlockYaml. */
const UNSUPPORTED = new Error('outside the block YAML subset');

// The same schema and options parseAllDocuments({ version: '1.1' }) composes plain scalars with.
const schemaDoc = new Document(null, { version: '1.1' });
const PLAIN_TAGS = schemaDoc.schema.tags.filter(
  (t): t is ScalarTag => t.default === true && !t.collection && t.test !== undefined,
);
const TAG_OPTIONS = schemaDoc.options;
/** Plain scalars repeat a lot across manifests (keys, `IfNotPresent`, `100m`); resolving each once is cheap. */
const resolved = new Map<string, unknown>();
const MAX_RESOLVED = 50_000;

function resolvePlain(raw: string): unknown {
  const hit = resolved.get(raw);
  if (hit !== undefined) {
    if (hit === UNSUPPORTED) throw UNSUPPORTED;
    return hit;
  }
  let value: unknown = UNSUPPORTED;
  const tag = PLAIN_TAGS.find((t) => t.test?.test(raw));
  if (!tag) value = raw;
  else {
    let failed = false;
    const res = tag.resolve(
      raw,
      () => {
        failed = true;
      },
      TAG_OPTIONS,
    );
    const v = isScalar(res) ? res.value : res;
    // Timestamps (Date), binary and big integers turn into other values in toJS: leave them to `yaml`.
    if (!failed && (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string'))
      value = v;
  }
  if (resolved.size >= MAX_RESOLVED) resolved.clear();
  resolved.set(raw, value);
  if (value === UNSUPPORTED) throw UNSUPPORTED;
  return value;
}

/** A key as toJS stores it; keys that are not strings, merge keys and `__proto__` are left to `yaml`. */
function resolveKey(raw: string): string {
  if (raw === '<<' || raw === '__proto__') throw UNSUPPORTED;
  const v = resolvePlain(raw);
  if (typeof v !== 'string') throw UNSUPPORTED;
  return v;
}

/**
 * Reads every document of `text`, or returns null when the text uses anything outside the subset (including
 * anything `yaml` reports as an error, and documents whose root is not a block mapping).
 */
export function readBlockYaml(text: string): BlockYaml | null {
  if (UNUSUAL.test(text)) return null;
  const len = text.length;
  const positions: unknown[] = [];
  // Entries of the collections being read; a collection's entries are contiguous here because the collections
  // nested in it are closed (moved to `positions`) before it goes on.
  const open: unknown[] = [];
  /** Where the entries of the value read last start in `positions` (-1 for a scalar). */
  let lastTable = -1;

  /** Moves the entries of the collection that started at `base` in `open` to `positions`; sets lastTable. */
  function closeTable(base: number): void {
    lastTable = positions.length;
    positions.push(open.length - base);
    for (let i = base; i < open.length; i++) positions.push(open[i]);
    open.length = base;
  }
  // The current content line: its start, end (its '\r\n' or '\n', or len), the start of the next line, first
  // non-space and indentation.
  let ls = 0;
  let le = 0;
  let ln = 0;
  let p = 0;
  let ind = 0;
  /** No content line left in this document: at the end of the text, or at a `---` line (`marker`). */
  let atEnd = false;
  let marker = false;

  /** Moves to the next line that holds content, from offset `from` (a line start). */
  function nextLine(from: number): void {
    let s = from;
    while (s < len) {
      const nl = text.indexOf('\n', s);
      const next = nl < 0 ? len : nl + 1;
      let e = nl < 0 ? len : nl;
      if (e > s && text.charCodeAt(e - 1) === CR) e--;
      let i = s;
      while (i < e && text.charCodeAt(i) === SP) i++;
      if (i === e || text.charCodeAt(i) === HASH) {
        s = next;
        continue;
      }
      ls = s;
      le = e;
      ln = next;
      p = i;
      ind = i - s;
      atEnd = false;
      marker = false;
      if (i === s) {
        const c = text.charCodeAt(i);
        if ((c === DASH || c === 46) && s + 3 <= e && text.startsWith(c === DASH ? '---' : '...', s)) {
          if (s + 3 === e || text.charCodeAt(s + 3) === SP) {
            if (c !== DASH) throw UNSUPPORTED;
            atEnd = true;
            marker = true;
          }
        } else if (c === 37) throw UNSUPPORTED; // a directive
      }
      return;
    }
    ls = le = ln = p = len;
    ind = -1;
    atEnd = true;
    marker = false;
  }

  /** Nothing but spaces and a comment from `i` to the end of the line. */
  function restIsComment(i: number): void {
    let j = i;
    while (j < le && text.charCodeAt(j) === SP) j++;
    if (j === le) return;
    if (text.charCodeAt(j) !== HASH || j === i) throw UNSUPPORTED;
  }

  function isSeqEntry(i: number): boolean {
    return text.charCodeAt(i) === DASH && (i + 1 === le || text.charCodeAt(i + 1) === SP);
  }

  /** Offset just after the closing quote of the quoted scalar at `i`, or -1 when it does not close on this line. */
  function quotedEnd(i: number): number {
    const q = text.charCodeAt(i);
    let j = i + 1;
    while (j < le) {
      const c = text.charCodeAt(j);
      if (q === DQUOTE) {
        if (c === BACKSLASH) j += 2;
        else if (c === DQUOTE) return j + 1;
        else j++;
      } else if (c === SQUOTE) {
        if (text.charCodeAt(j + 1) === SQUOTE) j += 2;
        else return j + 1;
      } else j++;
    }
    return -1;
  }

  function quotedValue(i: number, end: number): string {
    const body = text.slice(i + 1, end - 1);
    if (text.charCodeAt(i) === SQUOTE) return body.includes("''") ? body.replaceAll("''", "'") : body;
    if (!body.includes('\\')) return body;
    // JSON's escapes mean the same in YAML; JSON.parse refuses YAML's others (\x41, \0, \N ...), left to `yaml`.
    try {
      return JSON.parse(text.slice(i, end)) as string;
    } catch {
      throw UNSUPPORTED;
    }
  }

  /** The offset of the `:` that makes the line from `i` a `key: ...` entry, or -1. */
  function keyColon(i: number): number {
    const c = text.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const e = quotedEnd(i);
      if (e < 0) return -1;
      let j = e;
      while (j < le && text.charCodeAt(j) === SP) j++;
      if (j < le && text.charCodeAt(j) === COLON && (j + 1 === le || text.charCodeAt(j + 1) === SP)) return j;
      return -1;
    }
    if (INDICATORS.has(c)) return -1;
    for (let j = i + 1; j < le; j++) {
      const d = text.charCodeAt(j);
      if (d === COLON) {
        if (j + 1 === le || text.charCodeAt(j + 1) === SP) return j;
      } else if (d === HASH && text.charCodeAt(j - 1) === SP) return -1;
    }
    return -1;
  }

  function keyAt(i: number, colon: number): string {
    const c = text.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const key = quotedValue(i, quotedEnd(i));
      if (key === '__proto__' || key === '<<') throw UNSUPPORTED;
      return key;
    }
    let e = colon;
    while (text.charCodeAt(e - 1) === SP) e--;
    // yaml refuses implicit keys longer than 1024 characters.
    if (e - i > 1024) throw UNSUPPORTED;
    return resolveKey(text.slice(i, e));
  }

  /** A block node that starts a line (the cursor is on it). */
  function blockNode(n: number, depth: number): unknown {
    if (isSeqEntry(p)) return blockSeq(n, depth);
    const colon = keyColon(p);
    if (colon >= 0) return blockMap(n, colon, depth);
    return inlineValue(p, n, depth);
  }

  /** A block mapping whose first key is at the cursor, in column `n`. */
  function blockMap(n: number, firstColon: number, depth: number): Json {
    if (depth > MAX_DEPTH) throw UNSUPPORTED;
    const obj: Json = {};
    const base = open.length;
    let colon = firstColon;
    for (;;) {
      const at = p;
      const key = keyAt(p, colon);
      if (Object.hasOwn(obj, key)) throw UNSUPPORTED;
      let q = colon + 1;
      while (q < le && text.charCodeAt(q) === SP) q++;
      let value: unknown = null;
      lastTable = -1;
      if (q === le || text.charCodeAt(q) === HASH) {
        nextLine(ln);
        if (!atEnd) {
          if (ind > n) value = blockNode(ind, depth + 1);
          else if (ind === n && isSeqEntry(p)) value = blockSeq(n, depth + 1);
        }
      } else value = inlineValue(q, n, depth + 1);
      obj[key] = value;
      open.push(key, at, lastTable);
      if (atEnd || ind < n) {
        closeTable(base);
        return obj;
      }
      if (ind > n) throw UNSUPPORTED;
      colon = keyColon(p);
      if (colon < 0) throw UNSUPPORTED;
    }
  }

  /** A block sequence whose first `-` is at the cursor, in column `n`. */
  function blockSeq(n: number, depth: number): unknown[] {
    if (depth > MAX_DEPTH) throw UNSUPPORTED;
    const arr: unknown[] = [];
    const base = open.length;
    for (;;) {
      let q = p + 1;
      while (q < le && text.charCodeAt(q) === SP) q++;
      let value: unknown;
      let at: number;
      lastTable = -1;
      if (q === le || text.charCodeAt(q) === HASH) {
        nextLine(ln);
        // An empty item is left to `yaml`.
        if (atEnd || ind <= n) throw UNSUPPORTED;
        at = p;
        value = blockNode(ind, depth + 1);
      } else {
        at = q;
        p = q;
        const col = q - ls;
        if (isSeqEntry(q)) value = blockSeq(col, depth + 1);
        else {
          const colon = keyColon(q);
          value = colon >= 0 ? blockMap(col, colon, depth + 1) : inlineValue(q, n, depth + 1);
        }
      }
      arr.push(value);
      open.push(at, lastTable);
      if (ind > n && !atEnd) throw UNSUPPORTED;
      if (atEnd || ind < n || !isSeqEntry(p)) {
        closeTable(base);
        return arr;
      }
    }
  }

  /**
   * A scalar or flow collection from `i` to the end of the line (or a block scalar below it). Leaves the cursor on
   * the next content line, which must not be indented more than `n`, the column of the collection it belongs to.
   */
  function inlineValue(i: number, n: number, depth: number): unknown {
    const c = text.charCodeAt(i);
    let value: unknown;
    if (c === DQUOTE || c === SQUOTE) {
      const e = quotedEnd(i);
      if (e < 0) throw UNSUPPORTED;
      value = quotedValue(i, e);
      restIsComment(e);
      nextLine(ln);
    } else if (c === LBRACKET || c === LBRACE) {
      flowEnd = i;
      value = flowNode(i, depth);
      const table = lastTable;
      restIsComment(flowEnd);
      nextLine(ln);
      lastTable = table;
    } else if (c === PIPE || c === GT) {
      value = blockScalar(i, n);
    } else {
      if (INDICATORS.has(c) && !(c === DASH && i + 1 < le && text.charCodeAt(i + 1) !== SP))
        throw UNSUPPORTED;
      let end = i;
      for (let j = i; j < le; j++) {
        const d = text.charCodeAt(j);
        if (d === SP) continue;
        if (d === HASH && text.charCodeAt(j - 1) === SP) break;
        // `a: b: c` and `a: b:` are errors in YAML.
        if (d === COLON && (j + 1 === le || text.charCodeAt(j + 1) === SP)) throw UNSUPPORTED;
        end = j + 1;
      }
      value = resolvePlain(text.slice(i, end));
      nextLine(ln);
    }
    // A more indented line would continue a multi-line scalar (or be an error).
    if (!atEnd && ind > n) throw UNSUPPORTED;
    return value;
  }

  /** Where the last flow collection read ended (just after its closing bracket). */
  let flowEnd = 0;

  /** A one-line flow sequence or mapping of scalars (nested ones too) at `i`; sets flowEnd. */
  function flowNode(i: number, depth: number): unknown {
    if (depth > MAX_DEPTH) throw UNSUPPORTED;
    const isSeq = text.charCodeAt(i) === LBRACKET;
    const close = isSeq ? RBRACKET : RBRACE;
    const out: unknown[] | Json = isSeq ? [] : {};
    const base = open.length;
    let j = skipSpaces(i + 1);
    if (text.charCodeAt(j) === close) {
      flowEnd = j + 1;
      closeTable(base);
      return out;
    }
    for (;;) {
      lastTable = -1;
      if (isSeq) {
        const at = j;
        (out as unknown[]).push(flowItem(j, depth));
        open.push(at, lastTable);
      } else {
        const keyStart = j;
        const c = text.charCodeAt(j);
        let key: string;
        if (c === DQUOTE || c === SQUOTE) {
          const e = quotedEnd(j);
          if (e < 0) throw UNSUPPORTED;
          key = quotedValue(j, e);
          if (key === '__proto__' || key === '<<') throw UNSUPPORTED;
          j = skipSpaces(e);
          if (text.charCodeAt(j) !== COLON) throw UNSUPPORTED;
          j = skipSpaces(j + 1);
        } else {
          if (INDICATORS.has(c)) throw UNSUPPORTED;
          let k = j;
          while (k < le && text.charCodeAt(k) !== COLON) k++;
          if (k === le || text.charCodeAt(k + 1) !== SP) throw UNSUPPORTED;
          let e = k;
          while (text.charCodeAt(e - 1) === SP) e--;
          const raw = text.slice(j, e);
          if (/[,[\]{}#]/.test(raw)) throw UNSUPPORTED;
          key = resolveKey(raw);
          j = skipSpaces(k + 1);
        }
        if (Object.hasOwn(out, key)) throw UNSUPPORTED;
        const value = flowItem(j, depth);
        (out as Json)[key] = value;
        open.push(key, keyStart, lastTable);
      }
      j = skipSpaces(flowEnd);
      const d = text.charCodeAt(j);
      if (d === close) {
        flowEnd = j + 1;
        closeTable(base);
        return out;
      }
      if (d !== COMMA) throw UNSUPPORTED;
      j = skipSpaces(j + 1);
      // A trailing comma or an empty entry is left to `yaml`.
      if (j >= le || text.charCodeAt(j) === close || text.charCodeAt(j) === COMMA) throw UNSUPPORTED;
    }
  }

  function skipSpaces(i: number): number {
    let j = i;
    while (j < le && text.charCodeAt(j) === SP) j++;
    return j;
  }

  /** One scalar or nested collection inside a flow collection, at `i`; sets flowEnd. */
  function flowItem(i: number, depth: number): unknown {
    if (i >= le) throw UNSUPPORTED;
    const c = text.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const e = quotedEnd(i);
      if (e < 0) throw UNSUPPORTED;
      flowEnd = e;
      return quotedValue(i, e);
    }
    if (c === LBRACKET || c === LBRACE) return flowNode(i, depth + 1);
    // `-` starts a plain scalar here only before a character that is neither a space nor a flow indicator.
    if (INDICATORS.has(c) && !(c === DASH && i + 1 < le && !FLOW_STOP.has(text.charCodeAt(i + 1))))
      throw UNSUPPORTED;
    let j = i;
    let end = i;
    for (; j < le; j++) {
      const d = text.charCodeAt(j);
      if (d === COMMA || d === RBRACKET || d === RBRACE) break;
      if (d === COLON || d === HASH || d === LBRACKET || d === LBRACE) throw UNSUPPORTED;
      if (d !== SP) end = j + 1;
    }
    flowEnd = j;
    return resolvePlain(text.slice(i, end));
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar whose header is at `i`, belonging to a collection in column `n`.
   * Indentation indicators and keep-chomping at the end of the text are left to `yaml`.
   */
  function blockScalar(i: number, n: number): string {
    const folded = text.charCodeAt(i) === GT;
    let j = i + 1;
    const chomp = text.charCodeAt(j);
    const keep = chomp === 43;
    const strip = chomp === DASH;
    if (keep || strip) j++;
    if (j < le && text.charCodeAt(j) !== SP) throw UNSUPPORTED;
    restIsComment(j);
    const lines: string[] = [];
    let indent = -1;
    let s = ln;
    let last = -1;
    let leading = 0;
    let terminated = true;
    while (s < len) {
      const nl = text.indexOf('\n', s);
      const next = nl < 0 ? len : nl + 1;
      let e = nl < 0 ? len : nl;
      if (e > s && text.charCodeAt(e - 1) === CR) e--;
      let k = s;
      while (k < e && text.charCodeAt(k) === SP) k++;
      if (k === e) {
        // A blank line; one longer than the indentation keeps its extra spaces.
        if (indent < 0) {
          leading = Math.max(leading, e - s);
          lines.push('');
        } else lines.push(e - s > indent ? text.slice(s + indent, e) : '');
        if (indent >= 0 && e - s > indent) last = lines.length - 1;
      } else {
        const sp = k - s;
        if (indent < 0) {
          if (sp <= n) break;
          if (leading > sp) throw UNSUPPORTED;
          indent = sp;
        } else if (sp < indent) break;
        lines.push(text.slice(s + indent, e));
        last = lines.length - 1;
      }
      terminated = nl >= 0;
      s = next;
    }
    if (indent < 0) throw UNSUPPORTED;
    // Lines after the last content line are trailing blank lines of the scalar.
    let trailing = lines.length - 1 - last;
    if (!terminated) {
      if (keep) throw UNSUPPORTED;
      trailing = 0;
    }
    let body: string;
    if (folded) {
      // Line breaks between two lines of text become spaces (or the blank lines between them); next to a more
      // indented line they are kept.
      body = '';
      let blank = 0;
      let started = false;
      let prevSpaced = false;
      for (let k = 0; k <= last; k++) {
        const line = lines[k] as string;
        if (line === '') {
          blank++;
          continue;
        }
        const spaced = line.charCodeAt(0) === SP;
        if (!started) body += '\n'.repeat(blank);
        else if (spaced || prevSpaced) body += '\n'.repeat(blank + 1);
        else body += blank > 0 ? '\n'.repeat(blank) : ' ';
        body += line;
        blank = 0;
        started = true;
        prevSpaced = spaced;
      }
    } else body = lines.slice(0, last + 1).join('\n');
    if (!strip) body += '\n';
    if (keep) body += '\n'.repeat(trailing);
    // Continue after the lines the scalar took (blank ones included).
    nextLine(s >= len ? len : s);
    return body;
  }

  const documents: BlockDocument[] = [];
  let index = -1;
  const readRoot = (): void => {
    index++;
    const colon = keyColon(p);
    if (colon < 0) throw UNSUPPORTED;
    const at = p;
    const value = blockMap(ind, colon, 0);
    if (!atEnd) throw UNSUPPORTED;
    documents.push({ index, value, at, table: lastTable });
  };
  try {
    nextLine(0);
    if (!atEnd) readRoot();
    while (marker) {
      restIsComment(ls + 3);
      nextLine(ln);
      if (atEnd) index++;
      else readRoot();
    }
  } catch (e) {
    if (e === UNSUPPORTED) return null;
    throw e;
  }
  return { documents, positions };
}

/**
 * The offset a field path leads to, as parse.ts's locate finds it in a yaml Document: from the object at `base`
 * (['items', i, ...] for a List item, whose own offset stands for the object), the key of the deepest existing field
 * of `path`, else the object's `kind` key, else the object itself.
 */
export function offsetOf(
  yaml: BlockYaml,
  doc: BlockDocument,
  base: readonly (string | number)[],
  path: readonly (string | number)[],
): number {
  const { positions } = yaml;
  let node: unknown = doc.value;
  let table = doc.table;
  let rootAt = doc.at;
  for (const key of base) {
    const at = entryOf(positions, table, node, key);
    if (at < 0) return 0;
    rootAt = at;
    node = (node as Record<string | number, unknown>)[key];
    table = foundTable;
  }
  const root = node;
  const rootTable = table;
  let best = -1;
  for (const key of path) {
    const at = entryOf(positions, table, node, key);
    if (at < 0) break;
    best = at;
    node = (node as Record<string | number, unknown>)[key];
    table = foundTable;
  }
  if (best >= 0) return best;
  const kind = entryOf(positions, rootTable, root, 'kind');
  return kind >= 0 ? kind : rootAt;
}

/** The value's table, from the last entryOf that found something. */
let foundTable = -1;

/** Offset of mapping key `key`, or of list item `key`, in the collection whose entries start at `table`; -1 if none. */
function entryOf(positions: unknown[], table: number, node: unknown, key: string | number): number {
  if (table < 0) return -1;
  const length = positions[table] as number;
  if (Array.isArray(node)) {
    if (typeof key !== 'number' || key < 0 || 2 * key >= length) return -1;
    const i = table + 1 + 2 * key;
    foundTable = positions[i + 1] as number;
    return positions[i] as number;
  }
  const name = String(key);
  for (let i = table + 1; i < table + 1 + length; i += 3) {
    if (positions[i] === name) {
      foundTable = positions[i + 2] as number;
      return positions[i + 1] as number;
    }
  }
  return -1;
}
