// Parses a Dockerfile into the facts every rule reads: instructions, stages, heredocs, exec/shell form.
// dockerfile-ast finds instruction boundaries, flags, properties and heredoc ranges; this module adds what
// BuildKit does on top (continuation lines with comments inside, JSON-form fallback, stage graph, SHELL).
import { type Instruction as AstInstruction, DockerfileParser } from 'dockerfile-ast';
import { DEFAULT_LIMITS, type Limits, limitError } from '../core/limits.js';
import { type Pragmas, parsePragmas } from './pragmas.js';
import {
  isScanFallback,
  type ScanFlag,
  type ScannedDockerfile,
  type SourceInstruction,
  scanDockerfile,
} from './scan.js';
import { parseShell, type ShellScript } from './shell.js';

export interface Flag {
  name: string;
  /** null for a bare `--flag`. */
  value: string | null;
  start: number;
  end: number;
}

export interface Property {
  name: string;
  /** Value with quotes and escapes removed; null for `ARG NAME` without a default. */
  value: string | null;
  start: number;
  end: number;
}

export interface Heredoc {
  name: string;
  /** Body with `<<-` tab stripping applied. */
  content: string;
  stripTabs: boolean;
  /** False when the name was quoted (`<<"EOF"`): the body is not expanded. */
  expand: boolean;
  /** Offset of the body in the file text, and its end (before the terminator line). */
  contentStart: number;
  contentEnd: number;
  /** The terminator was found. */
  terminated: boolean;
}

export interface Instruction {
  /** Upper-case keyword: RUN, COPY, ... (ONBUILD triggers have their own keyword). */
  keyword: string;
  /** 1-based line where the instruction starts and ends. */
  line: number;
  endLine: number;
  /** Offsets of the whole instruction in the file text. */
  start: number;
  end: number;
  /** Offset of the keyword's end, and of the first argument (after flags). */
  keywordEnd: number;
  argsStart: number;
  /**
   * The arguments as BuildKit sees them: after keyword and flags, line continuations joined, comment lines
   * inside continuations dropped, heredoc bodies excluded.
   */
  args: string;
  /** For each character of `args`, its offset in the file text (one more entry: the end). */
  argsMap: Int32Array;
  /** Whitespace-separated words of `args` (dockerfile-ast's arguments, quotes kept). */
  words: string[];
  flags: Flag[];
  /** ENV, ARG and LABEL key/value pairs. */
  properties: Property[];
  /** Exec form: the JSON array of strings; null for shell form (also when the JSON is invalid, as BuildKit). */
  json: string[] | null;
  heredocs: Heredoc[];
  /** Index of the stage this instruction belongs to; -1 before the first FROM. */
  stage: number;
  /** The wrapped instruction of an ONBUILD. */
  trigger: Instruction | null;
  /** For a trigger: the ONBUILD instruction that holds it. */
  onbuild: Instruction | null;
  /** The SHELL in effect (exec form of SHELL; default `/bin/sh -c`). */
  shell: string[];
  /** Whether the shell in effect is a POSIX-family shell (not pwsh/powershell/cmd). */
  posixShell: boolean;
}

export interface Stage {
  index: number;
  /** Lower-cased `AS name`, or null. */
  name: string | null;
  /** The image argument of FROM as written. */
  image: string;
  /** Index of an earlier stage the FROM names, or null for an external image. */
  parent: number | null;
  platform: string | null;
  from: Instruction;
  instructions: Instruction[];
}

export interface ParseProblem {
  message: string;
  line: number;
  column: number;
}

export interface DockerfileModel {
  path: string;
  text: string;
  escape: '\\' | '`';
  directives: { name: string; value: string; line: number }[];
  /** All instructions in file order (ONBUILD triggers are reached through `trigger`). */
  instructions: Instruction[];
  stages: Stage[];
  /** Comment lines: 1-based line and text after `#`. */
  comments: { line: number; text: string }[];
  pragmas: Pragmas;
  /** Set when the file does not parse (reported as DL1000). */
  problem: ParseProblem | null;
  /** Maps an offset in `text` to a 1-based line. */
  lineAt(offset: number): number;
  /** Offset of the start of a 1-based line. */
  lineStart(line: number): number;
}

export const KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

