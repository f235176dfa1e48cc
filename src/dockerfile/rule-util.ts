// Small helpers shared by rules: COPY/ADD operands, archives and URLs, image references, keyword edits.
import type { Instruction } from './parse.js';
import type { Edit } from './rule.js';

/** File endings ADD unpacks (hadolint's list). */
export const ARCHIVE_EXTENSIONS = [
  '.tar',
  '.Z',
  '.bz2',
  '.gz',
  '.lz',
  '.lzma',
  '.tZ',
  '.tb2',
  '.tbz',
  '.tbz2',
  '.tgz',
  '.tlz',
  '.tpz',
  '.txz',
  '.xz',
];

export function dropQuotes(s: string): string {
  // Only a quote at either end changes anything (most words have none).
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  if (first !== 34 && first !== 39 && last !== 34 && last !== 39) return s;
  return s.replace(/^["']+|(?<!["'])["']+$/g, '');
}

export function isArchive(path: string): boolean {
  const p = dropQuotes(path);
  return ARCHIVE_EXTENSIONS.some((ext) => p.endsWith(ext));
}

export function isUrl(path: string): boolean {
  const p = dropQuotes(path);
  return p.startsWith('http://') || p.startsWith('https://');
}

/** Sources and destination of COPY/ADD (exec or shell form; heredoc sources are `<<NAME`). */
export function copyOperands(instr: Instruction): { sources: string[]; dest: string } | null {
  const words = instr.json ?? instr.words;
  if (words.length < 2) return null;
  return { sources: words.slice(0, -1), dest: words[words.length - 1]! };
}

export function flagValue(instr: Instruction, name: string): string | null | undefined {
  const f = instr.flags.find((x) => x.name === name);
  return f === undefined ? undefined : f.value;
}

/** Replaces the instruction's keyword, keeping its letter case (`add` -> `copy`). */
export function replaceKeyword(text: string, instr: Instruction, keyword: string): Edit {
  const start = instr.keywordEnd - instr.keyword.length;
  return { start, end: instr.keywordEnd, text: caseLike(text.slice(start, instr.keywordEnd), keyword) };
}

/** Matches the letter case of `like` (all lower, all upper) for a new keyword. */
export function caseLike(like: string, keyword: string): string {
  return like === like.toLowerCase() ? keyword.toLowerCase() : keyword.toUpperCase();
}

export interface ImageRef {
  registry: string | null;
  /** Repository path without registry. */
  name: string;
  tag: string | null;
  digest: string | null;
}

/** Splits an image reference: `[registry/]name[:tag][@digest]`. */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | null = null;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon !== -1) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { registry, name: rest, tag, digest };
}
