// Parses RUN scripts with mvdan/sh (the `mvdan-sh` build): simple commands with their words, pipes and lists.
// Plain scripts (most RUN lines) take a hand-written fast path (shell-fast.ts) that gives the same result.
// mvdan-sh rather than sh-syntax: sh-syntax's JSON AST drops the command node types (no CallExpr, no words),
// and costs ~5 ms per parse through WebAssembly; mvdan-sh keeps the full AST at ~0.25 ms per script.
import { requireCached } from '../core/code-cache.js';
import type { PackageOp } from './seed-util.js';
import { parsePlainShell } from './shell-fast.js';

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
  /** What helpers computed about the command, kept for the other rules that ask (see `memoOf`). */
  memo?: CommandMemo | undefined;
}

/** Answers about one command that several rules ask for: computed on first use, read-only to callers. */
export interface CommandMemo {
  flagParts: { name: string; index: number }[] | undefined;
  argValues: string[] | undefined;
  unwrapped: { name: string; args: string[] } | undefined;
  install: PackageOp | null | undefined;
  removal: PackageOp | null | undefined;
}

/** The command's memo (a field rather than WeakMaps: rules ask these of every command of every RUN). */
export function memoOf(cmd: Command): CommandMemo {
  let memo = cmd.memo;
  if (memo === undefined) {
    memo = {
      flagParts: undefined,
      argValues: undefined,
      unwrapped: undefined,
      install: undefined,
      removal: undefined,
    };
    cmd.memo = memo;
  }
  return memo;
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
let parsedBytes = 0;
// A reused mvdan-sh parser keeps memory from every script it parsed (about 20 times the script's size, never
// freed); a fresh parser costs about as much as one parse. So a parser is replaced after this many bytes.
const PARSER_BYTES = 256 * 1024;

function getParser(size: number) {
  if (!syntax) {
    // Through the CLI's code cache when it is on: compiling this 1.5 MB file is a large part of a cold start.
    syntax = (requireCached(import.meta.url, 'mvdan-sh') as { syntax: ShSyntax }).syntax;
  }
  if (!parser || parsedBytes + size > PARSER_BYTES) {
    // Bash is a superset of what RUN scripts use; dialect checks are ShellCheck's job.
    parser = syntax.NewParser(syntax.Variant(syntax.LangBash));
    parsedBytes = 0;
  }
  parsedBytes += size;
  return { parser, syntax };
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
  return parsePlainShell(source) ?? parseShellWithMvdan(source);
}

/** parseShell without the plain-script fast path (tests compare the two). */
export function parseShellWithMvdan(source: string): ShellScript {
  const { parser, syntax } = getParser(source.length);
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

// The parser's public JS wrappers convert every node on each property access (about 0.7 ms for a 30-node
// script); the GopherJS objects behind them (`__internal_object__`) are plain JS, so we walk those: Go structs
// are objects with their field names, slices are {$array, $offset, $length}, node types are constructor.string.
interface GoObj {
  constructor: { string?: string; nil?: unknown };
  [key: string]: unknown;
}
interface GoSlice {
  $array: unknown[];
  $offset: number;
  $length: number;
}
interface GoPos {
  Offset(): number;
}

function items<T>(slice: unknown): T[] {
  const s = slice as GoSlice | null | undefined;
  if (!s?.$array) return [];
  return s.$array.slice(s.$offset, s.$offset + s.$length) as T[];
}

function typeOf(o: unknown): string {
  if (o === null || typeof o !== 'object') return '';
  const ctor = (o as GoObj).constructor;
  if (!ctor || (ctor.nil !== undefined && ctor.nil === o)) return '';
  const t = ctor.string ?? '';
  return t.startsWith('*syntax.') ? t.slice(8) : '';
}

/** Go strings are byte strings in GopherJS: decode UTF-8 when there are high bytes. */
function goString(s: unknown): string {
  const str = String(s ?? '');
  return /[\x80-\xff]/.test(str) ? Buffer.from(str, 'latin1').toString('utf8') : str;
}

function analyse(source: string, file: Node, _syntax: ShSyntax, toChar: (b: number) => number): ShellScript {
  const root = (file as unknown as { __internal_object__?: GoObj }).__internal_object__;
  if (!root) throw new Error('mvdan-sh: unexpected AST shape');
  const commands: Command[] = [];
  let hasPipe = false;
  const startOf = (n: GoObj) => toChar((n.Pos as () => GoPos)().Offset());
  const endOf = (n: GoObj) => toChar((n.End as () => GoPos)().Offset());
  const slice = (n: GoObj) => source.slice(startOf(n), endOf(n));
  const wordValue = (parts: GoObj[]): { value: string; literal: boolean } => {
    let value = '';
    let literal = true;
    for (const part of parts) {
      const type = typeOf(part);
      if (type === 'Lit') value += unescapeLit(goString(part.Value));
      else if (type === 'SglQuoted') value += goString(part.Value);
      else if (type === 'DblQuoted') {
        const inner = wordValue(items<GoObj>(part.Parts));
        value += inner.value;
        literal &&= inner.literal;
      } else {
        value += slice(part);
        literal = false;
      }
    }
    return { value, literal };
  };
  const toWord = (w: GoObj): Word => {
    const { value, literal } = wordValue(items<GoObj>(w.Parts));
    const start = startOf(w);
    const end = endOf(w);
    return { value, raw: source.slice(start, end), literal, start, end };
  };

  const visit = (node: GoObj, piped: boolean, redirs: GoObj[], depth: number): void => {
    if (depth > 500) throw new RangeError('nesting too deep');
    const type = typeOf(node);
    if (type === 'Stmt') {
      const cmd = node.Cmd as GoObj | null;
      const stmtRedirs = items<GoObj>(node.Redirs);
      for (const r of stmtRedirs) visitChildren(r, depth);
      if (cmd && typeOf(cmd)) visit(cmd, piped, stmtRedirs, depth + 1);
      return;
    }
    if (type === 'BinaryCmd') {
      // `a && b && …` and `a | b | …` nest one BinaryCmd per operator: walk the chain with a stack, not by
      // recursion, so a RUN of a few hundred chained commands stays within the depth budget.
      const stack: { n: GoObj; piped: boolean }[] = [{ n: node, piped }];
      while (stack.length > 0) {
        const { n, piped: p } = stack.pop()!;
        if (typeOf(n) === 'BinaryCmd') {
          const op = Number(n.Op);
          const pipe = op === OP_PIPE || op === OP_PIPE_ALL;
          hasPipe ||= pipe;
          // X on top: it comes first in the source.
          stack.push({ n: n.Y as GoObj, piped: pipe }, { n: n.X as GoObj, piped: pipe });
          continue;
        }
        const cmd = typeOf(n) === 'Stmt' ? (n.Cmd as GoObj | null) : null;
        if (cmd && typeOf(cmd) === 'BinaryCmd' && items(n.Redirs).length === 0) {
          stack.push({ n: cmd, piped: p });
          continue;
        }
        visit(n, p, [], depth + 1);
      }
      return;
    }
    if (type === 'CallExpr') {
      const words = items<GoObj>(node.Args).map(toWord);
      const assigns = items<GoObj>(node.Assigns).map((a) => ({
        name: goString((a.Name as GoObj | null)?.Value ?? ''),
        value: typeOf(a.Value) ? toWord(a.Value as GoObj).value : '',
      }));
      commands.push({
        name: words[0]?.value ?? '',
        args: words.slice(1),
        assigns,
        redirects: redirs.map((r) => ({
          op: REDIRECT_OPS[Number(r.Op)] ?? '?',
          target: typeOf(r.Word) ? toWord(r.Word as GoObj).value : '',
        })),
        start: startOf(node),
        end: endOf(node),
        piped,
        memo: undefined,
      });
    }
    // Commands nested in words ($(…), <(…)), assignments and compound commands come in source order.
    visitChildren(node, depth);
  };
  const visitChildren = (node: GoObj, depth: number) => {
    for (const key of Object.keys(node)) {
      if (key === '$val') continue;
      const v = node[key];
      if (v === null || typeof v !== 'object') continue;
      if ((v as GoSlice).$array) {
        for (const item of items<GoObj>(v)) if (typeOf(item)) visit(item, false, [], depth + 1);
      } else if (typeOf(v)) {
        visit(v as GoObj, false, [], depth + 1);
      }
    }
  };
  visitChildren(root, 0);
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

/**
 * Flags as hadolint counts them, each with the index of the argument it came from: `-abc` gives a, b, c;
 * `--foo=bar` gives foo; `-` and `--` are not flags.
 */
// Rules ask these of the same command many times: kept in the command's memo, read-only to callers.
export function flagParts(cmd: Command): { name: string; index: number }[] {
  const memo = memoOf(cmd);
  memo.flagParts ??= computeFlagParts(cmd);
  return memo.flagParts;
}

function computeFlagParts(cmd: Command): { name: string; index: number }[] {
  const out: { name: string; index: number }[] = [];
  cmd.args.forEach((a, index) => {
    const v = a.value;
    if (v === '-' || v === '--') return;
    if (v.startsWith('--')) out.push({ name: v.slice(2).split('=')[0]!, index });
    else if (v.startsWith('-')) for (const ch of v.slice(1)) out.push({ name: ch, index });
  });
  return out;
}

/** One of the flag names (`-abc` gives a, b, c; `--foo=x` gives foo) is among `names`. */
export function hasAnyFlag(cmd: Command, names: readonly string[]): boolean {
  for (const f of flagParts(cmd)) if (names.includes(f.name)) return true;
  return false;
}

export function countFlag(cmd: Command, name: string): number {
  return flagParts(cmd).filter((f) => f.name === name).length;
}

/** The command is one of `names` and one of its arguments (flags included) is one of `args` (hadolint's cmdHasArgs). */
export function cmdHasArgs(
  cmd: Command,
  names: string | readonly string[],
  args: readonly string[],
): boolean {
  if (typeof names === 'string' ? names !== cmd.name : !names.includes(cmd.name)) return false;
  for (const a of cmd.args) if (args.includes(a.value)) return true;
  return false;
}

export function argValues(cmd: Command): string[] {
  const memo = memoOf(cmd);
  memo.argValues ??= cmd.args.map((a) => a.value);
  return memo.argValues;
}

/** `needle` appears as consecutive arguments. */
export function hasArgSequence(cmd: Command, needle: readonly string[]): boolean {
  const vals = argValues(cmd);
  outer: for (let i = 0; i + needle.length <= vals.length; i++) {
    for (let k = 0; k < needle.length; k++) if (vals[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * Arguments that are not flags, optionally without the value that follows each flag named in `dropValueOf`
 * (hadolint drops the next argument after such a flag, even when the flag was written `--flag=value`).
 */
export function argsNoFlags(cmd: Command, dropValueOf: readonly string[] = []): string[] {
  const flags = flagParts(cmd);
  const flagIdx = new Set(flags.map((f) => f.index));
  const dropped = new Set<number>();
  for (const f of flags) {
    // The value is the first argument after the flag's own word.
    if (dropValueOf.includes(f.name) && f.index + 1 < cmd.args.length) dropped.add(f.index + 1);
  }
  return cmd.args.filter((_a, i) => !flagIdx.has(i) && !dropped.has(i)).map((a) => a.value);
}