const NON_POSIX_SHELLS = new Set(['pwsh', 'powershell', 'cmd']);
export const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c'];

/** The base name of a shell program without `.exe`, lower-cased: `/usr/bin/pwsh.exe` -> `pwsh`. */
export function shellName(shell: readonly string[]): string {
  const prog = shell[0] ?? 'sh';
  const base = prog.slice(Math.max(prog.lastIndexOf('/'), prog.lastIndexOf('\\')) + 1).toLowerCase();
  return base.endsWith('.exe') ? base.slice(0, -4) : base;
}

export function isPosixShell(name: string): boolean {
  return !NON_POSIX_SHELLS.has(name);
}

export interface ParseOptions {
  path?: string;
  limits?: Limits;
}

export function parseDockerfile(text: string, options: ParseOptions = {}): DockerfileModel {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const path = options.path ?? 'Dockerfile';
  if (text.length > limits.dockerfileBytes) {
    throw limitError(`${path}: Dockerfile too large`, 'dockerfileBytes', text.length, limits.dockerfileBytes);
  }
  // A BOM is not part of the first instruction (BuildKit strips it too).
  const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const lineStarts = computeLineStarts(body);
  const scanned = scanDockerfile(body, lineStarts);
  if (scanned) {
    try {
      return buildModel(path, body, lineStarts, scanned, limits);
    } catch (e) {
      // A shape the scanner leaves to dockerfile-ast, found while reading heredocs.
      if (!isScanFallback(e)) throw e;
    }
  }
  return buildModel(path, body, lineStarts, astSource(body, lineStarts), limits);
}

/** parseDockerfile through dockerfile-ast alone, without the scanner (tests check that both agree). */
export function parseDockerfileWithAst(text: string, options: ParseOptions = {}): DockerfileModel {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const lineStarts = computeLineStarts(body);
  return buildModel(options.path ?? 'Dockerfile', body, lineStarts, astSource(body, lineStarts), limits);
}

/** The file as dockerfile-ast reads it, in the scanner's terms (for what the scanner leaves to it). */
function astSource(body: string, lineStarts: number[]): ScannedDockerfile {
  const offsetOf = offsetMapper(body, lineStarts);
  const ast = DockerfileParser.parse(body);
  return {
    escape: ast.getEscapeCharacter() === '`' ? '`' : '\\',
    directives: ast.getDirectives().map((d) => ({
      name: d.getName(),
      value: d.getValue(),
      line: d.getRange().start.line,
    })),
    commentLines: ast.getComments().map((c) => c.getRange().start.line),
    instructions: ast.getInstructions().map((ai) => fromAst(ai, offsetOf)),
  };
}

function offsetMapper(body: string, lineStarts: number[]): OffsetOf {
  return (pos) => {
    const base = lineStarts[pos.line];
    return base === undefined ? body.length : Math.min(base + pos.character, body.length);
  };
}

function fromAst(ai: AstInstruction, offsetOf: OffsetOf): SourceInstruction {
  const range = ai.getRange();
  const keyword = ai.getKeyword().toUpperCase();
  const flags: ScanFlag[] = [];
  const getFlags = (ai as unknown as { getFlags?: () => import('dockerfile-ast').Flag[] }).getFlags;
  if (typeof getFlags === 'function') {
    for (const f of getFlags.call(ai)) {
      const r = f.getRange();
      flags.push({ name: f.getName(), value: f.getValue(), start: offsetOf(r.start), end: offsetOf(r.end) });
    }
  }
  return {
    keyword,
    start: offsetOf(range.start),
    keywordEnd: offsetOf(ai.getInstructionRange().end),
    end: offsetOf(range.end),
    flags,
    args: () =>
      ai.getArguments().map((a) => {
        const r = a.getRange();
        return { value: a.getValue(), start: offsetOf(r.start), end: offsetOf(r.end) };
      }),
    heredocs: () => {
      const getHeredocs = (ai as unknown as { getHeredocs?: () => import('dockerfile-ast').Heredoc[] })
        .getHeredocs;
      if (typeof getHeredocs !== 'function') return [];
      return getHeredocs.call(ai).map((h) => {
        const op = h.getStartRange();
        const content = h.getContentRange();
        return {
          name: h.getName(),
          opStart: offsetOf(op.start),
          opEnd: offsetOf(op.end),
          nameEnd: offsetOf(h.getNameRange().end),
          content: content ? { start: offsetOf(content.start), end: offsetOf(content.end) } : null,
          terminated: h.getDelimiterRange() !== null,
        };
      });
    },
    properties: () => {
      const getProperties = (ai as unknown as { getProperties?: () => import('dockerfile-ast').Property[] })
        .getProperties;
      if (typeof getProperties !== 'function') return [];
      return getProperties.call(ai).map((p) => {
        const r = p.getRange();
        return { name: p.getName(), value: p.getValue(), start: offsetOf(r.start), end: offsetOf(r.end) };
      });
    },
    trigger: () => {
      const getTrigger = (ai as unknown as { getTriggerInstruction?: () => AstInstruction | null })
        .getTriggerInstruction;
      if (keyword !== 'ONBUILD' || typeof getTrigger !== 'function') return null;
      const trig = getTrigger.call(ai);
      return trig ? fromAst(trig, offsetOf) : null;
    },
  };
}

