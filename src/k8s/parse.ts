// Reads Kubernetes manifests (files, directories, stdin; multi-document YAML, JSON, List kinds) keeping positions.

import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Node as YamlNode,
} from 'yaml';
import { fileError, inputError } from '../core/errors.js';
import { findFiles, readTextWithin } from '../core/files.js';
import { DEFAULT_LIMITS, type Limits, limitError } from '../core/limits.js';
import { readStdinWithin, type StdinSource } from '../core/stdin.js';
import { type BlockYaml, offsetOf, readBlockYaml } from './block-yaml.js';
import type { FieldPath, Json } from './types.js';
import { isMapping } from './workloads.js';

/** One YAML document of a file, with what it takes to turn a field path into a line and column. */
export interface ManifestDocument {
  /** The path as given (or found below a directory); `-` for stdin. */
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  /** Where `path` leads from the object at `base` in this document (see locate). */
  locate(base: FieldPath, path: FieldPath): Position;
}

/** One Kubernetes object: a document, or an item of a `List` document. */
export interface ManifestObject {
  object: Json;
  source: ManifestDocument;
  /** Where the object sits in its document: [] for a document, ['items', 3] for a List item. */
  base: FieldPath;
}

export interface ManifestFile {
  path: string;
  text: string;
  objects: ManifestObject[];
}

export interface Position {
  line: number;
  column: number;
}

const EXTENSIONS = /\.(ya?ml|json)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);
/** A file found below a directory is read only when it looks like a manifest: CI files and Helm values are not. */
const LOOKS_LIKE_MANIFEST = /^[ \t{,]*["']?(?:kind|apiVersion)["']?[ \t]*:/m;

export function looksLikeManifest(text: string): boolean {
  return LOOKS_LIKE_MANIFEST.test(text);
}

/**
 * Expands the command-line paths: files as given, directories into their *.yaml, *.yml and *.json files
 * (recursively, sorted, skipping node_modules and .git), `-` for stdin. `explicit` tells which were named.
 */
export async function discoverManifests(
  paths: readonly string[],
  cwd: string,
): Promise<{ path: string; explicit: boolean }[]> {
  const out: { path: string; explicit: boolean }[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push({ path: p, explicit: true });
      continue;
    }
    const full = isAbsolute(p) ? p : resolve(cwd, p);
    let isDir: boolean;
    try {
      isDir = (await stat(full)).isDirectory();
    } catch (e) {
      throw fileError(p, e);
    }
    if (!isDir) {
      out.push({ path: p, explicit: true });
      continue;
    }
    for (const f of await findFiles(full, p, (name) => EXTENSIONS.test(name), SKIP_DIRS))
      out.push({ path: f, explicit: false });
  }
  return out;
}

/** Reads a manifest file (or stdin for `-`) within the size budget. */
export function readManifest(
  path: string,
  options: { limits?: Limits; cwd: string; stdin?: () => Promise<string> },
): Promise<string> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  return readTextWithin(path, {
    cwd: options.cwd,
    maxBytes: limits.manifestBytes,
    tooLarge: (where, size) => tooLarge(where, size, limits.manifestBytes),
    stdin: options.stdin,
  });
}

function tooLarge(path: string, size: number, max: number) {
  return limitError(`${path}: manifest too large`, 'manifestBytes', size, max);
}

/** Reads stdin as UTF-8, failing as soon as it passes the manifest budget. */
export function readManifestStdin(stdin: StdinSource, maxBytes: number): Promise<string> {
  return readStdinWithin(stdin, maxBytes, (size) => tooLarge('-', size, maxBytes));
}

const HELM_HINT =
  'this looks like an unrendered Helm template: render it first (helm template . | shipshape k8s -)';

/**
 * Parses a manifest file's text into objects. YAML is read as YAML 1.1, the way kubectl's reader does
 * (`yes`/`no`/`on`/`off` are booleans, `0755` is octal); JSON is read by the same parser, so it keeps positions too.
 * Invalid YAML, a document that is not a mapping, and alias bombs are input errors (exit 2) naming file:line.
 * Empty documents (a `---` with only comments, as `helm template` writes) are skipped.
 */
export function parseManifestText(
  text: string,
  file: string,
  limits: Limits = DEFAULT_LIMITS,
): ManifestObject[] {
  const size = Buffer.byteLength(text);
  if (size > limits.manifestBytes) throw tooLarge(file, size, limits.manifestBytes);
  const block = readBlockYaml(text);
  return block ? objectsOfBlockYaml(block, text, file) : parseWithDocuments(text, file, limits);
}

