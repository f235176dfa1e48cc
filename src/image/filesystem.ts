// The squashed filesystem of an image: layers applied in order, knowing each path's layer and what was deleted.

import { globToRegExp } from '../core/glob.js';
import { DEFAULT_LIMITS, type Limits, limitError } from '../core/limits.js';
import type { ContentSkipped, EntryType, LayerEntry, LayerListing } from './layers.js';

export interface FileInfo {
  path: string;
  /** 'hardlink' only for a link whose target was missing; a resolved hard link is a 'file'. */
  type: EntryType;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** Symlink target as written. */
  linkname?: string;
  /** For a hard link: the path it was linked to. */
  hardlinkOf?: string;
  /** Index of the layer that added (or last replaced) this path. */
  layer: number;
}

export interface DeletedFile {
  path: string;
  type: EntryType;
  size: number;
  /** The layer that added it. */
  layer: number;
  /** The layer that deleted or replaced it. */
  by: number;
  how: 'whiteout' | 'opaque' | 'overwritten';
}

interface Node {
  info: FileInfo;
  children?: Map<string, Node>;
  content?: Buffer;
  skipped?: ContentSkipped;
}

export interface ImageFilesystem {
  /** Follows symlinks (inside the image root only). */
  stat(path: string): FileInfo | undefined;
  /** Does not follow a final symlink. */
  lstat(path: string): FileInfo | undefined;
  /** The content of a file that matched a requested glob (following symlinks), or undefined. */
  read(path: string): Buffer | undefined;
  /** Why a requested file's content is missing (over the read cap), if it is. */
  readSkipped(path: string): ContentSkipped | undefined;
  /** Paths (not following symlinks) matching the glob, sorted. */
  glob(pattern: string): string[];
  /** Everything later layers deleted or replaced, in the order it happened. */
  deleted(): readonly DeletedFile[];
  layerOf(path: string): number | undefined;
  /** Every path, parents before children; siblings by name unless `sorted` is false (cheaper, any order). */
  walk(options?: { sorted?: boolean }): Iterable<FileInfo>;
  /** Resolves symlinks in `path` inside the root; undefined when a component is missing. */
  realpath(path: string): string | undefined;
  /** Gives a file the content read in a second pass (see unreadTargets). */
  provide(path: string, content: Buffer): void;
  /** Extractor results for files whose current content is the one the extractor saw, sorted by path. */
  extracted(extractorId: string): { path: string; data: Buffer }[];
}

const WH = '.wh.';
const OPAQUE = '.wh..wh..opq';