function buildModel(
  path: string,
  body: string,
  lineStarts: number[],
  source: ScannedDockerfile,
  limits: Limits,
): DockerfileModel {
  const lineAt = (offset: number) => upperBound(lineStarts, offset);
  const lineStart = (line: number) => lineStarts[Math.max(0, Math.min(line - 1, lineStarts.length - 1))] ?? 0;
  const escapeChar = source.escape === '`' ? '`' : '\\';
  const directives = source.directives.map((d) => ({
    name: d.name.toLowerCase(),
    value: d.value,
    line: d.line + 1,
  }));
  // A loop, not spreads: the two lists come in several array shapes, and spreading them deoptimised this function.
  const commentLines: number[] = [];
  for (const d of source.directives) commentLines.push(d.line);
  for (const line of source.commentLines) commentLines.push(line);
  const comments = collectComments(body, lineStarts, commentLines);
  const firstInstruction = source.instructions[0];
  const pragmas = parsePragmas(comments, firstInstruction ? lineAt(firstInstruction.start) : 0);
  // Properties the scanner leaves to dockerfile-ast are read from a parse of the whole file, made once.
  let slow: Map<number, SourceInstruction> | undefined;
  const slowAt = (start: number): SourceInstruction | undefined => {
    if (!slow) {
      slow = new Map();
      for (const s of astSource(body, lineStarts).instructions) {
        slow.set(s.start, s);
        const t = s.trigger();
        if (t) slow.set(t.start, t);
      }
    }
    return slow.get(start);
  };

  const model: DockerfileModel = {
    path,
    text: body,
    escape: escapeChar,
    directives,
    instructions: [],
    stages: [],
    comments,
    pragmas,
    problem: null,
    lineAt,
    lineStart,
  };

  const sources = source.instructions;
  if (sources.length > limits.dockerfileInstructions) {
    throw limitError(
      `${path}: too many instructions`,
      'dockerfileInstructions',
      sources.length,
      limits.dockerfileInstructions,
    );
  }

  let stageIndex = -1;
  let nextShellPragma = 0;
  let shell: string[] = [...DEFAULT_SHELL];
  const stageShells: string[][] = [];
  // Whether `shell` is POSIX, computed again only when the shell changes.
  let posixOf: string[] | null = null;
  let posix = true;
  const isPosix = (sh: string[]) => {
    if (sh !== posixOf) {
      posixOf = sh;
      posix = isPosixShell(shellName(sh));
    }
    return posix;
  };
  const build = (si: SourceInstruction, onbuild: Instruction | null): Instruction => {
    const instr = toInstruction(si, body, lineAt, escapeChar, limits, slowAt);
    instr.stage = stageIndex;
    instr.onbuild = onbuild;
    instr.shell = shell;
    instr.posixShell = isPosix(shell);
    return instr;
  };

  for (const si of sources) {
    const line = lineAt(si.start);
    // A `# hadolint shell=` pragma switches the shell for the instructions after it.
    while (nextShellPragma < pragmas.shells.length && pragmas.shells[nextShellPragma]!.line < line) {
      shell = [pragmas.shells[nextShellPragma++]!.shell];
    }
    if (si.keyword === 'FROM') {
      stageIndex += 1;
      const from = build(si, null);
      const stage = toStage(from, stageIndex, model.stages);
      // The shell resets per stage, and carries over into a stage built FROM an earlier stage.
      shell =
        stage.parent !== null ? (stageShells[stage.parent] ?? pragmaShell(pragmas)) : pragmaShell(pragmas);
      stageShells[stageIndex] = shell;
      // The FROM itself is in the new stage: it carries that stage's shell, not the previous stage's.
      from.shell = shell;
      from.posixShell = isPosix(shell);
      model.stages.push(stage);
      model.instructions.push(from);
      if (!model.problem) model.problem = checkInstruction(from, si, lineAt, lineStarts);
      continue;
    }
    const instr = build(si, null);
    if (instr.keyword === 'ONBUILD') {
      const trig = si.trigger();
      if (trig) instr.trigger = build(trig, instr);
    }
    // After the trigger is built: the check looks at an ONBUILD's trigger keyword.
    if (!model.problem) model.problem = checkInstruction(instr, si, lineAt, lineStarts);
    if (instr.keyword === 'SHELL' && instr.json && instr.json.length > 0) shell = instr.json;
    if (stageIndex >= 0) stageShells[stageIndex] = shell;
    model.instructions.push(instr);
    if (stageIndex >= 0) model.stages[stageIndex]?.instructions.push(instr);
  }
  return model;
}

