// Splits a Dockerfile into instructions, arguments, flags, heredocs and properties: what parse.ts used to read from
// dockerfile-ast, with the same results (BuildKit's quirks and that library's alike), in one pass over offsets.
// Hand-written because dockerfile-ast was the floor of a lint run: it re-scans each instruction's arguments several
// times and turns every offset into a line/character position and back. Text with a carriage return goes to
// dockerfile-ast (scanDockerfile returns null), as do the few shapes noted below.

export interface ScanArg {
  /** The word with escapes applied (`\"` -> `"`; `\$` stays). */
  value: string;
  start: number;
  end: number;
}

export interface ScanFlag {
  name: string;
  value: string | null;
  start: number;
  end: number;
}

export interface ScanProperty {
  name: string;
  value: string | null;
  start: number;
  end: number;
}

export interface ScanHeredoc {
  name: string;
  /** The `<<NAME` word. */
  opStart: number;
  opEnd: number;
  nameEnd: number;
  /** The body, or null when the heredoc has none (one-line instruction). */
  content: { start: number; end: number } | null;
  terminated: boolean;
}

/** One instruction as dockerfile-ast describes it. */
export interface SourceInstruction {
  /** Upper-cased keyword. */
  keyword: string;
  start: number;
  keywordEnd: number;
  end: number;
  flags: ScanFlag[];
  heredocs(): ScanHeredoc[];
  /** Arguments after the flags. */
  args(): ScanArg[];
  properties(): ScanProperty[];
  trigger(): SourceInstruction | null;
}

export interface ScannedDockerfile {
  escape: string;
  directives: { name: string; value: string; line: number }[];
  /** 0-based lines of comments (directives not included). */
  commentLines: number[];
  instructions: SourceInstruction[];
}

/** Raised inside the scanner for a shape it leaves to dockerfile-ast. */
const FALLBACK = { fallback: true };
const fallback = (): never => {
  throw FALLBACK;
};

const SP = 32;
const TAB = 9;
const NL = 10;
const isBlank = (c: number) => c === SP || c === TAB;

/** The scanned file, or null when dockerfile-ast has to read it. */
export function scanDockerfile(text: string, lineStarts: readonly number[]): ScannedDockerfile | null {
  if (text.includes('\r')) return null;
  try {
    return scan(text, lineStarts);
  } catch (e) {
    if (e === FALLBACK) return null;
    throw e;
  }
}

/** Parser directives at the top (`# escape=`), read as dockerfile-ast reads them. */
function readDirectives(text: string, lineOf: (offset: number) => number) {
  const out: { name: string; value: string; line: number }[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isBlank(c)) continue;
    if (c !== 35) break; // a blank line or anything but a comment ends the directives
    let nameStart = -1;
    let nameEnd = -1;
    let j = i + 1;
    let eq = -1;
    let newline = false;
    for (; j < n; j++) {
      const d = text.charCodeAt(j);
      if (isBlank(d)) {
        if (nameStart !== -1 && nameEnd === -1) nameEnd = j;
      } else if (d === NL) {
        newline = true;
        break;
      } else if (d === 61) {
        eq = j;
        break;
      } else if (nameStart === -1) {
        nameStart = j;
      }
    }
    if (newline) break; // a plain comment
    if (eq === -1) continue; // the text ends inside the comment: its characters are read again, to no effect
    if (nameEnd === -1) nameEnd = eq;
    let valueStart = -1;
    let valueEnd = -1;
    let lineEnd = n;
    for (let k = eq + 1; k < n; k++) {
      const d = text.charCodeAt(k);
      if (d === NL) {
        if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
        lineEnd = k;
        break;
      }
      if (isBlank(d)) {
        if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
      } else if (valueStart === -1) {
        valueStart = k;
      }
    }
    if (valueStart === -1) {
      valueStart = eq + 1;
      valueEnd = lineEnd;
    } else if (valueEnd === -1) {
      valueEnd = n;
    }
    if (nameStart === -1) break;
    out.push({
      name: text.slice(nameStart, nameEnd),
      value: text.slice(valueStart, valueEnd),
      line: lineOf(i),
    });
    // Scanning goes on right after the value (blanks and a newline there end the directives).
    i = valueEnd;
  }
  return out;
}

