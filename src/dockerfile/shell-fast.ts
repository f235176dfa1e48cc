// A hand-written parser for the plain subset of shell that most RUN lines are written in: simple commands with
// assignments and redirects (plain heredocs too), joined by `&&`, `||`, `|`, `;` and newlines, with quoted words
// and `$NAME`/`${NAME}`, plus `export`-style declarations and one-test `[[ ]]` (neither lists a command).
// It returns exactly what parseShell's walk over mvdan-sh's AST returns for such a script, and null for anything
// else (subshells, `$(…)`, compound commands, non-ASCII text, …), which then goes to mvdan-sh. mvdan-sh was the
// largest cost of a lint run (a GopherJS parser, ~0.2 ms per script); most scripts never need it. The tests and
// a fuzz over generated scripts compare both.
import type { Command, Redirect, ShellScript, Word } from './shell.js';

// Character classes by char code (ASCII only: the caller sends anything else to mvdan-sh).
const C_BLANK = 1; // space, tab
const C_END = 2; // ends an unquoted word: blanks, newline, ; & | < > ( )
const C_SAFE_PARAM_WORD = 4; // may appear in the word of `${NAME:-word}`
const cls = new Uint8Array(128);
for (const c of ' \t') cls[c.charCodeAt(0)]! |= C_BLANK | C_END;
for (const c of '\n;&|<>()') cls[c.charCodeAt(0)]! |= C_END;
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:@%,+=-') {
  cls[c.charCodeAt(0)]! |= C_SAFE_PARAM_WORD;
}

// Words that mvdan-sh parses as something other than a simple command when they come first.
const NOT_SIMPLE = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'in',
  'do',
  'done',
  'case',
  'esac',
  'while',
  'until',
  'select',
  'function',
  'time',
  'coproc',
  '{',
  '}',
  '[[',
  ']]',
  '!',
  'declare',
  'local',
  'export',
  'readonly',
  'typeset',
  'nameref',
  'let',
]);

// Declaration builtins: mvdan-sh parses them as a DeclClause, which parseShell does not list as a command.
const DECLARATIONS = new Set(['declare', 'local', 'export', 'readonly', 'typeset', 'nameref']);

