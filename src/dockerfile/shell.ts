// Parses RUN scripts with mvdan/sh (the `mvdan-sh` build): simple commands with their words, pipes and lists.
// mvdan-sh rather than sh-syntax: sh-syntax's JSON AST drops the command node types (no CallExpr, no words),
// and costs ~5 ms per parse through WebAssembly; mvdan-sh keeps the full AST at ~0.25 ms per script.
import { createRequire } from 'node:module';

export interface Word {
  /** The word with quotes removed; expansions (`$X`, `$(…)`) kept as written. */
  value: string;
  /** The word exactly as written. */
  raw: string;
  /** True when the word has no expansions. */
  literal: boolean;
  /** Character offsets in the script. */
  start: number;
  end: number;
}

export interface Redirect {
  op: string;
  target: string;
}

export interface Command {
  /** The command word (`apt-get`), or '' for a bare assignment. */
  name: string;
  /** Words after the command name. */
  args: Word[];
  /** Names of `VAR=value` prefixes. */
  assigns: { name: string; value: string }[];
  redirects: Redirect[];
  start: number;
  end: number;
  /** Part of a pipeline (`a | b`). */
  piped: boolean;
}

export interface ShellScript {
  source: string;
  /** Every simple command, in source order, including those in subshells, functions and `$(…)`. */
  commands: Command[];
  /** The script has a pipe (`|` or `|&`). */
  hasPipe: boolean;
  /** Set when the script does not parse; `commands` is then empty. */
  error: { message: string; line: number; column: number } | null;
}

// mvdan-sh is a GopherJS bundle without types: this is the small part of its AST we read.
interface Pos {
  Offset(): number;
  Line(): number;
  Col(): number;
}
interface Node {
  Pos(): Pos;
  End(): Pos;
  [key: string]: unknown;
}
interface ShSyntax {
  NewParser(...opts: unknown[]): { Parse(src: string, name: string): Node };
  Walk(node: Node, fn: (n: Node | null) => boolean): void;
  NodeType(node: Node): string;
  Variant(v: number): unknown;
  LangBash: number;
}

let syntax: ShSyntax | null = null;
let parser: { Parse(src: string, name: string): Node } | null = null;

function getParser() {
  if (!parser) {
    const require = createRequire(import.meta.url);
    syntax = (require('mvdan-sh') as { syntax: ShSyntax }).syntax;
    // Bash is a superset of what RUN scripts use; dialect checks are ShellCheck's job.
    parser = syntax.NewParser(syntax.Variant(syntax.LangBash));
  }
  return { parser, syntax: syntax! };
}

// mvdan/sh token values for binary command operators.
const OP_PIPE = 12;
const OP_PIPE_ALL = 13;

const REDIRECT_OPS: Record<number, string> = {
  54: '>',
  55: '>>',
  56: '<',
  57: '<>',
  58: '<&',
  59: '>&',
  60: '>|',
  61: '<<',
  62: '<<-',
  63: '<<<',
  64: '&>',
  65: '&>>',
};

export function parseShell(source: string): ShellScript {
  const { parser, syntax } = getParser();
  const toChar = byteToCharMapper(source);
  try {
    return analyse(source, parser.Parse(source, ''), syntax, toChar);
  } catch (e) {
    // Deeply nested lists (thousands of `&&`) exhaust the stack of the recursive parser: report, do not crash.
    if (e instanceof RangeError) {
      return {
        source,
        commands: [],
        hasPipe: false,
        error: { line: 1, column: 1, message: 'script too deeply nested to analyse' },
      };
    }
    return { source, commands: [], hasPipe: false, error: shellError(e) };
  }
}

