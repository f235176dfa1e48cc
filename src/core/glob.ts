// Path globs for files inside images ('/etc/os-release', '**/package.json'), compiled to linear-time regular expressions.

/**
 * `**` matches any number of whole path segments, `*` anything within one segment, `?` one character,
 * `{a,b}` either alternative (not nested). A pattern without a leading '/' is anchored at the root.
 */
export function globToRegExp(pattern: string): RegExp {
  const p = pattern.startsWith('/') ? pattern : `/${pattern}`;
  let re = '^';
  let inBrace = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '*' && p[i + 1] === '*') {
      // '/**/' and a trailing '/**' swallow whole segments, including none
      if (p[i + 2] === '/') {
        re += '(?:[^/]*/)*';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
      continue;
    }
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{' && !inBrace) {
      inBrace = true;
      re += '(?:';
    } else if (c === '}' && inBrace) {
      inBrace = false;
      re += ')';
    } else if (c === ',' && inBrace) re += '|';
    else re += c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  if (inBrace) throw new Error(`unclosed '{' in glob ${pattern}`);
  return new RegExp(`${re}$`);
}

/** The regular expression of one path segment's glob (no '/', no '**'), over the segment alone. */
function segmentSource(segment: string): string {
  return globToRegExp(segment)
    .source.replace(/^\^\\?\//, '')
    .replace(/\$$/, '');
}

/**
 * One predicate for many globs. Most catalogers' globs name a file anywhere in the tree (`**` then a file name):
 * those are joined into one regular expression over the last path segment, so the image reader tests each entry
 * once, not once a glob. The others are tested only when the path's last segment could match theirs: an exact
 * name is looked up, a wildcard name is tried on the segment first (an image has hundreds of thousands of paths).
 */
export function globMatcher(patterns: readonly string[]): (path: string) => boolean {
  const anywhere: string[] = [];
  const byBase = new Map<string, RegExp[]>();
  const byWildBase: { base: RegExp; full: RegExp }[] = [];
  const always: RegExp[] = [];
  for (const pattern of patterns) {
    const m = /^\/?\*\*\/([^/]+)$/.exec(pattern);
    const name = m?.[1];
    if (name !== undefined && !name.includes('**')) {
      anywhere.push(segmentSource(name));
      continue;
    }
    const full = globToRegExp(pattern);
    const last = pattern.slice(pattern.lastIndexOf('/') + 1);
    // A last segment that is '**', or that a brace group split ('{a/b,c}'), is tested whole.
    if (last === '' || last.includes('**') || /[{}]/.test(last) !== /\{[^}]*\}/.test(last)) always.push(full);
    else if (!/[*?{]/.test(last)) byBase.set(last, [...(byBase.get(last) ?? []), full]);
    else byWildBase.push({ base: new RegExp(`^${segmentSource(last)}$`), full });
  }
  const byName = anywhere.length > 0 ? new RegExp(`^(?:${anywhere.join('|')})$`) : undefined;
  return (path) => {
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (byName?.test(base)) return true;
    const exact = byBase.get(base);
    if (exact?.some((r) => r.test(path))) return true;
    for (const w of byWildBase) if (w.base.test(base) && w.full.test(path)) return true;
    return always.some((r) => r.test(path));
  };
}

/** Whether `path` (absolute) matches `pattern`. */
export function matchGlob(pattern: string, path: string): boolean {
  return globToRegExp(pattern).test(path);
}
