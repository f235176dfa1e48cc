// Parses WWW-Authenticate headers (RFC 7235 challenges) as registries send them: Bearer and Basic.

export interface Challenge {
  /** Lowercased: 'bearer', 'basic'. */
  scheme: string;
  /** Parameter names lowercased: realm, service, scope, error. */
  params: Record<string, string>;
}

const TOKEN_CHAR = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;

/**
 * All challenges in a header value (several headers arrive joined with ', '). Written by hand: Node has no
 * parser for this header, and a comma both separates parameters and starts the next challenge, which the
 * usual split-on-comma shortcuts get wrong for quoted values such as Docker Hub's scopes.
 */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  let i = 0;
  const n = header.length;
  const skipSpace = () => {
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
  };
  const readToken = () => {
    const start = i;
    while (i < n && TOKEN_CHAR.test(header[i] as string)) i++;
    return header.slice(start, i);
  };
  const readQuoted = () => {
    // at the opening quote
    i++;
    let v = '';
    while (i < n && header[i] !== '"') {
      if (header[i] === '\\' && i + 1 < n) i++;
      v += header[i];
      i++;
    }
    i++; // closing quote (or end of a truncated header)
    return v;
  };
  let current: Challenge | undefined;
  while (i < n) {
    skipSpace();
    if (header[i] === ',') {
      i++;
      continue;
    }
    const word = readToken();
    if (word === '') {
      // Not a token: skip the character so a malformed header cannot stall the loop.
      i++;
      continue;
    }
    skipSpace();
    if (header[i] === '=') {
      i++;
      skipSpace();
      const value = header[i] === '"' ? readQuoted() : readToken();
      // A parameter with no scheme before it is dropped.
      if (current) current.params[word.toLowerCase()] = value;
      continue;
    }
    current = { scheme: word.toLowerCase(), params: {} };
    out.push(current);
  }
  return out;
}