function scan(text: string, lineStarts: readonly number[]): ScannedDockerfile {
  const n = text.length;
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lineStarts[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  };
  const directives = readDirectives(text, lineOf);
  let esc = '\\';
  for (const d of directives) {
    if (d.name.toLowerCase() === 'escape' && (d.value === '\\' || d.value === '`')) {
      esc = d.value;
      break;
    }
  }
  const E = esc.charCodeAt(0);
  const commentLines: number[] = [];
  const instructions: SourceInstruction[] = [];
  const comment = (start: number) => {
    commentLines.push(lineOf(start));
    const nl = text.indexOf('\n', start + 1);
    return nl === -1 ? n : nl;
  };

  /** The end of an instruction's arguments: the first newline outside a continuation (comments recorded). */
  const argumentsEnd = (from: number): number => {
    let escaped = false;
    for (let i = from + 1; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === NL) {
        if (!escaped) return i;
      } else if (c === E) {
        const next = text.charCodeAt(i + 1);
        if (next === NL) {
          escaped = true;
          i++;
        } else if (isBlank(next)) {
          let j = i + 2;
          while (j < n && isBlank(text.charCodeAt(j))) j++;
          if (j >= n) return n;
          // An escaped blank before more text skips a character; leave that to dockerfile-ast.
          if (text.charCodeAt(j) !== NL) fallback();
          escaped = true;
          i = j;
        }
      } else if (c === 35) {
        if (escaped) i = comment(i); // the loop then steps over the comment's newline
      } else if (!isBlank(c)) {
        escaped = false;
      }
    }
    return n;
  };

  /** The offset after the heredoc named `name` that starts after `from` (a newline), or the end of the text. */
  const heredocEnd = (name: string, from: number, tabbed: boolean): number => {
    let startWord = -1;
    let lineStart = true;
    for (let i = from; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === SP) lineStart = false;
      else if (c === TAB) {
        if (!tabbed) lineStart = false;
      } else if (c === NL) {
        if (startWord !== -1 && text.slice(startWord, i) === name) return i;
        startWord = -1;
        lineStart = true;
      } else if (lineStart) {
        startWord = i;
        lineStart = false;
      }
    }
    return n;
  };

  let i = lineStarts[directives.length] ?? n;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isBlank(c) || c === NL) continue;
    if (c === 35) {
      i = comment(i);
      continue;
    }
    const start = i;
    let j = i + 1;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (isBlank(d) || d === NL) break;
      if (d === E) fallback(); // an escape in the keyword
      j++;
    }
    const keywordEnd = j;
    const rawKeyword = text.slice(start, keywordEnd);
    if (j >= n || text.charCodeAt(j) === NL) {
      instructions.push(makeInstruction(text, esc, lineOf, rawKeyword, start, keywordEnd, j));
      i = j;
      continue;
    }
    let end = argumentsEnd(j);
    // Heredocs of ADD, COPY and RUN (also as ONBUILD triggers) run to their terminators. A `<<` word needs a `<`.
    if (end < n && hasChar(text, j, end, 60)) {
      let head: SourceInstruction | null = makeInstruction(
        text,
        esc,
        lineOf,
        rawKeyword,
        start,
        keywordEnd,
        end,
      );
      if (head.keyword === 'ONBUILD') head = head.trigger();
      if (head && (head.keyword === 'ADD' || head.keyword === 'COPY' || head.keyword === 'RUN')) {
        const names: string[] = [];
        let tabbed = false;
        for (const a of head.args()) {
          if (a.value.startsWith('<<') && a.value.length > 2) {
            if (a.value.startsWith('<<-')) tabbed = true;
            const name = heredocName(a.value);
            if (name !== null) names.push(name);
          }
        }
        for (const name of names) end = heredocEnd(name, end, tabbed);
      }
    }
    instructions.push(makeInstruction(text, esc, lineOf, rawKeyword, start, keywordEnd, end));
    i = end;
  }
  return { escape: esc, directives, commentLines, instructions };
}

/** Whether the character code `c` occurs in text[from, to). */
function hasChar(text: string, from: number, to: number, c: number): boolean {
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === c) return true;
  return false;
}