function pragmaShell(pragmas: Pragmas): string[] {
  return pragmas.defaultShell ? [pragmas.defaultShell] : [...DEFAULT_SHELL];
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i !== -1) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

/** 1-based line of `offset`: the number of line starts <= offset. */
function upperBound(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Comment lines (0-based, directives included) with the text after `#`. */
function collectComments(text: string, lineStarts: number[], lines: number[]) {
  const out: { line: number; text: string }[] = [];
  let previous = -1;
  for (const line of lines.sort((a, b) => a - b)) {
    if (line === previous) continue;
    previous = line;
    const start = lineStarts[line] ?? 0;
    const end = lineStarts[line + 1] ?? text.length;
    let raw = text.slice(start, end);
    if (raw.endsWith('\n')) raw = raw.slice(0, raw.endsWith('\r\n') ? -2 : -1);
    const hash = raw.indexOf('#');
    out.push({ line: line + 1, text: hash === -1 ? raw : raw.slice(hash + 1) });
  }
  return out;
}

type OffsetOf = (pos: { line: number; character: number }) => number;

function toInstruction(
  si: SourceInstruction,
  text: string,
  lineAt: (o: number) => number,
  escapeChar: string,
  limits: Limits,
  slowAt: (start: number) => SourceInstruction | undefined,
): Instruction {
  return new ParsedInstruction(si, text, lineAt, escapeChar, limits, slowAt);
}

/**
 * An instruction of the model. Words, properties and the argument map cost extra passes over the text and most
 * rules never read them: they are getters, computed on first use.
 */
class ParsedInstruction implements Instruction {
  readonly keyword: string;
  readonly line: number;
  readonly endLine: number;
  readonly start: number;
  readonly end: number;
  readonly keywordEnd: number;
  readonly argsStart: number;
  readonly args: string;
  readonly flags: Flag[];
  readonly json: string[] | null;
  readonly heredocs: Heredoc[];
  stage = -1;
  trigger: Instruction | null = null;
  onbuild: Instruction | null = null;
  shell: string[] = DEFAULT_SHELL as string[];
  posixShell = true;
  /** shellOf's result once computed (undefined before). */
  shellScript: ShellScript | null | undefined = undefined;
  readonly #si: SourceInstruction;
  readonly #text: string;
  readonly #escape: string;
  readonly #argsFrom: number;
  readonly #argsTo: number;
  readonly #wordsEnd: number;
  readonly #slowAt: (start: number) => SourceInstruction | undefined;
  #words: string[] | undefined;
  #properties: Property[] | undefined;
  #argsMap: Int32Array | undefined;

  constructor(
    si: SourceInstruction,
    text: string,
    lineAt: (o: number) => number,
    escapeChar: string,
    limits: Limits,
    slowAt: (start: number) => SourceInstruction | undefined,
  ) {
    const { start, end, keywordEnd, flags } = si;
    const heredocs = readHeredocs(si, text);
    // Arguments run from after the last flag (or the keyword) to the first heredoc body, if any.
    let argsFrom = flags.length > 0 ? flagsEnd(flags) : keywordEnd;
    argsFrom = Math.min(argsFrom, end);
    const firstBody = heredocs.length > 0 ? lineStartOf(text, heredocs[0]!.bodyLineStart) : end;
    const argsTo = Math.min(end, firstBody);
    const { args, first } = joinArgs(text, argsFrom, argsTo, escapeChar);
    let json: string[] | null = null;
    if (args.includes('[')) {
      const trimmed = args.trim();
      // Only `[` then `"` or `]` can start a JSON array of strings: the rest is shell form (no throw to catch).
      if (trimmed.startsWith('[') && trimmed.length <= limits.shellScriptBytes && jsonArrayStart(trimmed)) {
        try {
          const parsed: unknown = JSON.parse(trimmed);
          if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) json = parsed as string[];
        } catch {
          json = null; // BuildKit treats an invalid JSON array as shell form.
        }
      }
    }
    this.keyword = si.keyword;
    this.line = lineAt(start);
    this.endLine = lineAt(Math.max(start, end - 1));
    this.start = start;
    this.end = end;
    this.keywordEnd = keywordEnd;
    this.argsStart = first;
    this.args = args;
    this.flags = flags;
    this.json = json;
    this.heredocs = heredocs.length === 0 ? [] : heredocs.map(({ bodyLineStart: _b, ...h }) => h);
    this.#si = si;
    this.#text = text;
    this.#escape = escapeChar;
    this.#argsFrom = argsFrom;
    this.#argsTo = argsTo;
    this.#wordsEnd = firstBody;
    this.#slowAt = slowAt;
  }

  /** Whitespace-separated words of the arguments (quotes kept), before any heredoc body. */
  get words(): string[] {
    if (this.#words === undefined) {
      const out: string[] = [];
      for (const a of this.#si.args()) if (a.start < this.#wordsEnd) out.push(a.value);
      this.#words = out;
    }
    return this.#words;
  }

  get properties(): Property[] {
    if (this.#properties === undefined) {
      try {
        this.#properties = this.#si.properties();
      } catch (e) {
        if (!isScanFallback(e)) throw e;
        this.#properties = this.#slowAt(this.start)?.properties() ?? [];
      }
    }
    return this.#properties;
  }

  get argsMap(): Int32Array {
    this.#argsMap ??= joinContinuations(this.#text, this.#argsFrom, this.#argsTo, this.#escape).map;
    return this.#argsMap;
  }
}

/** Whether the first character after `[` and any JSON whitespace is `"` or `]`. */
function jsonArrayStart(s: string): boolean {
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    return c === 0x22 || c === 0x5d;
  }
  return false;
}

