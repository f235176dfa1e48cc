// Parses a Dockerfile into the facts every rule reads: instructions, stages, heredocs, exec/shell form.
// dockerfile-ast finds instruction boundaries, flags, properties and heredoc ranges; this module adds what
// BuildKit does on top (continuation lines with comments inside, JSON-form fallback, stage graph, SHELL).
import { type Instruction as AstInstruction, DockerfileParser } from 'dockerfile-ast';
import { DEFAULT_LIMITS, type Limits, limitError } from '../core/limits.js';
import { type Pragmas, parsePragmas } from './pragmas.js';
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
  return (
    prog
      .split(/[\\/]/)
      .pop()
      ?.toLowerCase()
      .replace(/\.exe$/, '') ?? 'sh'
  );
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
  const lineAt = (offset: number) => upperBound(lineStarts, offset);
  const lineStart = (line: number) => lineStarts[Math.max(0, Math.min(line - 1, lineStarts.length - 1))] ?? 0;
  const offsetOf = (pos: { line: number; character: number }) => {
    const base = lineStarts[pos.line];
    return base === undefined ? body.length : Math.min(base + pos.character, body.length);
  };

  const ast = DockerfileParser.parse(body);
  const escapeChar = ast.getEscapeCharacter() === '`' ? '`' : '\\';
  const directives = ast.getDirectives().map((d) => ({
    name: d.getName().toLowerCase(),
    value: d.getValue(),
    line: d.getRange().start.line + 1,
  }));
  const comments = collectComments(body, lineStarts, ast);
  const firstInstruction = ast.getInstructions()[0];
  const pragmas = parsePragmas(comments, firstInstruction ? firstInstruction.getRange().start.line + 1 : 0);

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

  const astInstructions = ast.getInstructions();
  if (astInstructions.length > limits.dockerfileInstructions) {
    throw limitError(
      `${path}: too many instructions`,
      'dockerfileInstructions',
      astInstructions.length,
      limits.dockerfileInstructions,
    );
  }

  let stageIndex = -1;
  let nextShellPragma = 0;
  let shell: string[] = [...DEFAULT_SHELL];
  const stageShells: string[][] = [];
  const build = (ai: AstInstruction, onbuild: Instruction | null): Instruction => {
    const instr = toInstruction(ai, body, offsetOf, lineAt, escapeChar, limits);
    instr.stage = stageIndex;
    instr.onbuild = onbuild;
    instr.shell = shell;
    instr.posixShell = isPosixShell(shellName(shell));
    return instr;
  };

  for (const ai of astInstructions) {
    const line = ai.getRange().start.line + 1;
    // A `# hadolint shell=` pragma switches the shell for the instructions after it.
    while (nextShellPragma < pragmas.shells.length && pragmas.shells[nextShellPragma]!.line < line) {
      shell = [pragmas.shells[nextShellPragma++]!.shell];
    }
    if (ai.getKeyword().toUpperCase() === 'FROM') {
      stageIndex += 1;
      const from = build(ai, null);
      const stage = toStage(from, stageIndex, model.stages);
      // The shell resets per stage, and carries over into a stage built FROM an earlier stage.
      shell =
        stage.parent !== null ? (stageShells[stage.parent] ?? pragmaShell(pragmas)) : pragmaShell(pragmas);
      stageShells[stageIndex] = shell;
      // The FROM itself is in the new stage: it carries that stage's shell, not the previous stage's.
      from.shell = shell;
      from.posixShell = isPosixShell(shellName(shell));
      model.stages.push(stage);
      model.instructions.push(from);
      if (!model.problem) model.problem = checkInstruction(from, ai, lineAt, offsetOf);
      continue;
    }
    const instr = build(ai, null);
    if (instr.keyword === 'ONBUILD') {
      const trig = (
        ai as unknown as { getTriggerInstruction(): AstInstruction | null }
      ).getTriggerInstruction();
      if (trig) instr.trigger = build(trig, instr);
    }
    // After the trigger is built: the check looks at an ONBUILD's trigger keyword.
    if (!model.problem) model.problem = checkInstruction(instr, ai, lineAt, offsetOf);
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

function collectComments(text: string, lineStarts: number[], ast: ReturnType<typeof DockerfileParser.parse>) {
  const out: { line: number; text: string }[] = [];
  // Directive lines are comments too: dockerfile-ast also takes `# hadolint ignore=X` at the top for a directive.
  const lines = [...ast.getDirectives(), ...ast.getComments()].map((c) => c.getRange().start.line);
  for (const line of [...new Set(lines)].sort((a, b) => a - b)) {
    const start = lineStarts[line] ?? 0;
    const end = lineStarts[line + 1] ?? text.length;
    const raw = text.slice(start, end).replace(/\r?\n$/, '');
    const hash = raw.indexOf('#');
    out.push({ line: line + 1, text: hash === -1 ? raw : raw.slice(hash + 1) });
  }
  return out;
}

type OffsetOf = (pos: { line: number; character: number }) => number;

function toInstruction(
  ai: AstInstruction,
  text: string,
  offsetOf: OffsetOf,
  lineAt: (o: number) => number,
  escapeChar: string,
  limits: Limits,
): Instruction {
  const range = ai.getRange();
  const start = offsetOf(range.start);
  const end = offsetOf(range.end);
  const keyword = ai.getKeyword().toUpperCase();
  const keywordEnd = offsetOf(ai.getInstructionRange().end);
  const flags: Flag[] = [];
  const getFlags = (ai as unknown as { getFlags?: () => import('dockerfile-ast').Flag[] }).getFlags;
  if (typeof getFlags === 'function') {
    for (const f of getFlags.call(ai)) {
      const r = f.getRange();
      flags.push({ name: f.getName(), value: f.getValue(), start: offsetOf(r.start), end: offsetOf(r.end) });
    }
  }
  const heredocs = readHeredocs(ai, text, offsetOf);
  // Arguments run from after the last flag (or the keyword) to the first heredoc body, if any.
  let argsFrom = flags.length > 0 ? Math.max(...flags.map((f) => f.end)) : keywordEnd;
  argsFrom = Math.min(argsFrom, end);
  const firstBody = heredocs.length > 0 ? lineStartOf(text, heredocs[0]!.bodyLineStart) : end;
  const { args, map } = joinContinuations(text, argsFrom, Math.min(end, firstBody), escapeChar);
  const argsStart = map.length > 0 ? (map[0] ?? argsFrom) : argsFrom;
  const wordsEnd = firstBody;
  // Words and properties cost a second pass over the text in dockerfile-ast: computed on first use.
  const words = () =>
    ai
      .getArguments()
      .filter((a) => offsetOf(a.getRange().start) < wordsEnd)
      .map((a) => a.getValue());
  const properties = (): Property[] => {
    const out: Property[] = [];
    const getProperties = (ai as unknown as { getProperties?: () => import('dockerfile-ast').Property[] })
      .getProperties;
    if (
      typeof getProperties !== 'function' ||
      !(keyword === 'ENV' || keyword === 'ARG' || keyword === 'LABEL')
    ) {
      return out;
    }
    for (const p of getProperties.call(ai)) {
      const r = p.getRange();
      out.push({ name: p.getName(), value: p.getValue(), start: offsetOf(r.start), end: offsetOf(r.end) });
    }
    return out;
  };
  let json: string[] | null = null;
  const trimmed = args.trim();
  if (trimmed.startsWith('[') && trimmed.length <= limits.shellScriptBytes) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) json = parsed as string[];
    } catch {
      json = null; // BuildKit treats an invalid JSON array as shell form.
    }
  }
  let wordsCache: string[] | undefined;
  let propertiesCache: Property[] | undefined;
  const instr: Instruction = {
    get words() {
      wordsCache ??= words();
      return wordsCache;
    },
    get properties() {
      propertiesCache ??= properties();
      return propertiesCache;
    },
    keyword,
    line: lineAt(start),
    endLine: lineAt(Math.max(start, end - 1)),
    start,
    end,
    keywordEnd,
    argsStart,
    args,
    argsMap: map,
    flags,
    json,
    heredocs: heredocs.map(({ bodyLineStart: _b, ...h }) => h),
    stage: -1,
    trigger: null,
    onbuild: null,
    shell: [...DEFAULT_SHELL],
    posixShell: true,
  };
  return instr;
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
  let pos = from;
  let first = true;
  // Skip blanks before the first argument.
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
    const stop = continued ? contentEnd - 1 : lineEnd;
    args += text.slice(pos, stop);
    for (let i = pos; i < stop; i++) map[n++] = i;
    if (!continued) break;
    pos = nl + 1;
  }
  map[n] = n > 0 ? map[n - 1]! + 1 : from;
  return { args, map: map.subarray(0, n + 1) };
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