/** The objects of a text the block reader took: same values, bases and positions as parseWithDocuments. */
function objectsOfBlockYaml(block: BlockYaml, text: string, file: string): ManifestObject[] {
  const linePos = lineIndex(text);
  const out: ManifestObject[] = [];
  for (const d of block.documents) {
    const source: ManifestDocument = {
      file,
      index: d.index,
      locate: (base, path) => linePos(offsetOf(block, d, base, path)),
    };
    collect(d.value, source, [], out, 0);
  }
  return out;
}

/**
 * parseManifestText through the `yaml` package's Documents: the reference the block reader must agree with, and the
 * path for everything it leaves alone (anchors, tags, JSON, errors, limits).
 */
export function parseWithDocuments(
  text: string,
  file: string,
  limits: Limits = DEFAULT_LIMITS,
): ManifestObject[] {
  if (nestingOf(text) > MAX_NESTING) {
    throw inputError(
      'limit',
      `${file}: nesting too deep to read (more than ${MAX_NESTING} levels)`,
      'a Kubernetes manifest nests a few dozen levels at most; check the file',
    );
  }
  const lines = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, {
      version: '1.1',
      lineCounter: lines,
      prettyErrors: false,
      uniqueKeys: false,
    }) as Document.Parsed[];
  } catch (e) {
    throw deepError(file, e);
  }
  const out: ManifestObject[] = [];
  docs.forEach((doc, index) => {
    const err = doc.errors[0];
    if (err) {
      const pos = lines.linePos(err.pos[0]);
      throw inputError(
        'malformed',
        `${file}:${pos.line}:${pos.col}: invalid YAML: ${err.message.split('\n')[0]}`,
        text.includes('{{') ? HELM_HINT : 'fix the YAML syntax (check indentation and quotes)',
      );
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return;
    const source: ManifestDocument = {
      file,
      index,
      locate: (base, path) => locateInDocument(doc, lines, base, path),
    };
    const start = lines.linePos(doc.contents.range[0]);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.manifestAliases });
    } catch (e) {
      if (e instanceof RangeError) throw deepError(file, e);
      const msg = e instanceof Error ? e.message : String(e);
      if (/alias/i.test(msg)) {
        throw inputError(
          'limit',
          `${file}:${start.line}: YAML aliases expand too much (${msg}; limit manifestAliases = ${limits.manifestAliases})`,
          'raise it with SHIPSHAPE_MAX_MANIFEST_ALIASES=N if the input is trusted',
        );
      }
      throw inputError('malformed', `${file}:${start.line}: cannot read the document: ${msg}`);
    }
    if (!isMapping(value)) {
      throw inputError(
        'malformed',
        `${file}:${start.line}:${start.col}: expected a Kubernetes object (a mapping with apiVersion and kind), got ${describe(value)}`,
        'each YAML document must be one object; separate objects with ---',
      );
    }
    collect(value, source, [], out, 0);
  });
  return out;
}

/** A List (`kind: List`, or `PodList` as the API returns) stands for its items; anything else is one object. */
function collect(
  value: Json,
  source: ManifestDocument,
  base: FieldPath,
  out: ManifestObject[],
  depth: number,
) {
  const kind = typeof value.kind === 'string' ? value.kind : '';
  if (depth < 8 && kind.endsWith('List') && Array.isArray(value.items)) {
    value.items.forEach((item, i) => {
      if (isMapping(item)) collect(item, source, [...base, 'items', i], out, depth + 1);
    });
    return;
  }
  out.push({ object: value, source, base });
}

/**
 * yaml recurses once per nesting level and overflows the stack below 1,000 levels; V8 may then abort the process (a
 * regular expression compiled on the exhausted stack) instead of throwing a RangeError, so deeper text is refused
 * before yaml reads it.
 */
const MAX_NESTING = 256;

/**
 * An upper bound of the nesting depth of a YAML or JSON text: block levels by indentation (and `- `, `? `, `: `
 * indicators that open one on the same line) plus open flow brackets, which are counted even inside strings.
 */
