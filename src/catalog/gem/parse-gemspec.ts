// Installed gem specifications (`specifications/*.gemspec`): the Ruby that RubyGems writes, read without running it.

export interface GemSpec {
  name: string;
  version: string;
  /** Absent for pure-Ruby gems (platform `ruby`). */
  platform?: string;
  licenses: string[];
  authors: string[];
}

export type GemspecOutcome = { ok: true; value: GemSpec } | { ok: false; reason: string };

// `  s.name = ...` with any receiver name; `\w+` then a literal `.` cannot backtrack more than once per character.
const ASSIGNMENT_RE = /^\s*\w+\.(name|version|licenses|license|authors|author|platform)\s*=\s*(.*)$/;
const STUB_RE = /^# stub: (\S+) (\S+) (\S+)/;
const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', e: '\x1b', s: ' ', '0': '\0' };
const PERCENT_CLOSE: Record<string, string> = { '{': '}', '<': '>', '(': ')', '[': ']' };

/**
 * The string literals in a Ruby expression, in order: `"..."` (with the escapes String#dump writes), `'...'`
 * and `%q{...}` / `%Q<...>`. Enough for what RubyGems writes (`"1.2.3".freeze`, `["MIT".freeze]`,
 * `Gem::Version.new("1.0")`, `%q{rack}` in old specs); anything else is skipped. One pass, no regex.
 */
export function rubyStrings(expr: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '#') break; // a comment runs to the end of the line
    if (c === '"' || c === "'") {
      const [s, next] = readQuoted(expr, i + 1, c, c === '"');
      out.push(s);
      i = next;
    } else if (
      c === '%' &&
      (expr[i + 1] === 'q' || expr[i + 1] === 'Q') &&
      expr[i + 2] &&
      !/\w/.test(expr[i + 2]!)
    ) {
      const open = expr[i + 2]!;
      const [s, next] = readQuoted(expr, i + 3, PERCENT_CLOSE[open] ?? open, expr[i + 1] === 'Q');
      out.push(s);
      i = next;
    } else i++;
  }
  return out;
}

function readQuoted(expr: string, start: number, close: string, escapes: boolean): [string, number] {
  // Plain runs are copied as slices; only escapes are decoded one by one.
  const out: string[] = [];
  let from = start;
  let i = start;
  while (i < expr.length && expr[i] !== close) {
    if (expr[i] !== '\\' || i + 1 >= expr.length) {
      i++;
      continue;
    }
    out.push(expr.slice(from, i));
    const e = expr[i + 1]!;
    if (!escapes) {
      out.push(e === close || e === '\\' ? e : `\\${e}`);
      i += 2;
    } else if (e === 'u' && expr[i + 2] === '{') {
      const end = expr.indexOf('}', i + 3);
      const cps =
        end < 0
          ? []
          : expr
              .slice(i + 3, end)
              .trim()
              .split(/\s+/);
      out.push(cps.map((h) => String.fromCodePoint(Number.parseInt(h, 16) || 0xfffd)).join(''));
      i = end < 0 ? expr.length : end + 1;
    } else if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(expr.slice(i + 2, i + 6))) {
      out.push(String.fromCharCode(Number.parseInt(expr.slice(i + 2, i + 6), 16)));
      i += 6;
    } else if (e === 'x' && /^[0-9A-Fa-f]{2}$/.test(expr.slice(i + 2, i + 4))) {
      out.push(String.fromCharCode(Number.parseInt(expr.slice(i + 2, i + 4), 16)));
      i += 4;
    } else {
      out.push(SIMPLE_ESCAPES[e] ?? e);
      i += 2;
    }
    from = i;
  }
  out.push(expr.slice(from, Math.min(i, expr.length)));
  return [out.join(''), i + 1];
}

/**
 * Name, version, platform, licences and authors from the assignments RubyGems writes (`s.name = "rack".freeze`),
 * falling back to the `# stub:` header line for name, version and platform.
 */
export function parseGemspec(text: string): GemspecOutcome {
  // No binary-content check: RubyGems itself separates extension paths in the `# stub:` line with NUL bytes.
  const fields = new Map<string, string[]>();
  let stub: RegExpExecArray | null = null;
  for (const line of text.split('\n')) {
    if (!stub && line.startsWith('# stub: ')) stub = STUB_RE.exec(line);
    const m = ASSIGNMENT_RE.exec(line);
    if (!m) continue;
    const key = m[1]!.replace(/^license$/, 'licenses').replace(/^author$/, 'authors');
    if (fields.has(key)) continue;
    const strings = rubyStrings(m[2]!);
    // `Gem::Platform.new(["x86_64", "linux", nil])` in hand-written specs: the parts joined as Platform#to_s does.
    fields.set(key, key === 'platform' && strings.length > 1 ? [strings.join('-')] : strings);
  }
  const name = fields.get('name')?.[0] ?? stub?.[1];
  const version = fields.get('version')?.[0] ?? stub?.[2];
  if (!name || !version)
    return { ok: false, reason: `gem specification without a ${name ? 'version' : 'name'}` };
  const platform = fields.get('platform')?.[0] ?? stub?.[3];
  return {
    ok: true,
    value: {
      name,
      version,
      ...(platform && platform !== 'ruby' ? { platform } : {}),
      licenses: fields.get('licenses') ?? [],
      authors: fields.get('authors') ?? [],
    },
  };
}
