// META-INF/maven/<groupId>/<artifactId>/pom.properties: the Java properties format Maven writes into every jar.

export interface PomProperties {
  groupId: string;
  artifactId: string;
  version: string;
}

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };
const WHITESPACE = new Set([' ', '\t', '\f']);
const SEPARATORS = new Set(['=', ':', ' ', '\t', '\f']);

/**
 * Key/value pairs per java.util.Properties.load: `#`/`!` comments, `=`, `:` or whitespace separators, a trailing
 * backslash joining the next line, and backslash escapes (including `\uXXXX`). One pass over each line, copying
 * by slices, so no input can make it slow.
 */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let part = lines[i]!.replace(/^[ \t\f]+/, '');
    if (part === '' || part[0] === '#' || part[0] === '!') continue;
    // An odd number of trailing backslashes continues the logical line (parts joined once: no quadratic copying).
    const parts = [part];
    while (trailingBackslashes(part) % 2 === 1 && i + 1 < lines.length) {
      parts[parts.length - 1] = part.slice(0, -1);
      part = lines[++i]!.replace(/^[ \t\f]+/, '');
      parts.push(part);
    }
    const line = parts.join('');
    // The key ends at the first separator that is not escaped; escapes are decoded afterwards, by slices.
    let j = 0;
    while (j < line.length && !SEPARATORS.has(line[j]!)) j += line[j] === '\\' ? 2 : 1;
    const key = unescapeAll(line.slice(0, Math.min(j, line.length)));
    while (j < line.length && WHITESPACE.has(line[j]!)) j++;
    if (line[j] === '=' || line[j] === ':') j++;
    while (j < line.length && WHITESPACE.has(line[j]!)) j++;
    const value = unescapeAll(line.slice(j));
    // A repeated key keeps its last value, as java.util.Properties does.
    if (key) out.set(key, value);
  }
  return out;
}

function trailingBackslashes(line: string): number {
  let n = 0;
  while (n < line.length && line[line.length - 1 - n] === '\\') n++;
  return n;
}

function unescapeAll(s: string): string {
  if (!s.includes('\\')) return s;
  const out: string[] = [];
  let from = 0;
  for (let b = s.indexOf('\\'); b >= 0 && b + 1 < s.length; b = s.indexOf('\\', from)) {
    const [ch, used] = unescapeAt(s, b);
    out.push(s.slice(from, b), ch);
    from = b + used;
  }
  out.push(s.slice(from));
  return out.join('');
}

function unescapeAt(line: string, at: number): [string, number] {
  const c = line[at + 1]!;
  if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(line.slice(at + 2, at + 6)))
    return [String.fromCharCode(Number.parseInt(line.slice(at + 2, at + 6), 16)), 6];
  return [ESCAPES[c] ?? c, 2];
}

/** The three coordinates, or undefined when one is missing (a half-written or hand-made file names nothing). */
export function parsePomProperties(text: string): PomProperties | undefined {
  const p = parseProperties(text);
  const groupId = p.get('groupId')?.trim();
  const artifactId = p.get('artifactId')?.trim();
  const version = p.get('version')?.trim();
  if (!groupId || !artifactId || !version) return undefined;
  return { groupId, artifactId, version };
}