function splitPath(path: string): string[] {
  // Layer entries are normalised ('/a/b'): split as they are, unless a component says otherwise.
  if (path.startsWith('/') && path.length > 1) {
    const parts = path.slice(1).split('/');
    if (!parts.some((p) => p === '' || p === '.')) return parts;
  }
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

/** The last component of a path, '' for the root. */
function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function dirInfo(path: string, layer: number): FileInfo {
  return { path, type: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0, layer };
}

/** Builds the squashed view from layer listings, given in layer order. */
export function buildFilesystem(
  layers: readonly LayerListing[],
  options: { limits?: Limits } = {},
): ImageFilesystem {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const root: Node = { info: dirInfo('/', 0), children: new Map() };
  const deletedList: DeletedFile[] = [];

  function recordRemoval(node: Node, by: number, how: DeletedFile['how']) {
    const stack = [node];
    while (stack.length > 0) {
      const n = stack.pop() as Node;
      const { path, type, size, layer } = n.info;
      deletedList.push({ path, type, size, layer, by, how });
      if (n.children) for (const c of n.children.values()) stack.push(c);
    }
  }

  /**
   * Resolves `parts` from the root, following symlinks in every component (and the last one when
   * `followLast`). '..' stops at the root, like a chroot. Returns the node and its real path parts.
   */
  function resolve(
    parts: readonly string[],
    followLast: boolean,
    origin: string,
  ): { node: Node; real: string[] } | undefined {
    let hops = 0;
    const stack: Node[] = [root];
    const real: string[] = [];
    const todo = [...parts].reverse();
    while (todo.length > 0) {
      const part = todo.pop() as string;
      if (part === '.' || part === '') continue;
      if (part === '..') {
        if (stack.length > 1) {
          stack.pop();
          real.pop();
        }
        continue;
      }
      const dir = stack[stack.length - 1] as Node;
      const child = dir.children?.get(part);
      if (!child) return undefined;
      if (child.info.type === 'symlink' && (todo.length > 0 || followLast)) {
        hops++;
        if (hops > limits.symlinkHops) {
          throw limitError(
            `${origin}: symbolic links followed (a loop?)`,
            'symlinkHops',
            hops,
            limits.symlinkHops,
          );
        }
        const target = child.info.linkname ?? '';
        if (target.startsWith('/')) {
          stack.length = 1;
          real.length = 0;
        }
        const next = target.split('/');
        for (let i = next.length - 1; i >= 0; i--) todo.push(next[i] as string);
        continue;
      }
      stack.push(child);
      real.push(part);
    }
    return { node: stack[stack.length - 1] as Node, real };
  }

  /** The directory an entry goes into: parents resolved through symlinks (as containerd applies layers), created if missing. */
  function parentFor(parts: readonly string[], layer: number, origin: string): Node {
    let dir = root;
    const done: string[] = [];
    for (const part of parts) {
      let child = dir.children?.get(part);
      if (child?.info.type === 'symlink') {
        const r = resolve([...done, part], true, origin);
        if (r && r.node.info.type === 'dir') {
          dir = r.node;
          done.splice(0, done.length, ...r.real);
          continue;
        }
      }
      if (child?.info.type !== 'dir') {
        if (child) recordRemoval(child, layer, 'overwritten');
        child = { info: dirInfo(`/${[...done, part].join('/')}`, layer), children: new Map() };
        dir.children ??= new Map();
        dir.children.set(part, child);
      }
      done.push(part);
      dir = child;
    }
    return dir;
  }

  function pathOf(dirPath: string, name: string) {
    return dirPath === '/' ? `/${name}` : `${dirPath}/${name}`;
  }

  // Only the extractor results outlive the build: the listings' entries (one object per tar entry of every
  // layer) would otherwise stay alive for as long as the view, through the whole catalog run.
  const extractedByLayer = layers.map((l) => l.extracted as LayerListing['extracted'] | undefined);

  layers.forEach((listing, layer) => {
    const origin = `layer ${layer}`;
    // Whiteouts hide lower layers only, so they go first, whatever their place in the tar.
    for (const e of listing.entries) {
      // A whiteout's name holds '.wh.' (searched in place: no substring per entry).
      if (!e.path.includes(WH) || !baseName(e.path).startsWith(WH)) continue;
      const parts = splitPath(e.path);
      const name = parts[parts.length - 1];
      if (name === undefined || !name.startsWith(WH)) continue;
      const parentParts = parts.slice(0, -1);
      const r = resolve(parentParts, true, origin);
      if (!r?.node.children) continue;
      if (name === OPAQUE) {
        for (const child of r.node.children.values()) recordRemoval(child, layer, 'opaque');
        r.node.children.clear();
        continue;
      }
      const victim = name.slice(WH.length);
      const child = r.node.children.get(victim);
      if (child) {
        recordRemoval(child, layer, 'whiteout');
        r.node.children.delete(victim);
      }
    }
    // Entries come directory by directory: the last parent resolved serves the next entries of the same one,
    // until a directory or symlink node is replaced (which could change what that path resolves to).
    let lastParent: string | undefined;
    let lastDir: Node = root;
    for (const e of listing.entries) {
      const slash = e.path.lastIndexOf('/');
      let name = e.path.slice(slash + 1);
      let dir: Node;
      // The same parent as the entry before: compared in place, no substring.
      if (
        lastParent !== undefined &&
        slash === lastParent.length &&
        e.path.startsWith(lastParent) &&
        name !== '' &&
        name !== '.'
      ) {
        dir = lastDir;
      } else {
        const parts = splitPath(e.path);
        const base = parts[parts.length - 1];
        if (base === undefined) {
          // the root directory itself: keep the tree, take its metadata
          root.info = { ...root.info, mode: e.mode, uid: e.uid, gid: e.gid };
          continue;
        }
        dir = parentFor(parts.slice(0, -1), layer, origin);
        // Cached only when the entry's own text names the parent plainly ('a/b/.' is resolved every time).
        lastParent = base === name ? e.path.slice(0, slash) : undefined;
        lastDir = dir;
        name = base;
      }
      if (name.startsWith(WH)) continue;
      if (addEntry(e, dir, name, listing, layer, origin)) lastParent = undefined;
    }
  });

  /** Puts one entry into `dir`; true when it replaced a directory or symlink (cached parents may be stale). */
  function addEntry(
    e: LayerEntry,
    dir: Node,
    name: string,
    listing: LayerListing,
    layer: number,
    origin: string,
  ): boolean {
    // The entry's own path when it is the real one (no symlinked directory on the way): one string less.
    const dirPath = dir.info.path;
    const prefix = dirPath === '/' ? 0 : dirPath.length;
    const path =
      e.path.length === prefix + 1 + name.length &&
      e.path.charCodeAt(prefix) === 47 &&
      e.path.startsWith(dirPath) &&
      e.path.endsWith(name)
        ? e.path
        : pathOf(dirPath, name);
    const old = dir.children?.get(name);
    const info: FileInfo = {
      path,
      type: e.type,
      size: e.type === 'file' ? e.size : 0,
      mode: e.mode,
      uid: e.uid,
      gid: e.gid,
      layer,
    };
    const node: Node = { info };
    if (e.type === 'symlink') info.linkname = e.linkname ?? '';
    if (e.type === 'dir') {
      if (old?.info.type === 'dir') {
        // a directory entry over a directory updates its metadata; its contents stay
        old.info = { ...info, layer: old.info.layer };
        return false;
      }
      node.children = new Map();
    }
    if (e.type === 'hardlink') {
      const target = resolve(splitPath(e.linkname ?? ''), false, origin);
      if (target && target.node.info.type === 'file') {
        info.type = 'file';
        info.size = target.node.info.size;
        info.hardlinkOf = target.node.info.path;
        if (target.node.content) node.content = target.node.content;
        if (target.node.skipped) node.skipped = target.node.skipped;
      } else {
        info.linkname = e.linkname ?? '';
      }
    }
    const content = listing.contents.get(e.path);
    if (content && e.type === 'file') node.content = content;
    const skipped = listing.skipped.get(e.path);
    if (skipped) node.skipped = skipped;
    if (old && old !== node) recordRemoval(old, layer, 'overwritten');
    dir.children ??= new Map();
    dir.children.set(name, node);
    return old !== undefined && (old.info.type === 'dir' || old.info.type === 'symlink');
  }

  function look(path: string, follow: boolean): Node | undefined {
    return resolve(splitPath(path), follow, path)?.node;
  }

  /** Parents before children, siblings by name. */
  function* walkNodes(): Generator<Node> {
    const stack: Node[] = [root];
    while (stack.length > 0) {
      const n = stack.pop() as Node;
      yield n;
      if (!n.children) continue;
      const kids = [...n.children.values()].sort((a, b) => (a.info.path < b.info.path ? 1 : -1));
      stack.push(...kids);
    }
  }

  return {
    stat: (path) => look(path, true)?.info,
    lstat: (path) => look(path, false)?.info,
    read: (path) => look(path, true)?.content,
    readSkipped: (path) => look(path, true)?.skipped,
    glob(pattern) {
      const re = globToRegExp(pattern);
      const out: string[] = [];
      for (const n of walkNodes()) if (re.test(n.info.path)) out.push(n.info.path);
      return out.sort();
    },
    deleted: () => deletedList,
    layerOf: (path) => look(path, false)?.info.layer,
    walk(options) {
      if (options?.sorted !== false)
        return (function* () {
          for (const n of walkNodes()) yield n.info;
        })();
      // In any order: collected with a plain loop, as a generator resumed once a node costs more than the work.
      const out: FileInfo[] = [];
      const stack: Node[] = [root];
      while (stack.length > 0) {
        const n = stack.pop() as Node;
        out.push(n.info);
        if (n.children) for (const kid of n.children.values()) stack.push(kid);
      }
      return out;
    },
    realpath(path) {
      const r = resolve(splitPath(path), true, path);
      return r ? `/${r.real.join('/')}` : undefined;
    },
    provide(path, content) {
      const n = look(path, false);
      if (n && n.info.type === 'file') n.content = content;
    },
    extracted(extractorId) {
      const out: { path: string; data: Buffer }[] = [];
      extractedByLayer.forEach((extracted, i) => {
        for (const [path, data] of extracted?.get(extractorId) ?? []) {
          const info = look(path, false)?.info;
          if (info?.type === 'file' && info.layer === i) out.push({ path, data });
        }
      });
      return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
  };
}

/**
 * Wanted paths that are symlinks (here or through a parent) to files whose content was not read, because the
 * link and its target sit in different layers or the target's name did not match a glob: the caller reads
 * these targets in a second pass over the layers named.
 */
export function unreadTargets(
  fs: ImageFilesystem,
  wanted: (path: string) => boolean,
): { path: string; target: string; layer: number }[] {
  const out: { path: string; target: string; layer: number }[] = [];
  for (const info of fs.walk({ sorted: false })) {
    if (info.type !== 'symlink' || !wanted(info.path)) continue;
    const real = fs.realpath(info.path);
    if (real === undefined) continue;
    const target = fs.lstat(real);
    if (target?.type !== 'file' || fs.read(real) !== undefined || fs.readSkipped(real)) continue;
    out.push({ path: info.path, target: real, layer: target.layer });
  }
  return out;
}

export type { LayerEntry };
