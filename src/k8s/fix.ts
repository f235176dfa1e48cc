// Autofix for PSS restricted: edits each YAML document through the `yaml` Document API, keeping comments and style.
//
// Fidelity: yaml 2.9 does not print an untouched document back byte for byte (it re-indents sequences, pads
// flow collections, re-flows folded scalars, collapses blank lines), so only the documents that were edited are
// printed again, with options read from their own source (sequence indent, indent width, flow padding); every
// other byte of the file, including separators, directives and unedited documents, is spliced through untouched.
//
// JSON (and any document whose root is a flow mapping) is left unchanged with a suggestion: printing it again
// through `yaml` gives YAML flow syntax on one line, not the file's JSON layout, and a JSON manifest is usually
// generated, so the fix belongs in its generator.
//
// Safe changes are applied; changes that can alter behaviour (readOnlyRootFilesystem, limits, runAsUser,
// privileged, hostPath, extra capabilities, Unconfined seccomp, explicit `false`/`true` the author chose) are
// only suggested.

import { diffArrays } from 'diff';
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Pair,
  parseAllDocuments,
  Scalar,
  type ToStringOptions,
  YAMLMap,
  YAMLSeq,
} from 'yaml';
import { DEFAULT_LIMITS } from '../core/limits.js';
import type { FieldPath, Json } from './types.js';
import { at, containersOf, isMapping, workloadOf } from './workloads.js';

export interface FixSuggestion {
  /** The field (or the nearest existing parent) from the document's root. */
  path: FieldPath;
  /** Index of the document in the file, from 0. */
  doc: number;
  message: string;
}

export interface FixOptions {
  level?: 'restricted';
  /** Most alias expansions per document (alias bombs); defaults to the manifest limit. */
  maxAliasCount?: number;
}

export interface FixResult {
  text: string;
  changed: boolean;
  suggestions: FixSuggestion[];
}

const VALID_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);

/** Adds what PSS restricted needs to every workload in a (multi-document) manifest text. */
export function fixManifestText(text: string, options: FixOptions = {}): FixResult {
  const docs = parseAllDocuments(text, { version: '1.1', keepSourceTokens: false });
  const suggestions: FixSuggestion[] = [];
  // An empty text or a text of comments only: nothing to fix.
  if (!Array.isArray(docs) || docs.length === 0) return { text, changed: false, suggestions };

  // Text before a document's `---` (directives, comments, the previous `...`) is kept verbatim. A first document
  // without `---` owns the comments above it: yaml attaches them to its content and prints them with it.
  const marked = (doc: Document.Parsed) => text.startsWith('---', doc.range[0]);
  let out = marked(docs[0]!) ? text.slice(0, docs[0]!.range[0]) : '';
  let changed = false;
  docs.forEach((doc, index) => {
    const start = index === 0 && !marked(doc) ? 0 : doc.range[0];
    const end = docs[index + 1]?.range[0] ?? text.length;
    const source = text.slice(start, end);
    const edited = fixDocument(doc, index, source, options, suggestions);
    if (!edited) {
      out += source;
      return;
    }
    changed = true;
    // The document's content ends at range[1]; what follows it (trailing comments, `...`, up to the next
    // document) is kept as it was, so yaml does not add a blank line before a trailing comment.
    const style = styleOf(text.slice(start, doc.range[1]));
    doc.comment = null;
    doc.directives.docEnd = false;
    if (marked(doc)) doc.commentBefore = null;
    let printed = doc.toString(style);
    // Directives were spliced through with the text before the range; print from the document's own `---`.
    if (marked(doc)) printed = printed.slice(Math.max(0, printed.search(/^---/m)));
    printed = restoreLayout(text.slice(start, doc.range[1]), printed);
    if (source.includes('\r\n')) printed = printed.replace(/\r?\n/g, '\r\n');
    out += printed + text.slice(doc.range[1], end);
  });
  return { text: changed ? out : text, changed, suggestions };
}

/**
 * yaml re-prints an edited document in its own layout (spacing before comments, wrapped flow collections): every
 * printed line that differs from an original line only in white space is put back as it was written, so the diff
 * of a fix shows only the lines the fix added or changed.
 */