/** joinContinuations' text, and the offset of its first character (`from` when it is empty), without the map. */
function joinArgs(
  text: string,
  from: number,
  to: number,
  escapeChar: string,
): { args: string; first: number } {
  let args = '';
  let first = -1;
  continuedLines(text, from, to, escapeChar, (start, stop) => {
    if (stop <= start) return;
    if (first === -1) first = start;
    args = args === '' ? text.slice(start, stop) : args + text.slice(start, stop);
  });
  return { args, first: first === -1 ? from : first };
}

function flagsEnd(flags: readonly ScanFlag[]): number {
  let max = -Infinity;
  for (const f of flags) if (f.end > max) max = f.end;
  return max;
}

function lineStartOf(text: string, offset: number): number {
  const nl = text.lastIndexOf('\n', offset - 1);
  return nl + 1;
}

/**
 * Joins continuation lines the way BuildKit does: an escape character at the end of a line (trailing blanks
 * allowed) continues the instruction; comment lines and blank lines inside a continuation are dropped.
 */
export function joinContinuations(
  text: string,
  from: number,
  to: number,
  escapeChar: string,
): { args: string; map: Int32Array } {
  const map = new Int32Array(Math.max(0, to - from) + 1);
  let args = '';
  let n = 0;
  continuedLines(text, from, to, escapeChar, (start, stop) => {
    args += text.slice(start, stop);
    for (let i = start; i < stop; i++) map[n++] = i;
  });
  map[n] = n > 0 ? map[n - 1]! + 1 : from;
  return { args, map: map.subarray(0, n + 1) };
}