function analyse(source: string, file: Node, syntax: ShSyntax, toChar: (b: number) => number): ShellScript {
  const commands: Command[] = [];
  const pipedCalls = new Set<Node>();
  let hasPipe = false;
  const slice = (n: Node) => source.slice(toChar(n.Pos().Offset()), toChar(n.End().Offset()));
  const wordValue = (parts: Node[]): { value: string; literal: boolean } => {
    let value = '';
    let literal = true;
    for (const part of parts) {
      const type = syntax.NodeType(part);
      if (type === 'Lit') value += unescapeLit(String(part.Value));
      else if (type === 'SglQuoted') value += String(part.Value);
      else if (type === 'DblQuoted') {
        const inner = wordValue(part.Parts as Node[]);
        value += inner.value;
        literal &&= inner.literal;
      } else {
        value += slice(part);
        literal = false;
      }
    }
    return { value, literal };
  };
  const toWord = (w: Node): Word => {
    const { value, literal } = wordValue(w.Parts as Node[]);
    return { value, raw: slice(w), literal, start: toChar(w.Pos().Offset()), end: toChar(w.End().Offset()) };
  };

  syntax.Walk(file, (n) => {
    if (!n) return true;
    const type = syntax.NodeType(n);
    if (type === 'BinaryCmd') {
      const op = Number(n.Op);
      if (op === OP_PIPE || op === OP_PIPE_ALL) {
        hasPipe = true;
        for (const side of [n.X, n.Y] as Node[]) {
          const cmd = (side as Node | null)?.Cmd as Node | undefined;
          if (cmd) pipedCalls.add(cmd);
        }
      }
    } else if (type === 'Stmt') {
      const cmd = n.Cmd as Node | null;
      if (cmd && syntax.NodeType(cmd) === 'CallExpr') {
        const redirects = (n.Redirs as Node[]).map((r) => ({
          op: REDIRECT_OPS[Number(r.Op)] ?? '?',
          target: r.Word ? toWord(r.Word as Node).value : '',
        }));
        (cmd as Node & { __redirs?: Redirect[] }).__redirs = redirects;
      }
    } else if (type === 'CallExpr') {
      const words = (n.Args as Node[]).map(toWord);
      const assigns = (n.Assigns as Node[]).map((a) => ({
        name: String((a.Name as Node | null)?.Value ?? ''),
        value: a.Value ? toWord(a.Value as Node).value : '',
      }));
      commands.push({
        name: words[0]?.value ?? '',
        args: words.slice(1),
        assigns,
        redirects: (n as Node & { __redirs?: Redirect[] }).__redirs ?? [],
        start: toChar(n.Pos().Offset()),
        end: toChar(n.End().Offset()),
        piped: pipedCalls.has(n),
      });
    }
    return true;
  });
  return { source, commands, hasPipe, error: null };
}

/** A backslash in an unquoted word escapes the next character. */
function unescapeLit(s: string): string {
  return s.includes('\\') ? s.replace(/\\\n/g, '').replace(/\\(.)/g, '$1') : s;
}

function shellError(e: unknown): { message: string; line: number; column: number } {
  const err = e as { Error?: () => string; message?: string };
  const text = typeof err?.Error === 'function' ? err.Error() : String(err?.message ?? e);
  const m = /^(\d+):(\d+): (.*)$/s.exec(text);
  if (m) return { line: Number(m[1]), column: Number(m[2]), message: m[3]! };
  return { line: 1, column: 1, message: text };
}

/** mvdan/sh reports UTF-8 byte offsets; rules and fixes work in string indexes. */
function byteToCharMapper(source: string): (byte: number) => number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII range check
  if (/^[\u0000-\u007f]*$/.test(source)) return (b) => b;
  const map: number[] = [];
  let i = 0;
  for (const ch of source) {
    const bytes = Buffer.byteLength(ch);
    for (let k = 0; k < bytes; k++) map.push(i);
    i += ch.length;
  }
  map.push(i);
  return (b) => map[b] ?? source.length;
}

// ---- helpers for rules, following hadolint's view of a command line ----

/** Flag names of a command: `-abc` gives a, b, c; `--foo=bar` gives foo. */
export function flagsOf(cmd: Command): string[] {
  const out: string[] = [];
  for (const a of cmd.args) {
    const v = a.value;
    if (v === '--' || v === '-') continue;
    if (v.startsWith('--')) out.push(v.slice(2).split('=')[0]!);
    else if (v.startsWith('-')) for (const ch of v.slice(1)) out.push(ch);
  }
  return out;
}

export function hasFlag(cmd: Command, ...names: string[]): boolean {
  const flags = flagsOf(cmd);
  return names.some((n) => flags.includes(n.replace(/^-+/, '')));
}

/** Argument values, in order. */
export function argValues(cmd: Command): string[] {
  return cmd.args.map((a) => a.value);
}

/** Arguments that are not flags. */
export function argsNoFlags(cmd: Command): string[] {
  return cmd.args.map((a) => a.value).filter((v) => !v.startsWith('-'));
}

/** True when the command is `name` and one of its non-flag arguments is `sub` (e.g. apt-get install). */
export function isSubcommand(cmd: Command, names: string | string[], subs: string | string[]): boolean {
  const ns = Array.isArray(names) ? names : [names];
  const ss = Array.isArray(subs) ? subs : [subs];
  return ns.includes(cmd.name) && argsNoFlags(cmd).some((a) => ss.includes(a));
}

/** Commands named one of `names`. */
export function commandsNamed(script: ShellScript, ...names: string[]): Command[] {
  return script.commands.filter((c) => names.includes(c.name));
}
