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

/** One predicate for many globs. */
export function globMatcher(patterns: readonly string[]): (path: string) => boolean {
  const res = patterns.map(globToRegExp);
  return (path) => res.some((r) => r.test(path));
}

/** Whether `path` (absolute) matches `pattern`. */
export function matchGlob(pattern: string, path: string): boolean {
  return globToRegExp(pattern).test(path);
}