/**
 * Calls `part` with the [start, stop) range of each line's arguments in an instruction spanning `from`..`to`:
 * blanks before the first argument skipped, the escape character that continues a line left out, blank and
 * comment lines inside a continuation dropped, and the walk ended by the first line that does not continue.
 */
function continuedLines(
  text: string,
  from: number,
  to: number,
  escapeChar: string,
  part: (start: number, stop: number) => void,
): void {
  let pos = from;
  let first = true;
  while (pos < to && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  while (pos < to) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1 || nl > to) nl = to;
    let lineEnd = nl;
    if (lineEnd > pos && text[lineEnd - 1] === '\r') lineEnd--;
    if (!first && blankOrComment(text, pos, lineEnd)) {
      pos = nl + 1;
      continue;
    }
    first = false;
    let contentEnd = lineEnd;
    while (contentEnd > pos && (text[contentEnd - 1] === ' ' || text[contentEnd - 1] === '\t')) contentEnd--;
    // Like BuildKit's `<escape>[ \t]*$`: a doubled escape at the end of a line still continues it.
    const continued = contentEnd > pos && text[contentEnd - 1] === escapeChar;
    part(pos, continued ? contentEnd - 1 : lineEnd);
    if (!continued) break;
    pos = nl + 1;
  }
}

/** A line that is empty, blank, or a comment (dropped inside a continuation). */
function blankOrComment(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
  return i === to || text[i] === '#';
}

interface RawHeredoc extends Heredoc {
  bodyLineStart: number;
}

function readHeredocs(si: SourceInstruction, text: string): RawHeredoc[] {
  const out: RawHeredoc[] = [];
  for (const h of si.heredocs()) {
    const opText = text.slice(h.opStart, h.opEnd + 2);
    const stripTabs = opText.startsWith('<<-');
    const afterOp = opText.replace(/^<<-?/, '');
    const expand = !(afterOp.startsWith('"') || afterOp.startsWith("'"));
    // The body starts on the line after the heredoc operator's line (continuations aside).
    const nextLine = text.indexOf('\n', h.nameEnd);
    const bodyLineStart = nextLine === -1 ? text.length : nextLine + 1;
    let contentStart = h.content ? h.content.start : bodyLineStart;
    let contentEnd = h.content ? h.content.end : contentStart;
    if (contentStart < bodyLineStart) contentStart = bodyLineStart;
    if (contentEnd < contentStart) contentEnd = contentStart;
    let content = text.slice(contentStart, contentEnd);
    if (content.length > 0 && !content.endsWith('\n')) content += '\n';
    if (stripTabs && content.includes('\t')) content = content.replace(/^\t+/gm, '');
    out.push({
      name: h.name,
      content,
      stripTabs,
      expand,
      contentStart,
      contentEnd,
      terminated: h.terminated,
      bodyLineStart: h.content ? Math.min(bodyLineStart, h.content.start) : bodyLineStart,
    });
  }
  return out;
}