/** The name of a heredoc word (`<<EOF`, `<<-"EOF"`), or null. */
function heredocName(word: string): string | null {
  let v = word.slice(2);
  if (v[0] === '-') v = v.slice(1);
  if (v[0] === '"') {
    if (v[v.length - 1] !== '"') return null;
    v = v.slice(1, -1);
  }
  if (v[0] === "'") {
    if (v[v.length - 1] !== "'") return null;
    v = v.slice(1, -1);
  }
  if (v[0] === '<') return null;
  return v;
}

const FLAGS_UNTIL_PLAIN = new Set(['ADD', 'COPY', 'RUN', 'FROM']);
const PROPERTY_KEYWORDS = new Set(['ENV', 'ARG', 'LABEL']);

function makeInstruction(
  text: string,
  esc: string,
  lineOf: (offset: number) => number,
  rawKeyword: string,
  start: number,
  keywordEnd: number,
  end: number,
): SourceInstruction {
  return new ScannedInstruction(text, esc, lineOf, rawKeyword.toUpperCase(), start, keywordEnd, end);
}

/** An instruction of the scanner; heredocs, properties and the ONBUILD trigger are read on first use. */
class ScannedInstruction implements SourceInstruction {
  readonly flags: ScanFlag[];
  readonly #text: string;
  readonly #esc: string;
  readonly #lineOf: (offset: number) => number;
  #raw: ScanArg[] | undefined;
  #args: ScanArg[] | undefined;
  #heredocs: ScanHeredoc[] | undefined;
  #properties: ScanProperty[] | undefined;
  #trigger: SourceInstruction | null | undefined;

  constructor(
    text: string,
    esc: string,
    lineOf: (offset: number) => number,
    readonly keyword: string,
    readonly start: number,
    readonly keywordEnd: number,
    readonly end: number,
  ) {
    this.#text = text;
    this.#esc = esc;
    this.#lineOf = lineOf;
    const flags: ScanFlag[] = [];
    const healthcheck = keyword === 'HEALTHCHECK';
    // The words are read now only where flags come from them; elsewhere on first use.
    if (healthcheck || (FLAGS_UNTIL_PLAIN.has(keyword) && mayStartWithFlag(text, keywordEnd, end, esc))) {
      const raw = this.#rawArgs();
      for (const a of raw) {
        const v = a.value;
        if (healthcheck) {
          const up = v.toUpperCase();
          if (up === 'CMD' || up === 'NONE') break;
        } else if (!v.includes('--')) {
          break;
        }
        if (!v.startsWith('--')) continue;
        const index = v.includes('=') ? text.slice(a.start, a.end).indexOf('=') : -1;
        if (index === -1) flags.push({ name: v.slice(2), value: null, start: a.start, end: a.end });
        else if (index === v.length - 1)
          flags.push({ name: v.slice(2, index), value: '', start: a.start, end: a.end });
        else {
          const nameIndex = v.indexOf('=');
          flags.push({
            name: v.slice(2, nameIndex),
            value: v.slice(nameIndex + 1),
            start: a.start,
            end: a.end,
          });
        }
      }
    }
    this.flags = flags;
  }

  #rawArgs(): ScanArg[] {
    this.#raw ??= rawArguments(this.#text, this.keywordEnd, this.end, this.#esc);
    return this.#raw;
  }

  args(): ScanArg[] {
    // dockerfile-ast drops as many leading arguments as it found flags.
    this.#args ??= this.flags.length > 0 ? this.#rawArgs().slice(this.flags.length) : this.#rawArgs();
    return this.#args;
  }

  heredocs(): ScanHeredoc[] {
    if (this.#heredocs === undefined) {
      // On one line and without a `<`, no word can start with `<<` (escapes only drop characters): no heredocs.
      // (Over several lines dockerfile-ast may still fail on an odd continuation: readHeredocs sees to that.)
      const lt =
        this.#lineOf(this.start) !== this.#lineOf(this.end) ||
        hasChar(this.#text, this.keywordEnd, this.end, 60);
      this.#heredocs = lt
        ? readHeredocs(this.#text, this.#esc, this.args(), this.start, this.end, this.#lineOf)
        : [];
    }
    return this.#heredocs;
  }

  properties(): ScanProperty[] {
    this.#properties ??= PROPERTY_KEYWORDS.has(this.keyword)
      ? readProperties(this.#text, this.#esc, this.start, this.keywordEnd, this.end, this.#lineOf)
      : [];
    return this.#properties;
  }

  trigger(): SourceInstruction | null {
    if (this.#trigger === undefined) {
      const first = this.keyword === 'ONBUILD' ? this.#rawArgs()[0] : undefined;
      this.#trigger = first
        ? makeInstruction(
            this.#text,
            this.#esc,
            this.#lineOf,
            this.#text.slice(first.start, first.end),
            first.start,
            first.end,
            this.end,
          )
        : null;
    }
    return this.#trigger;
  }
}

/**
 * Whether the first word after the keyword may be a flag: false only when it is plain text (no escape character,
 * not on a continuation line) without a `-`, so that reading every word to find flags can be skipped.
 */
export function mayStartWithFlag(text: string, from: number, to: number, esc: string): boolean {
  const E = esc.charCodeAt(0);
  let i = from;
  while (i < to && isBlank(text.charCodeAt(i))) i++;
  if (i >= to) return false;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === SP || c === TAB || c === NL) return false;
    if (c === E || c === 45) return true;
  }
  return false;
}