export function restoreLayout(original: string, printed: string): string {
  const before = original.replace(/\r\n/g, '\n').split('\n');
  const after = printed.split('\n');
  const norm = (line: string) => line.replace(/\s+/g, ' ').trim();
  const out: string[] = [];
  let i = 0;
  let j = 0;
  for (const part of diffArrays(before.map(norm), after.map(norm))) {
    const n = part.count ?? part.value.length;
    if (part.removed) i += n;
    else if (part.added) {
      out.push(...after.slice(j, j + n));
      j += n;
    } else {
      out.push(...before.slice(i, i + n));
      i += n;
      j += n;
    }
  }
  return out.join('\n');
}

/** toString options that match the document's own layout. */
function styleOf(source: string): ToStringOptions {
  // `key:` followed by `- item` at the same column means sequences are not indented inside mappings.
  const flat = source.match(/^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\r?\n\1- /gm)?.length ?? 0;
  const indented = source.match(/^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\r?\n\1 +- /gm)?.length ?? 0;
  const step = /^[^\s#][^\n]*:[ \t]*(?:#[^\n]*)?\r?\n( +)[^\s#-]/m.exec(source)?.[1]?.length;
  const tight = /[[{][^\s\]}]/.test(source) && !/[[{] [^\s]/.test(source);
  return {
    indent: step && step <= 8 ? step : 2,
    indentSeq: indented >= flat,
    flowCollectionPadding: !tight,
    lineWidth: 0,
    minContentWidth: 0,
  };
}

interface Ctx {
  doc: Document.Parsed;
  docIndex: number;
  changed: boolean;
  suggestions: FixSuggestion[];
}

/** Fixes one document in place; true when it was edited. */
function fixDocument(
  doc: Document.Parsed,
  docIndex: number,
  source: string,
  options: FixOptions,
  suggestions: FixSuggestion[],
): boolean {
  const suggest = (path: FieldPath, message: string) => suggestions.push({ path, doc: docIndex, message });
  if (doc.errors.length > 0) {
    suggest([], `not fixed: the document is not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`);
    return false;
  }
  if (!isMap(doc.contents)) return false;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: options.maxAliasCount ?? DEFAULT_LIMITS.manifestAliases });
  } catch (e) {
    suggest([], `not fixed: ${(e as Error).message}`);
    return false;
  }
  if (!isMapping(value)) return false;

  const objects = objectsOf(value);
  if (!objects.some((o) => workloadOf(o.obj))) return false;
  if (doc.contents.flow || /^\s*[[{]/.test(source.replace(/^(?:\s*(?:#[^\n]*)?\n)*(?:---[^\n]*\n)?/, ''))) {
    suggest(
      [],
      'not fixed: flow-style (JSON) documents are left as they are; add the securityContext fields in the tool that generates them',
    );
    return false;
  }
  const ctx: Ctx = { doc, docIndex, changed: false, suggestions };
  for (const { obj, path } of objects) {
    const w = workloadOf(obj);
    if (!w) continue;
    fixPod(ctx, [...path, ...w.podSpecPath], w.podSpec);
  }
  return ctx.changed;
}

/** The object itself, or the items of a `List` / `FooList` (items without a kind take it from the list's kind). */
function objectsOf(value: Json): { obj: Json; path: FieldPath }[] {
  const kind = typeof value.kind === 'string' ? value.kind : '';
  if (kind.endsWith('List') && Array.isArray(value.items)) {
    const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    const out: { obj: Json; path: FieldPath }[] = [];
    value.items.forEach((item, i) => {
      if (!isMapping(item)) return;
      const obj = item.kind === undefined && itemKind ? { ...item, kind: itemKind } : item;
      out.push({ obj, path: ['items', i] });
    });
    return out;
  }
  return [{ obj: value, path: [] }];
}

// ---- node helpers: aliases and merge keys are followed, so an anchored securityContext is edited where it lives

function deref(ctx: Ctx, node: unknown): unknown {
  return isAlias(node) ? node.resolve(ctx.doc) : node;
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

/** The pair for `key` in `map`, looking through `<<` merges; null when absent. */
function pairOf(ctx: Ctx, map: YAMLMap, key: string, depth = 0): Pair | null {
  for (const item of map.items) if (keyOf(item) === key) return item;
  if (depth > 16) return null;
  for (const item of map.items) {
    if (keyOf(item) !== '<<') continue;
    const sources = deref(ctx, item.value);
    const list = isSeq(sources) ? sources.items.map((s) => deref(ctx, s)) : [sources];
    for (const src of list) {
      if (!isMap(src)) continue;
      const found = pairOf(ctx, src, key, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** The node at `path` (strings are mapping keys, numbers sequence indexes), or undefined. */
function nodeAt(ctx: Ctx, path: FieldPath): unknown {
  let cur: unknown = ctx.doc.contents;
  for (const key of path) {
    cur = deref(ctx, cur);
    if (typeof key === 'number') {
      if (!isSeq(cur)) return undefined;
      cur = cur.items[key];
    } else {
      if (!isMap(cur)) return undefined;
      cur = pairOf(ctx, cur, key)?.value;
    }
  }
  return deref(ctx, cur);
}

const isUnset = (node: unknown) =>
  node === undefined || node === null || (isScalar(node) && node.value === null);

/**
 * The mapping under `key`, created when the key is absent or null; null (with a suggestion) when the value has
 * the wrong type. `before` lists keys the new pair is inserted in front of (else it is appended).
 */
function ensureMap(
  ctx: Ctx,
  map: YAMLMap,
  key: string,
  path: FieldPath,
  before: string[] = [],
): YAMLMap | null {
  const pair = pairOf(ctx, map, key);
  const value = deref(ctx, pair?.value);
  if (isMap(value)) {
    // `securityContext: {}` in a block mapping becomes a block mapping once it has keys.
    if (value.flow && value.items.length === 0 && !map.flow) value.flow = false;
    return value;
  }
  if (!isUnset(value)) {
    ctx.suggestions.push({
      path,
      doc: ctx.docIndex,
      message: `${key} is not a mapping; fix its type by hand`,
    });
    return null;
  }
  const created = new YAMLMap();
  if (map.flow) created.flow = true;
  ctx.changed = true;
  if (pair) {
    // `securityContext:  # why` keeps its comment.
    const old = pair.value;
    if (isScalar(old)) {
      if (old.comment) created.commentBefore = old.comment;
      if (old.commentBefore) created.commentBefore = old.commentBefore;
    }
    pair.value = created;
    return created;
  }
  const newPair = ctx.doc.createPair(key, created);
  const at = map.items.findIndex((p) => before.includes(String(keyOf(p))));
  if (at === 0 && map.commentBefore && isScalar(map.items[0]?.key)) {
    // A comment above the first key is stored on the mapping; keep it above that key, not above the new one.
    const key = map.items[0].key;
    key.commentBefore = key.commentBefore ? `${map.commentBefore}\n${key.commentBefore}` : map.commentBefore;
    map.commentBefore = undefined;
  }
  if (at >= 0) map.items.splice(at, 0, newPair);
  else map.items.push(newPair);
  return created;
}

function setScalar(ctx: Ctx, map: YAMLMap, key: string, value: unknown): void {
  const pair = pairOf(ctx, map, key);
  ctx.changed = true;
  if (pair && isScalar(pair.value)) {
    pair.value.value = value;
    return;
  }
  if (pair) pair.value = ctx.doc.createNode(value);
  else map.items.push(ctx.doc.createPair(key, value));
}

// ---- the fixes

const scOf = (o: Json): Json | undefined => (isMapping(o.securityContext) ? o.securityContext : undefined);

function fixPod(ctx: Ctx, podPath: FieldPath, podSpec: Json): void {
  const suggest = (path: FieldPath, message: string) =>
    ctx.suggestions.push({ path, doc: ctx.docIndex, message });
  const podNode = nodeAt(ctx, podPath);
  if (!isMap(podNode)) return;
  const podSc = scOf(podSpec);
  const podScPath = [...podPath, 'securityContext'];
  if (podSpec.securityContext != null && !podSc) {
    suggest(podScPath, 'securityContext is not a mapping; fix its type by hand');
    return;
  }
  const windows = at(podSpec, ['os', 'name']) === 'windows';
  const containers = containersOf(podSpec);
  const podScNode = () =>
    ensureMap(ctx, podNode, 'securityContext', podScPath, ['initContainers', 'containers']);

  // runAsNonRoot: at pod level unless a container opts out explicitly.
  const optOut = containers.filter((c) => scOf(c.container)?.runAsNonRoot === false);
  const podRunAsNonRoot = podSc?.runAsNonRoot;
  if (podSpec.hostUsers === false) {
    // Exempt from v1.35 (user namespaces); root in the pod is not root on the node.
  } else if (podRunAsNonRoot === false) {
    suggest(
      [...podScPath, 'runAsNonRoot'],
      'runAsNonRoot is false for the pod; set it to true once the image runs as a non-root user',
    );
  } else if (podRunAsNonRoot !== true && optOut.length === 0) {
    const sc = podScNode();
    if (sc) setScalar(ctx, sc, 'runAsNonRoot', true);
  } else if (podRunAsNonRoot !== true) {
    for (const c of containers) {
      const cPath = [...podPath, ...c.path, 'securityContext'];
      if (scOf(c.container)?.runAsNonRoot === false) {
        suggest(
          [...cPath, 'runAsNonRoot'],
          `container ${nameOf(c.container)} sets runAsNonRoot: false; set it to true once its image runs as a non-root user`,
        );
        continue;
      }
      if (scOf(c.container)?.runAsNonRoot === true) continue;
      const cNode = nodeAt(ctx, [...podPath, ...c.path]);
      const sc = isMap(cNode) ? ensureMap(ctx, cNode, 'securityContext', cPath) : null;
      if (sc) setScalar(ctx, sc, 'runAsNonRoot', true);
    }
  }
  const anyUser =
    podSc?.runAsUser !== undefined || containers.some((c) => scOf(c.container)?.runAsUser !== undefined);
  if (!anyUser) {
    suggest(
      podScPath,
      'runAsNonRoot needs an image whose USER is a numeric non-root UID; or set runAsUser (e.g. 10001) after checking the image works with it',
    );
  }
  if (podSc?.runAsUser === 0)
    suggest([...podScPath, 'runAsUser'], 'runAsUser: 0 runs the pod as root; use a non-zero UID');

  if (!windows) {
    // seccompProfile: at pod level when some container would inherit it.
    const podSeccomp = podSc?.seccompProfile;
    const inherits = containers.some((c) => scOf(c.container)?.seccompProfile == null);
    if (podSeccomp == null) {
      if (inherits || containers.length === 0) {
        const sc = podScNode();
        const sp = sc && ensureMap(ctx, sc, 'seccompProfile', [...podScPath, 'seccompProfile']);
        if (sp) setScalar(ctx, sp, 'type', 'RuntimeDefault');
      }
    } else {
      fixSeccomp(ctx, [...podScPath, 'seccompProfile'], podSeccomp, 'the pod');
    }
    for (const c of containers) {
      const seccomp = scOf(c.container)?.seccompProfile;
      if (seccomp != null)
        fixSeccomp(
          ctx,
          [...podPath, ...c.path, 'securityContext', 'seccompProfile'],
          seccomp,
          `container ${nameOf(c.container)}`,
        );
    }
  }

  for (const c of containers) fixContainer(ctx, [...podPath, ...c.path], c.container, windows);

  const volumes = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
  volumes.forEach((v, i) => {
    if (isMapping(v) && v.hostPath != null)
      suggest(
        [...podPath, 'volumes', i, 'hostPath'],
        `volume ${nameOf(v)} mounts a host path; use an emptyDir, configMap, secret or persistentVolumeClaim`,
      );
  });
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC'] as const)
    if (podSpec[ns] === true)
      suggest(
        [...podPath, ns],
        `${ns}: true shares the node's namespace; remove it unless the pod must see the node`,
      );
}

function fixSeccomp(ctx: Ctx, path: FieldPath, value: unknown, who: string): void {
  const type = isMapping(value) ? value.type : undefined;
  if (typeof type === 'string' && VALID_SECCOMP.has(type)) return;
  if (isMapping(value) && (type === undefined || type === null || type === '')) {
    const node = nodeAt(ctx, path);
    if (isMap(node)) setScalar(ctx, node, 'type', 'RuntimeDefault');
    return;
  }
  ctx.suggestions.push({
    path: [...path, 'type'],
    doc: ctx.docIndex,
    message: `seccompProfile of ${who} is ${JSON.stringify(type ?? value)}; use RuntimeDefault (or Localhost with a profile) after testing`,
  });
}

function nameOf(o: Json): string {
  return typeof o.name === 'string' ? o.name : '?';
}

function fixContainer(ctx: Ctx, cPath: FieldPath, container: Json, windows: boolean): void {
  const suggest = (path: FieldPath, message: string) =>
    ctx.suggestions.push({ path, doc: ctx.docIndex, message });
  const name = nameOf(container);
  const scPath = [...cPath, 'securityContext'];
  const sc = scOf(container) ?? {};
  if (container.securityContext != null && !scOf(container)) {
    suggest(scPath, `securityContext of container ${name} is not a mapping; fix its type by hand`);
    return;
  }
  const cNode = nodeAt(ctx, cPath);
  if (!isMap(cNode)) return;
  const scNode = () => ensureMap(ctx, cNode, 'securityContext', scPath);
  const caps = isMapping(sc.capabilities) ? sc.capabilities : undefined;
  const add = Array.isArray(caps?.add) ? caps.add : [];

  if (sc.privileged === true) {
    suggest(
      [...scPath, 'privileged'],
      `container ${name} is privileged; remove privileged: true (then allowPrivilegeEscalation: false can be set)`,
    );
  }
  if (!windows) {
    const sysAdmin = add.some((a) => a === 'SYS_ADMIN' || a === 'CAP_SYS_ADMIN');
    const ape = sc.allowPrivilegeEscalation;
    if (ape === true) {
      suggest(
        [...scPath, 'allowPrivilegeEscalation'],
        `container ${name} sets allowPrivilegeEscalation: true; set it to false unless it needs setuid binaries`,
      );
    } else if (ape === undefined || ape === null) {
      // The API server rejects allowPrivilegeEscalation: false together with privileged or CAP_SYS_ADMIN.
      if (sc.privileged !== true && !sysAdmin) {
        const node = scNode();
        if (node) setScalar(ctx, node, 'allowPrivilegeEscalation', false);
      }
    } else if (ape !== false) {
      suggest(
        [...scPath, 'allowPrivilegeEscalation'],
        `allowPrivilegeEscalation of container ${name} is not a boolean; set it to false`,
      );
    }

    fixDrop(ctx, scPath, sc, scNode, name);
    const extra = add.filter((a) => a !== 'NET_BIND_SERVICE');
    if (extra.length > 0) {
      suggest(
        [...scPath, 'capabilities', 'add'],
        `container ${name} adds ${extra.map(String).join(', ')}; restricted allows only NET_BIND_SERVICE`,
      );
    }
  }

  if (sc.runAsUser === 0)
    suggest([...scPath, 'runAsUser'], `container ${name} runs as UID 0; use a non-zero UID`);
  if (sc.readOnlyRootFilesystem !== true) {
    suggest(
      [...scPath, 'readOnlyRootFilesystem'],
      `container ${name}: set readOnlyRootFilesystem: true after mounting an emptyDir where it writes`,
    );
  }
  if (!isMapping(at(container, ['resources', 'limits']))) {
    suggest(
      [...cPath, 'resources'],
      `container ${name} has no resource limits; set limits.memory (and cpu) from its observed use`,
    );
  }
}

/** capabilities.drop must contain the exact string ALL: normalise `all`, else add it; other drops stay. */
function fixDrop(ctx: Ctx, scPath: FieldPath, sc: Json, scNode: () => YAMLMap | null, name: string): void {
  const caps = sc.capabilities;
  const capsPath = [...scPath, 'capabilities'];
  if (caps != null && !isMapping(caps)) {
    ctx.suggestions.push({
      path: capsPath,
      doc: ctx.docIndex,
      message: `capabilities of container ${name} is not a mapping`,
    });
    return;
  }
  const drop = isMapping(caps) ? caps.drop : undefined;
  if (Array.isArray(drop) && drop.includes('ALL')) return;
  if (drop != null && !Array.isArray(drop)) {
    ctx.suggestions.push({
      path: [...capsPath, 'drop'],
      doc: ctx.docIndex,
      message: `capabilities.drop of container ${name} is not a list; use drop: [ALL]`,
    });
    return;
  }
  const sNode = scNode();
  const capsNode = sNode && ensureMap(ctx, sNode, 'capabilities', capsPath);
  if (!capsNode) return;
  const dropPair = pairOf(ctx, capsNode, 'drop');
  const dropNode = deref(ctx, dropPair?.value);
  if (isSeq(dropNode)) {
    for (const item of dropNode.items) {
      const s = deref(ctx, item);
      if (isScalar(s) && typeof s.value === 'string' && s.value.toUpperCase() === 'ALL') {
        s.value = 'ALL';
        ctx.changed = true;
        return;
      }
    }
    const all = new Scalar('ALL');
    // Quoted like its siblings: drop: ["NET_RAW", "ALL"].
    const sibling = deref(ctx, dropNode.items[0]);
    if (isScalar(sibling) && sibling.type !== Scalar.PLAIN) all.type = sibling.type;
    dropNode.items.push(all);
    ctx.changed = true;
    return;
  }
  const seq = new YAMLSeq();
  if (capsNode.flow) seq.flow = true;
  seq.items.push(new Scalar('ALL'));
  ctx.changed = true;
  if (dropPair) dropPair.value = seq;
  else capsNode.items.push(ctx.doc.createPair('drop', seq));
}