const TEST_UNARY = new Set([
  '-e',
  '-f',
  '-d',
  '-c',
  '-b',
  '-p',
  '-S',
  '-L',
  '-h',
  '-k',
  '-g',
  '-u',
  '-G',
  '-O',
  '-N',
  '-r',
  '-w',
  '-x',
  '-s',
  '-t',
  '-z',
  '-n',
]);
const TEST_BINARY = new Set(['==', '=', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

// Operators of `${NAME<op>word}` that keep the word as plain text.
const PARAM_OPS = [':-', ':+', ':=', ':?', '-', '+', '=', '?'];

// Beyond this many commands, mvdan-sh decides (it may run out of stack: that result must stay the same).
const MAX_COMMANDS = 2000;

const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);

/** A backslash in an unquoted word escapes the next character (as parseShell's word values read it). */
function unescapeLit(s: string): string {
  return s.includes('\\') ? s.replace(/\\\n/g, '').replace(/\\(.)/g, '$1') : s;
}

/** Thrown (as a value, never to the caller) when the script leaves the subset. */
const LEAVE = { leave: true };

/** The parsed script, or null when it is not plain enough (parseShell then asks mvdan-sh). */
export function parsePlainShell(source: string): ShellScript | null {
  // ASCII without CR or other control characters than tab and newline.
  for (let k = 0; k < source.length; k++) {
    const c = source.charCodeAt(k);
    if (c >= 127 || (c < 32 && c !== 9 && c !== 10)) return null;
  }
  try {
    return parseScript(source);
  } catch (e) {
    if (e === LEAVE) return null;
    const error = (e as { unclosed?: ShellScript['error'] }).unclosed;
    if (error) return { source, commands: [], hasPipe: false, error };
    throw e;
  }
}

function parseScript(source: string): ShellScript {
  // The loops below stop on the character after the end, which charCodeAt gives as NaN. Reading out of bounds
  // deoptimises V8's optimised code once per place it happens (five recompiles of this parser while a corpus
  // warms up), so the text carries NULs past its end: parsePlainShell refused NUL in the script, and NUL is no
  // character any check here accepts, just as NaN is none.
  const src = `${source}\0\0\0\0`;
  const n = source.length;
  let i = 0;
  const commands: Command[] = [];
  let hasPipe = false;
  const heredocs: { name: string; strip: boolean; quoted: boolean; at: number }[] = [];

  const leave = (): never => {
    throw LEAVE;
  };
  /** mvdan-sh's error for a heredoc that has no terminator (the rest of the script parsed). */
  const unclosed = (name: string, at: number): never => {
    const lineStart = src.lastIndexOf('\n', at - 1) + 1;
    let line = 1;
    for (let k = src.indexOf('\n'); k !== -1 && k < at; k = src.indexOf('\n', k + 1)) line++;
    throw {
      unclosed: { line, column: at - lineStart + 1, message: `unclosed here-document '${name}'` },
    } satisfies { unclosed: ShellScript['error'] };
  };
  const skipBlanks = () => {
    for (;;) {
      const c = src.charCodeAt(i);
      if (c === 32 || c === 9) i++;
      else if (c === 92 && src.charCodeAt(i + 1) === 10 && heredocs.length === 0) i += 2;
      else return;
    }
  };
  /** Blanks, newlines and comments: what may stand between an operator and the next command. */
  const skipSpace = () => {
    for (;;) {
      skipBlanks();
      const c = src.charCodeAt(i);
      if (c === 10) {
        i++;
        if (heredocs.length > 0) heredocBodies();
      } else if (c === 35) skipComment();
      else return;
    }
  };
  const skipComment = () => {
    const nl = src.indexOf('\n', i);
    // mvdan-sh joins a backslash-newline before it sees the comment: the comment goes on.
    if (nl !== -1 && src.charCodeAt(nl - 1) === 92) leave();
    i = nl === -1 ? n : nl;
  };

  /** `$…` at `i`: the expansion's end, or leave for anything but `$NAME`, `$1`, `$@`… and plain `${NAME…}`. */
  const paramEnd = (): number => {
    const c = src.charCodeAt(i + 1);
    if (isNameStart(c)) {
      let j = i + 2;
      while (isNameChar(src.charCodeAt(j))) j++;
      return j;
    }
    if ((c >= 48 && c <= 57) || c === 64 || c === 42 || c === 35 || c === 63 || c === 36 || c === 33) {
      return i + 2;
    }
    if (c !== 123 || !isNameStart(src.charCodeAt(i + 2))) return leave();
    let j = i + 3;
    while (isNameChar(src.charCodeAt(j))) j++;
    if (src.charCodeAt(j) === 125) return j + 1;
    const op = PARAM_OPS.find((o) => src.startsWith(o, j));
    if (op === undefined) return leave();
    j += op.length;
    for (;;) {
      const d = src.charCodeAt(j);
      if (d === 125) return j + 1;
      if (!(d < 128 && cls[d]! & C_SAFE_PARAM_WORD)) return leave();
      j++;
    }
  };

  /** The word at `i` (a non-empty one: the caller checked the first character). */
  const word = (): Word => {
    const start = i;
    let value = '';
    let literal = true;
    let lit = -1; // start of the current run of unquoted literal text
    const flush = (to: number) => {
      if (lit !== -1) {
        value += unescapeLit(src.slice(lit, to));
        lit = -1;
      }
    };
    for (;;) {
      const c = src.charCodeAt(i);
      if (i >= n || cls[c]! & C_END) break;
      if (c === 92) {
        const d = src.charCodeAt(i + 1);
        // A continuation inside a word, or a backslash at the very end: leave those to mvdan-sh.
        if (i + 1 >= n || d === 10) leave();
        if (lit === -1) lit = i;
        i += 2;
      } else if (c === 39) {
        flush(i);
        const close = src.indexOf("'", i + 1);
        if (close === -1) leave();
        if (heredocs.length > 0) for (let k = i + 1; k < close; k++) if (src.charCodeAt(k) === 10) leave();
        value += src.slice(i + 1, close);
        i = close + 1;
      } else if (c === 34) {
        flush(i);
        i++;
        let run = i;
        for (;;) {
          if (i >= n) leave();
          const d = src.charCodeAt(i);
          if (d === 34) break;
          if (d === 10 && heredocs.length > 0) leave();
          if (d === 92) {
            if (i + 1 >= n) leave();
            i += 2;
          } else if (d === 36) {
            value += unescapeLit(src.slice(run, i));
            const end = paramEnd();
            value += src.slice(i, end);
            literal = false;
            i = end;
            run = i;
          } else if (d === 96) {
            leave();
          } else {
            i++;
          }
        }
        value += unescapeLit(src.slice(run, i));
        i++;
      } else if (c === 36) {
        flush(i);
        const end = paramEnd();
        value += src.slice(i, end);
        literal = false;
        i = end;
      } else if (c === 96 || (c === 35 && lit === -1)) {
        // A backquote; a # right after quotes or an expansion, where mvdan-sh starts a comment.
        leave();
      } else {
        if (lit === -1) lit = i;
        i++;
      }
    }
    flush(i);
    return { value, raw: src.slice(start, i), literal, start, end: i };
  };

  /** A redirect at `i` (after its optional one-digit descriptor). */
  const redirect = (start = i): Redirect => {
    const c = src.charCodeAt(i);
    const d = src.charCodeAt(i + 1);
    let op: string;
    if (c === 62) {
      op = d === 62 ? '>>' : d === 38 ? '>&' : d === 124 ? '>|' : '>';
      if (d === 40) leave(); // >( … )
    } else if (c === 60) {
      if (d === 60) return heredoc(start);
      if (d === 40) leave(); // <( … )
      op = d === 62 ? '<>' : d === 38 ? '<&' : '<';
    } else {
      // &> and &>>
      op = src.charCodeAt(i + 2) === 62 ? '&>>' : '&>';
    }
    i += op.length;
    skipBlanks();
    const t = src.charCodeAt(i);
    if (i >= n || cls[t]! & C_END || t === 35) leave();
    const target = word();
    descriptorCheck(target);
    return { op, target: target.value };
  };

  /** `<<NAME` (or `<<-`, `<<'NAME'`, `<<"NAME"`); its body is read at the end of the line. */
  const heredoc = (at: number): Redirect => {
    if (src.charCodeAt(i + 2) === 60) leave(); // here-string
    const strip = src.charCodeAt(i + 2) === 45;
    i += strip ? 3 : 2;
    skipBlanks();
    const t = src.charCodeAt(i);
    if (i >= n || cls[t]! & C_END || t === 35) leave();
    const w = word();
    descriptorCheck(w);
    const m = /^(?:([A-Za-z_][A-Za-z0-9_]*)|'([A-Za-z_][A-Za-z0-9_]*)'|"([A-Za-z_][A-Za-z0-9_]*)")$/.exec(
      w.raw,
    );
    if (!m) leave();
    heredocs.push({ name: w.value, strip, quoted: m![1] === undefined, at });
    return { op: strip ? '<<-' : '<<', target: w.value };
  };

  /** The bodies of the heredocs of the line that just ended (`i` is after its newline). */
  const heredocBodies = () => {
    for (const h of heredocs) {
      for (;;) {
        if (i >= n) leave(); // no terminator
        let eol = src.indexOf('\n', i);
        if (eol === -1) eol = n;
        let from = i;
        if (h.strip) while (src.charCodeAt(from) === 9) from++;
        const line = src.slice(from, eol);
        i = eol < n ? eol + 1 : n;
        if (line === h.name) break;
        // Expansions in an unquoted body: only plain `$NAME`s (a backslash may continue the line, too).
        if (!h.quoted && /[`\\]|\$(?![A-Za-z_0-9@*#?$!])/.test(line)) leave();
      }
    }
    heredocs.length = 0;
  };

  /** A word right before `<` or `>` that ends in a digit or `}` may name a descriptor (`12>x`, `{fd}>x`). */
  const descriptorCheck = (w: Word) => {
    const next = src.charCodeAt(i);
    if (next !== 60 && next !== 62) return;
    const last = w.raw.charCodeAt(w.raw.length - 1);
    if ((last >= 48 && last <= 57) || last === 125) leave();
  };

  /** After `[[`: a one-test clause (`[[ -d x ]]`, `[[ a == b ]]`) up to its `]]`; anything more leaves. */
  const testClause = () => {
    const words: string[] = [];
    for (;;) {
      skipBlanks();
      const c = src.charCodeAt(i);
      if (i >= n || cls[c]! & C_END || c === 35) leave();
      const w = word().raw;
      if (w === ']]') break;
      words.push(w);
    }
    const operand = (w: string | undefined) => w !== undefined && w[0] !== '-' && w !== '!';
    const ok =
      (words.length === 1 && operand(words[0])) ||
      (words.length === 2 && TEST_UNARY.has(words[0]!) && operand(words[1])) ||
      (words.length === 3 && operand(words[0]) && TEST_BINARY.has(words[1]!) && operand(words[2]));
    if (!ok) leave();
  };

  /** After `export` and the like: its words up to the end of the command (no redirects). */
  const declClause = () => {
    for (;;) {
      skipBlanks();
      const c = src.charCodeAt(i);
      if (i >= n || c === 10 || c === 59 || c === 124 || c === 35) return;
      if (c === 38) {
        if (src.charCodeAt(i + 1) === 62) leave();
        return;
      }
      if (cls[c]! & C_END) leave();
      const w = word();
      // mvdan-sh takes only names, NAME=value and flags here.
      if (!/^(?:[A-Za-z_][A-Za-z0-9_]*(?:=[^[]*)?|[-+][A-Za-z]+)$/.test(w.raw)) leave();
      descriptorCheck(w);
    }
  };

  /**
   * One simple command at `i` (its first word or redirect); null for a declaration, a `[[ ]]` test or bare
   * redirects, which parseShell does not list as commands. Leaves for anything else.
   */
  const command = (piped: boolean): Command | null => {
    const args: Word[] = [];
    const assigns: { name: string; value: string }[] = [];
    const redirects: Redirect[] = [];
    let start = -1;
    let end = -1;
    let name: Word | null = null;
    for (;;) {
      skipBlanks();
      const c = src.charCodeAt(i);
      if (i >= n || c === 10 || c === 59 || c === 124 || c === 35) break;
      if (c === 40 || c === 41) leave();
      if (c === 38) {
        if (src.charCodeAt(i + 1) === 62) {
          redirects.push(redirect());
          continue;
        }
        break; // && (a lone & is checked by the caller)
      }
      if (c === 60 || c === 62) {
        redirects.push(redirect());
        continue;
      }
      if (c >= 48 && c <= 57) {
        const d = src.charCodeAt(i + 1);
        if (d === 60 || d === 62) {
          i++;
          redirects.push(redirect(i - 1));
          continue;
        }
      }
      const w = word();
      descriptorCheck(w);
      if (name === null) {
        const eq = w.raw.indexOf('=');
        if (eq > 0 && isNameStart(w.raw.charCodeAt(0))) {
          let k = 1;
          while (k < eq && isNameChar(w.raw.charCodeAt(k))) k++;
          if (k === eq) {
            // An assignment (only before the command name; none after a redirect, which mvdan-sh may read otherwise).
            if (redirects.length > 0) leave();
            const valueStart = w.start + eq + 1;
            let value = '';
            if (valueStart < w.end) {
              const save = i;
              i = valueStart;
              value = word().value;
              i = save;
            }
            assigns.push({ name: w.raw.slice(0, eq), value });
            if (start === -1) start = w.start;
            end = w.end;
            continue;
          }
          // NAME+=…, NAME[…]=…: not plain.
          if (w.raw.charCodeAt(k) === 43 || w.raw.charCodeAt(k) === 91) leave();
        }
        if (start === -1 && redirects.length === 0) {
          if (DECLARATIONS.has(w.raw)) {
            declClause();
            return null;
          }
          if (w.raw === '[[') {
            testClause();
            skipBlanks();
            const c = src.charCodeAt(i);
            if (
              !(
                i >= n ||
                c === 10 ||
                c === 59 ||
                c === 124 ||
                c === 35 ||
                (c === 38 && src.charCodeAt(i + 1) === 38)
              )
            ) {
              leave();
            }
            return null;
          }
        }
        // `a[1]` in command position is an array assignment to mvdan-sh; `[` alone is the test command.
        if (NOT_SIMPLE.has(w.raw) || (w.raw.includes('[') && w.raw !== '[')) leave();
        name = w;
      } else {
        args.push(w);
      }
      if (start === -1) start = w.start;
      end = w.end;
    }
    if (start === -1) {
      if (redirects.length === 0) leave(); // no command where one must be
      return null; // only redirects (`> file`, `<<EOF`): a statement without a command
    }
    return { name: name?.value ?? '', args, assigns, redirects, start, end, piped, memo: undefined };
  };

  skipSpace();
  while (i < n) {
    // One statement: pipelines joined by && and ||.
    for (;;) {
      const first = commands.length;
      let members = 1;
      const head = command(false);
      if (head) commands.push(head);
      while (src.charCodeAt(i) === 124 && src.charCodeAt(i + 1) !== 124) {
        if (src.charCodeAt(i + 1) === 38) leave(); // |&
        i++;
        hasPipe = true;
        skipSpace();
        const next = command(true);
        if (next) commands.push(next);
        members++;
      }
      if (members > 1 && commands.length > first) commands[first]!.piped = true;
      if (commands.length > MAX_COMMANDS) leave();
      const c = src.charCodeAt(i);
      const d = src.charCodeAt(i + 1);
      if ((c === 38 && d === 38) || (c === 124 && d === 124)) {
        i += 2;
        skipSpace();
        if (i >= n) leave();
        continue;
      }
      break;
    }
    if (src.charCodeAt(i) === 35) skipComment();
    const c = src.charCodeAt(i);
    if (i >= n) break;
    if (c === 59) {
      i++;
      skipBlanks();
      if (src.charCodeAt(i) === 59 || src.charCodeAt(i) === 38) leave();
    } else if (c !== 10) {
      leave(); // a lone &, or anything else after a command
    }
    skipSpace();
  }
  if (heredocs.length > 0) unclosed(heredocs[0]!.name, heredocs[0]!.at); // a heredoc without its body
  return { source, commands, hasPipe, error: null };
}