/** dockerfile-ast's words of [from, to): blanks split, escapes apply, continuation lines join. */
export function rawArguments(text: string, from: number, to: number, esc: string): ScanArg[] {
  const E = esc.charCodeAt(0);
  const args: ScanArg[] = [];
  let atLineStart = false; // after a continuation: a `#` here starts a comment line
  let inComment = false;
  let found = -1;
  let blankAfterContinuation = false;
  let continuing = false;
  let marker = -1; // where the current word stopped at a continuation
  let value = '';
  let run = -1; // start of the current run of plain characters, not yet in `value`
  const flush = (at: number) => {
    if (run !== -1) {
      value += text.slice(run, at);
      run = -1;
    }
  };
  const push = (endAt: number) => {
    args.push({ value, start: found, end: endAt });
    value = '';
    found = -1;
  };
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === SP || c === TAB || c === NL) {
      flush(i);
      if (continuing) {
        blankAfterContinuation = c !== NL;
        if (c === NL && inComment) {
          inComment = false;
          atLineStart = true;
        }
        continue;
      }
      if (found !== -1) {
        push(marker === -1 ? i : marker);
        marker = -1;
      }
    } else if (c === E) {
      flush(i);
      const next = i + 1 < to ? text.charCodeAt(i + 1) : -1;
      if (next === SP || next === TAB) {
        let j = i + 2;
        while (j < to && isBlank(text.charCodeAt(j))) j++;
        if (j < to) {
          if (text.charCodeAt(j) === NL) {
            inComment = false;
            continuing = true;
            atLineStart = true;
            if (found !== -1) marker = i;
            i = j;
          } else {
            marker = i;
            if (found === -1) i = j - 1;
          }
        }
      } else if (next === NL) {
        inComment = false;
        continuing = true;
        atLineStart = true;
        if (found !== -1 && marker === -1) marker = i;
        i++;
      } else {
        if (blankAfterContinuation && marker !== -1) push(marker);
        marker = -1;
        blankAfterContinuation = false;
        continuing = false;
        if (next === -1) break;
        value += next === 36 ? `${esc}$` : text[i + 1];
        if (found === -1) found = i;
        i++;
      }
    } else if (!inComment) {
      if (atLineStart && c === 35) {
        inComment = true;
      } else {
        if (blankAfterContinuation && marker !== -1) {
          flush(i);
          push(marker);
        }
        blankAfterContinuation = false;
        continuing = false;
        marker = -1;
        if (run === -1) run = i;
        if (found === -1) found = i;
      }
      atLineStart = false;
    } else {
      flush(i);
    }
  }
  flush(to);
  if (found !== -1) push(marker === -1 ? to : marker);
  return args;
}