function readHeredocs(ai: AstInstruction, text: string, offsetOf: OffsetOf): RawHeredoc[] {
  const getHeredocs = (ai as unknown as { getHeredocs?: () => import('dockerfile-ast').Heredoc[] })
    .getHeredocs;
  if (typeof getHeredocs !== 'function') return [];
  const out: RawHeredoc[] = [];
  for (const h of getHeredocs.call(ai)) {
    const startRange = h.getStartRange();
    const opText = text.slice(offsetOf(startRange.start), offsetOf(startRange.end) + 2);
    const stripTabs = /^<<-/.test(opText);
    const afterOp = opText.replace(/^<<-?/, '');
    const expand = !/^["']/.test(afterOp);
    const contentRange = h.getContentRange();
    const delimiter = h.getDelimiterRange();
    const nameEnd = offsetOf(h.getNameRange().end);
    // The body starts on the line after the heredoc operator's line (continuations aside).
    const nextLine = text.indexOf('\n', nameEnd);
    const bodyLineStart = nextLine === -1 ? text.length : nextLine + 1;
    let contentStart = contentRange ? offsetOf(contentRange.start) : bodyLineStart;
    let contentEnd = contentRange ? offsetOf(contentRange.end) : contentStart;
    if (contentStart < bodyLineStart) contentStart = bodyLineStart;
    if (contentEnd < contentStart) contentEnd = contentStart;
    let content = text.slice(contentStart, contentEnd);
    if (content.length > 0 && !content.endsWith('\n')) content += '\n';
    if (stripTabs) content = content.replace(/^\t+/gm, '');
    out.push({
      name: h.getName(),
      content,
      stripTabs,
      expand,
      contentStart,
      contentEnd,
      terminated: delimiter !== null,
      bodyLineStart: contentRange ? Math.min(bodyLineStart, offsetOf(contentRange.start)) : bodyLineStart,
    });
  }
  return out;
}

function checkInstruction(
  instr: Instruction,
  ai: AstInstruction,
  lineAt: (o: number) => number,
  offsetOf: OffsetOf,
): ParseProblem | null {
  if (!KEYWORDS.has(instr.keyword)) {
    const r = ai.getInstructionRange();
    const word = instr.keyword.length > 24 ? `${instr.keyword.slice(0, 24)}...` : instr.keyword;
    return {
      message: `unexpected '${printable(word)}': expecting an instruction such as FROM, RUN, COPY`,
      line: lineAt(offsetOf(r.start)),
      column: r.start.character + 1,
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
  if (shellCache.has(instr)) return shellCache.get(instr) ?? null;
  let result: ShellScript | null = null;
  if (instr.keyword === 'RUN' && instr.posixShell) {
    const script = instr.json ? instr.json.join(' ') : runScript(instr);
    if (script !== null) result = parseShell(script);
  }
  shellCache.set(instr, result);
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
