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

/**
 * One predicate for many globs. Most catalogers' globs name a file anywhere in the tree (`**` then a file name):
 * those are joined into one regular expression over the last path segment, so the image reader tests each entry
 * once, not once a glob.
 */
export function globMatcher(patterns: readonly string[]): (path: string) => boolean {
  const anywhere: string[] = [];
  const rest: RegExp[] = [];
  for (const pattern of patterns) {
    const m = /^\/?\*\*\/([^/]+)$/.exec(pattern);
    const name = m?.[1];
    if (name !== undefined && !name.includes('**'))
      anywhere.push(
        globToRegExp(name)
          .source.replace(/^\^\\?\//, '')
          .replace(/\$$/, ''),
      );
    else rest.push(globToRegExp(pattern));
  }
  const byName = anywhere.length > 0 ? new RegExp(`^(?:${anywhere.join('|')})$`) : undefined;
  return (path) => {
    if (byName?.test(path.slice(path.lastIndexOf('/') + 1))) return true;
    return rest.some((r) => r.test(path));
  };
}

/** Whether `path` (absolute) matches `pattern`. */
export function matchGlob(pattern: string, path: string): boolean {
  return globToRegExp(pattern).test(path);
}