/** Heredocs as dockerfile-ast's getHeredocs sees them (after the flags). */
function readHeredocs(
  text: string,
  esc: string,
  args: ScanArg[],
  start: number,
  end: number,
  lineOf: (offset: number) => number,
): ScanHeredoc[] {
  if (args.length === 0) return [];
  if (lineOf(start) === lineOf(end)) return oneLineHeredocs(text, esc, args);
  const E = esc.charCodeAt(0);
  const out: ScanHeredoc[] = [];
  const defs: ScanArg[] = [];
  let processed = false;
  let escaping = false;
  let contentStart = -1;
  let contentEnd = -1;
  let lineStart = -1;
  let current = 0;
  const base = args[0]!.start;
  const def = () => defs[current] ?? fallback(); // dockerfile-ast would throw here
  const delimiterMatches = (arg: ScanArg, name: string, from: number, to: number) => {
    const candidate = text.slice(from, to);
    if (!arg.value.startsWith('<<-')) return candidate === name;
    let k = 0;
    while (candidate.charCodeAt(k) === TAB) k++;
    return candidate.slice(k) === name;
  };
  for (let i = base; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === E) {
      escaping = true;
      let j = i + 1;
      while (j < end && isBlank(text.charCodeAt(j))) j++;
      if (j < end) i = j;
      continue;
    }
    if (c === NL) {
      if (escaping) continue;
      if (processed) {
        if (contentStart === -1) contentStart = i;
        contentEnd = i;
        const arg = def();
        const { name, nameEnd } = heredocNameOf(text, esc, arg);
        if (delimiterMatches(arg, name, lineStart === -1 ? base - 1 : lineStart, i)) {
          out.push({
            name,
            opStart: arg.start,
            opEnd: arg.end,
            nameEnd,
            content: { start: contentStart, end: lineStart === -1 ? base - 2 : lineStart - 1 },
            terminated: true,
          });
          contentStart = -1;
          current++;
        }
        lineStart = -1;
      } else {
        for (const a of args) {
          if (a.start >= i) break;
          if (a.value.startsWith('<<')) defs.push(a);
        }
        processed = true;
        lineStart = -1;
      }
      continue;
    }
    if (isBlank(c) && escaping) continue;
    if (c === 35 && escaping) {
      const nl = text.indexOf('\n', i + 1);
      if (nl !== -1 && nl < end) {
        i = nl;
        continue;
      }
    }
    escaping = false;
    if (processed) {
      if (contentStart === -1) contentStart = i;
      if (lineStart === -1) lineStart = i;
    }
  }
  if (!processed) return oneLineHeredocs(text, esc, args);
  const arg = def();
  const { name, nameEnd } = heredocNameOf(text, esc, arg);
  const from = lineStart === -1 ? base - 1 : lineStart;
  const terminated = delimiterMatches(arg, name, from, end);
  const cs = contentStart === -1 ? base - 1 : contentStart;
  let content: { start: number; end: number } | null = null;
  if (!terminated) content = { start: cs, end };
  else if (contentEnd !== -1) content = { start: cs, end: contentEnd };
  out.push({ name, opStart: arg.start, opEnd: arg.end, nameEnd, content, terminated });
  current++;
  for (; current < defs.length; current++) {
    const a = defs[current]!;
    const h = heredocNameOf(text, esc, a);
    out.push({
      name: h.name,
      opStart: a.start,
      opEnd: a.end,
      nameEnd: h.nameEnd,
      content: null,
      terminated: false,
    });
  }
  return out;
}

function oneLineHeredocs(text: string, esc: string, args: ScanArg[]): ScanHeredoc[] {
  const out: ScanHeredoc[] = [];
  for (const a of args) {
    if (a.value.startsWith('<<') && heredocName(a.value) !== null) {
      const { name, nameEnd } = heredocNameOf(text, esc, a);
      out.push({ name, opStart: a.start, opEnd: a.end, nameEnd, content: null, terminated: false });
    }
  }
  return out;
}