function checkInstruction(
  instr: Instruction,
  si: SourceInstruction,
  lineAt: (o: number) => number,
  lineStarts: number[],
): ParseProblem | null {
  if (!KEYWORDS.has(instr.keyword)) {
    const word = instr.keyword.length > 24 ? `${instr.keyword.slice(0, 24)}...` : instr.keyword;
    const line = lineAt(si.start);
    return {
      message: `unexpected '${printable(word)}': expecting an instruction such as FROM, RUN, COPY`,
      line,
      column: si.start - (lineStarts[line - 1] ?? 0) + 1,
    };
  }
  for (const h of instr.heredocs) {
    if (!h.terminated) {
      return {
        message: `unterminated heredoc: no line '${h.name}' closes the heredoc started here`,
        line: instr.line,
        column: 1,
      };
    }
  }
  if (instr.keyword === 'ONBUILD' && instr.trigger && !KEYWORDS.has(instr.trigger.keyword)) {
    const word =
      instr.trigger.keyword.length > 24 ? `${instr.trigger.keyword.slice(0, 24)}...` : instr.trigger.keyword;
    return { message: `ONBUILD: unknown instruction '${printable(word)}'`, line: instr.line, column: 1 };
  }
  return null;
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

function toStage(from: Instruction, index: number, earlier: Stage[]): Stage {
  const words = from.words;
  const image = words[0] ?? '';
  let name: string | null = null;
  if (words.length >= 3 && words[1]?.toUpperCase() === 'AS') name = words[2]!.toLowerCase();
  const lowered = image.toLowerCase();
  let parent: number | null = null;
  for (let i = earlier.length - 1; i >= 0; i--) {
    if (earlier[i]!.name !== null && earlier[i]!.name === lowered) {
      parent = i;
      break;
    }
  }
  const platformFlag = from.flags.find((f) => f.name === 'platform');
  return {
    index,
    name,
    image,
    parent,
    platform: platformFlag ? platformFlag.value : null,
    from,
    instructions: [],
  };
}

/** The shell script of a shell-form RUN (heredocs included), parsed once and cached. */
const shellCache = new WeakMap<Instruction, ShellScript | null>();

/** shellOf's cache on the model's own instructions (a field: rules ask for it many times per RUN). */
function cachedShell(instr: Instruction): ShellScript | null | undefined {
  return instr instanceof ParsedInstruction ? instr.shellScript : shellCache.get(instr);
}

export function runScript(instr: Instruction): string | null {
  if (instr.json) return null;
  if (instr.heredocs.length > 0) {
    // `RUN <<EOF` alone: the heredoc body is the script. Otherwise the command line and bodies go to the shell.
    const onlyHeredoc = /^\s*<<-?\s*["']?[^\s"']+["']?\s*$/.test(instr.args);
    const first = instr.heredocs[0]!;
    if (onlyHeredoc) {
      // BuildKit runs a body that starts with a shebang with that interpreter: python is not shell.
      const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first.content);
      if (shebang) {
        const prog = shebang[1]!.endsWith('/env') ? (shebang[2] ?? '') : shebang[1]!;
        if (!/(?:^|\/)(?:sh|bash|dash|ash|ksh|zsh|busybox)$/.test(prog)) return null;
      }
      return first.content;
    }
    const bodies = instr.heredocs.map((h) => `${h.content}${h.name}\n`).join('');
    return `${instr.args}\n${bodies}`;
  }
  return instr.args;
}

/**
 * The parsed shell of a RUN as hadolint's rules see it: the shell form as the shell runs it, and the exec form as
 * its words joined by spaces (hadolint parses both; ShellCheck, through runScript, sees only the shell form).
 * Null for other instructions and non-POSIX shells.
 */
export function shellOf(instr: Instruction): ShellScript | null {
  const cached = cachedShell(instr);
  if (cached !== undefined) return cached;
  let result: ShellScript | null = null;
  if (instr.keyword === 'RUN' && instr.posixShell) {
    const script = instr.json ? instr.json.join(' ') : runScript(instr);
    if (script !== null) result = parseShell(script);
  }
  if (instr instanceof ParsedInstruction) instr.shellScript = result;
  else shellCache.set(instr, result);
  return result;
}

/** Offset in the file of character `i` of `instr.args` (for fixes that edit arguments). */
export function argsOffset(instr: Instruction, i: number): number {
  return instr.argsMap[Math.max(0, Math.min(i, instr.argsMap.length - 1))] ?? instr.argsStart;
}

/**
 * Replaces `$VAR` and `${VAR}` (with `:-`/`:+`/`-`/`+` defaults) from `vars`; unknown variables become empty.
 * As in the shell, `:-`/`:+` treat an empty value as unset, `-`/`+` only an unset one.
 */
export function substitute(value: string, vars: ReadonlyMap<string, string>): string {
  return value.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (
      _m,
      braced: string | undefined,
      colon: string | undefined,
      op: string | undefined,
      word: string | undefined,
      bare: string | undefined,
    ) => {
      const name = braced ?? bare ?? '';
      const v = vars.get(name);
      const set = v !== undefined && (colon !== ':' || v !== '');
      if (op === '-') return set ? (v ?? '') : (word ?? '');
      if (op === '+') return set ? (word ?? '') : '';
      return v ?? '';
    },
  );
}