function nestingOf(text: string): number {
  const indents: number[] = [];
  // Block levels of the last line that started outside flow collections (inside them indentation means nothing).
  let block = 0;
  let flow = 0;
  let deepest = 0;
  for (let s = 0; s <= text.length; ) {
    let e = text.indexOf('\n', s);
    if (e < 0) e = text.length;
    let i = s;
    while (i < e && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i < e && text.charCodeAt(i) !== 35) {
      if (flow === 0) {
        const indent = i - s;
        while (indents.length > 0 && (indents[indents.length - 1] as number) >= indent) indents.pop();
        indents.push(indent);
        block = indents.length;
        for (;;) {
          const c = text.charCodeAt(i);
          if (!((c === 45 || c === 63 || c === 58) && text.charCodeAt(i + 1) === 32)) break;
          block++;
          i += 2;
          while (i < e && text.charCodeAt(i) === 32) i++;
        }
      }
      if (block + flow > deepest) deepest = block + flow;
      for (; i < e; i++) {
        const c = text.charCodeAt(i);
        if (c === 91 || c === 123) {
          flow++;
          if (block + flow > deepest) deepest = block + flow;
        } else if ((c === 93 || c === 125) && flow > 0) flow--;
      }
    }
    s = e + 1;
  }
  return deepest;
}

function deepError(file: string, e: unknown) {
  if (e instanceof RangeError) {
    return inputError(
      'limit',
      `${file}: nesting too deep to read (${e.message})`,
      'a Kubernetes manifest nests a few dozen levels at most; check the file',
    );
  }
  const msg = e instanceof Error ? e.message : String(e);
  return inputError('malformed', `${file}: cannot read: ${msg}`);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  return `a ${typeof v}`;
}

/**
 * Line and column (1-based) of a field, given its path from the object's root: the key of the field when it exists,
 * else the key of its nearest existing parent, else the object's `kind:` (or its first line).
 */
export function locate(obj: ManifestObject, path: FieldPath): Position {
  return obj.source.locate(obj.base, path);
}

function locateInDocument(
  doc: Document.Parsed,
  lines: LineCounter,
  base: FieldPath,
  path: FieldPath,
): Position {
  let node: unknown = doc.contents;
  for (const key of base) node = child(node, key)?.value;
  const root = node;
  let best: number | undefined;
  for (const key of path) {
    const found = child(node, key);
    if (!found) break;
    best = found.at;
    node = found.value;
  }
  if (best === undefined) best = child(root, 'kind')?.at ?? (root as YamlNode | undefined)?.range?.[0] ?? 0;
  const pos = lines.linePos(best);
  return { line: pos.line, column: pos.col };
}

/** The child node at `key` and the offset to point at (the key of a pair, the start of a list item). */
function child(node: unknown, key: string | number): { value: unknown; at: number } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = pair.key;
      const name = isScalar(k) ? k.value : k;
      if (name === key || (typeof name !== 'object' && String(name) === String(key))) {
        const at = (k as YamlNode | null)?.range?.[0] ?? (pair.value as YamlNode | null)?.range?.[0];
        if (at === undefined) return undefined;
        return { value: pair.value, at };
      }
    }
    return undefined;
  }
  if (isSeq(node) && typeof key === 'number') {
    const item = node.items[key] as YamlNode | undefined;
    if (!item?.range) return undefined;
    return { value: item, at: item.range[0] };
  }
  return undefined;
}

/** Offset to 1-based line and column, as yaml's LineCounter gives them; the line starts are found on first use. */
function lineIndex(text: string): (offset: number) => Position {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((starts[mid] as number) < offset) low = mid + 1;
      else high = mid;
    }
    if (starts[low] === offset) return { line: low + 1, column: 1 };
    if (low === 0) return { line: 0, column: offset };
    return { line: low, column: offset - (starts[low - 1] as number) + 1 };
  };
}

/** Reads and parses every manifest below `paths`; files found in directories are read only if they look like manifests. */
export async function loadManifests(
  paths: readonly string[],
  options: {
    limits?: Limits;
    cwd: string;
    stdin?: () => Promise<string>;
    displayPath?: (path: string) => string;
  },
): Promise<ManifestFile[]> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const files: ManifestFile[] = [];
  for (const { path, explicit } of await discoverManifests(paths, options.cwd)) {
    const text = await readManifest(path, { ...options, limits });
    if (!explicit && !looksLikeManifest(text)) continue;
    const shown = options.displayPath ? options.displayPath(path) : path;
    files.push({ path: shown, text, objects: parseManifestText(text, shown, limits) });
  }
  return files;
}