/** The name of a heredoc word and where it ends, for the plain shapes (`<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'`). */
function heredocNameOf(text: string, esc: string, arg: ScanArg): { name: string; nameEnd: number } {
  const raw = text.slice(arg.start, arg.end);
  // Escapes, comments and continuations inside the word: dockerfile-ast's reading is too odd to repeat here.
  if (raw.includes(esc) || raw.includes('\n') || raw.includes('#')) fallback();
  let k = 0;
  let lt = 0;
  while (k < raw.length && raw[k] === '<' && lt < 2) {
    k++;
    lt++;
  }
  if (lt < 2) fallback();
  if (raw[k] === '-') k++;
  while (k < raw.length && (raw[k] === ' ' || raw[k] === '\t')) k++;
  if (k >= raw.length) return { name: '', nameEnd: arg.end };
  const q = raw[k];
  if (q === '"' || q === "'") {
    const close = raw.indexOf(q, k + 1);
    // A name that is all quotes, or quotes that do not close at the end: not a plain shape.
    if (close === -1 || close === k + 1 || close !== raw.length - 1) fallback();
    if (/["'<\- \t]/.test(raw.slice(k + 1, close))) fallback();
    return { name: raw.slice(k + 1, close), nameEnd: arg.start + close };
  }
  const name = raw.slice(k);
  if (/["'<]/.test(name) || name.startsWith('-')) fallback();
  return { name, nameEnd: arg.end };
}

/** ENV, ARG and LABEL key/value pairs as dockerfile-ast reads them. */
function readProperties(
  text: string,
  esc: string,
  start: number,
  keywordEnd: number,
  end: number,
  lineOf: (offset: number) => number,
): ScanProperty[] {
  const args = propertyArguments(text, esc, start, keywordEnd, end, lineOf);
  const prop = (a: ScanArg, b?: ScanArg): ScanProperty => {
    const eq = a.value.indexOf('=');
    let nameEnd = a.end;
    if (eq !== -1) {
      const first = a.value[0];
      const before = a.value[eq - 1];
      if (
        (first === '"' && before === '"') ||
        (first === "'" && before === "'") ||
        (first !== '"' && first !== "'")
      ) {
        nameEnd = a.start + eq;
      }
    }
    // substring, not slice: offsets from dockerfile-ast's odd shapes may be out of order, and it swaps them.
    const name = propertyValue(text.substring(a.start, nameEnd), esc);
    if (b)
      return { name, value: propertyValue(text.substring(b.start, b.end), esc), start: a.start, end: b.end };
    if (nameEnd === a.end) return { name, value: null, start: a.start, end: a.end };
    const valueStart = a.start + a.value.indexOf('=') + 1;
    return { name, value: propertyValue(text.substring(valueStart, a.end), esc), start: a.start, end: a.end };
  };
  if (args.length === 0) return [];
  if (args.length === 1) return [prop(args[0]!)];
  if (args.length === 2) {
    if (!args[0]!.value.includes('=')) return [prop(args[0]!, args[1])];
    return [prop(args[0]!), prop(args[1]!)];
  }
  if (!args[0]!.value.includes('=')) {
    const first = args[1]!;
    const last = args[args.length - 1]!;
    return [
      prop(args[0]!, { value: text.substring(first.start, last.end), start: first.start, end: last.end }),
    ];
  }
  return args.map((a) => prop(a));
}

/** The arguments of a property instruction (quotes keep blanks inside a word). */
function propertyArguments(
  text: string,
  esc: string,
  start: number,
  keywordEnd: number,
  end: number,
  lineOf: (offset: number) => number,
): ScanArg[] {
  const E = esc.charCodeAt(0);
  const full = text.slice(keywordEnd, end);
  const lead = leadingNonBlank(full, esc);
  if (lead === -1) return [];
  const base = keywordEnd + lead;
  let escaped = lineOf(start) !== lineOf(base);
  let endingEscape = false;
  let mark = -1;
  const content = full.slice(lead, trailingNonBlank(full, esc) + 1);
  const len = content.length;
  const args: ScanArg[] = [];
  const arg = (from: number, to: number) => ({
    value: content.substring(from, to),
    start: base + from,
    end: base + to,
  });
  let argStart = escaped ? -1 : 0;
  let spaced = false;
  const spacedArgument = () => {
    if (argStart !== -1) args.push(arg(argStart, mark));
  };
  loop: for (let i = 0; i < len; i++) {
    const c = content.charCodeAt(i);
    if (c === E) {
      if (i + 1 === len) {
        endingEscape = true;
        break;
      }
      if (!escaped) mark = i;
      const next = content.charCodeAt(i + 1);
      if (isBlank(next)) {
        const after = content.charCodeAt(i + 2);
        if (!(isBlank(after) || after === NL)) {
          i = i + 1;
          continue;
        }
        let j = i + 2;
        for (; j < len; j++) {
          const d = content.charCodeAt(j);
          if (d === NL) {
            escaped = true;
            i = j;
            continue loop;
          }
          if (!isBlank(d)) {
            args.push({ value: content.substring(argStart, i), start: base + argStart, end: base + i + 2 });
            argStart = j;
            break;
          }
        }
        i = argStart - 1;
        continue;
      }
      if (next === NL) {
        escaped = true;
        i = i + 1;
        continue;
      }
      if (argStart === -1) argStart = i;
      if (next === E) i = i + 1;
      continue;
    }
    if (c === 39 || c === 34) {
      if (spaced) {
        spacedArgument();
        argStart = i;
        spaced = false;
      }
      if (argStart === -1) argStart = i;
      for (let j = i + 1; j < len; j++) {
        const d = content.charCodeAt(j);
        if (d === c) {
          const after = content[j + 1];
          if (after !== ' ' && after !== undefined) {
            i = j;
            continue loop;
          }
          args.push(arg(argStart, j + 1));
          i = j;
          argStart = -1;
          continue loop;
        }
        if (d === E) j++;
      }
      break;
    }
    if (isBlank(c)) {
      if (escaped) {
        if (argStart !== -1) spaced = true;
      } else if (argStart !== -1) {
        args.push(arg(argStart, i));
        argStart = -1;
      }
      continue;
    }
    if (c === NL) {
      spaced = false;
      continue;
    }
    if (c === 35) {
      if (escaped) {
        const nl = content.indexOf('\n', i + 1);
        if (nl !== -1) {
          i = nl;
          spaced = false;
          continue;
        }
        if (argStart !== -1) {
          args.push(arg(argStart, mark));
          argStart = -1;
        }
        break;
      }
      if (argStart === -1) argStart = i;
      continue;
    }
    if (spaced) {
      spacedArgument();
      argStart = i;
      spaced = false;
    }
    escaped = false;
    if (argStart === -1) argStart = i;
    if (c === 36 && content.charCodeAt(i + 1) === 123) {
      let sq = false;
      let dq = false;
      let esc2 = false;
      for (let j = i + 1; j < len; j++) {
        const d = content.charCodeAt(j);
        if (d === E) esc2 = true;
        else if (d === NL) {
          // nothing
        } else if (d === 39) {
          sq = !sq;
          esc2 = false;
        } else if (d === 34) {
          dq = !dq;
          esc2 = false;
        } else if (isBlank(d)) {
          if (!(esc2 || sq || dq)) {
            i = j - 1;
            continue loop;
          }
        } else if (d === 125) {
          i = j;
          continue loop;
        } else {
          esc2 = false;
        }
      }
      break;
    }
  }
  if (argStart !== -1 && argStart !== len) {
    const to = endingEscape ? len - 1 : len;
    args.push(arg(argStart, to));
  }
  return args;
}

function leadingNonBlank(s: string, esc: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === ' ' || c === '\t') continue;
    if (c === esc) {
      let j = i + 1;
      while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j++;
      if (j < s.length && s[j] === '\n') {
        i = j;
        continue;
      }
      return -1; // an escape before text or the end: dockerfile-ast finds no arguments
    }
    return i;
  }
  return -1;
}

function trailingNonBlank(s: string, esc: string): number {
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s[i];
    if (c === ' ' || c === '\t') continue;
    if (c === '\n') {
      for (let j = i - 1; j >= 0; j--) {
        const d = s[j];
        if (d === ' ' || d === '\t' || d === '\n' || d === esc) continue;
        return j;
      }
      return s.length;
    }
    return i;
  }
  return s.length;
}

/** A property name or value with quotes and escapes resolved as dockerfile-ast resolves them. */
function propertyValue(raw: string, esc: string): string {
  // Only the plain shapes: no escape characters, no line breaks, no leading blanks (dockerfile-ast then reads
  // comments and continuations inside the value).
  if (raw.includes(esc) || raw.includes('\n') || raw[0] === ' ' || raw[0] === '\t') fallback();
  const first = raw[0];
  const last = raw[raw.length - 1];
  if (raw.length >= 2 && ((first === "'" && last === "'") || (first === '"' && last === '"')))
    return raw.slice(1, -1);
  return raw;
}

/** Whether `e` is the scanner asking for dockerfile-ast (from scanDockerfile's lazy parts, too). */
export function isScanFallback(e: unknown): boolean {
  return e === FALLBACK;
}
