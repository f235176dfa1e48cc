// Inline pragmas: `# hadolint ignore=`, `global ignore=`, `stage ignore=`, `shell=`, and the same with `# shipshape`.

export interface IgnorePragma {
  /** 1-based line of the comment. */
  line: number;
  codes: string[];
  tool: 'hadolint' | 'shipshape';
}

export interface Pragmas {
  /** Next-instruction ignores, keyed by the line the instruction must start on (comment line + 1). */
  next: Map<number, IgnorePragma>;
  global: IgnorePragma[];
  stage: IgnorePragma[];
  /** `shell=` pragmas in file order. */
  shells: { line: number; shell: string }[];
  /** A shell pragma before the first instruction applies to every stage. */
  defaultShell: string | null;
}

// hadolint accepts only these characters in rule names; one bad entry voids the whole pragma.
const HADOLINT_CODE = /^[DLSC0-9]+$/;
// Our slugs: lower-case words with dashes, and hadolint's codes.
const SHIPSHAPE_CODE = /^(?:[DLSC0-9]+|[a-z][a-z0-9]*(?:-[a-z0-9]+)*)$/;

const PRAGMA = /^[ \t]*(hadolint|shipshape)[ \t]+(?:(global|stage)[ \t]+)?ignore[ \t]*=([^#]*)(?:#.*)?$/;
const SHELL_PRAGMA = /^[ \t]*hadolint[ \t]+shell[ \t]*=[ \t]*(\S+)(?:[ \t]+#.*|[ \t]*)$/;

/** Reads pragmas from comment lines (`text` is what follows the `#`). */
export function parsePragmas(comments: { line: number; text: string }[], firstInstructionLine = 0): Pragmas {
  const pragmas: Pragmas = { next: new Map(), global: [], stage: [], shells: [], defaultShell: null };
  for (const c of comments) {
    const shell = SHELL_PRAGMA.exec(c.text);
    if (shell) {
      pragmas.shells.push({ line: c.line, shell: shell[1]! });
      continue;
    }
    const m = PRAGMA.exec(c.text);
    if (!m) continue;
    const tool = m[1] as 'hadolint' | 'shipshape';
    const codes = m[3]!.split(',').map((s) => s.trim());
    const valid = tool === 'hadolint' ? HADOLINT_CODE : SHIPSHAPE_CODE;
    if (codes.length === 0 || !codes.every((code) => valid.test(code))) continue;
    const pragma: IgnorePragma = { line: c.line, codes, tool };
    if (m[2] === 'global') pragmas.global.push(pragma);
    else if (m[2] === 'stage') pragmas.stage.push(pragma);
    else {
      const existing = pragmas.next.get(c.line + 1);
      if (existing) existing.codes.push(...codes);
      else pragmas.next.set(c.line + 1, pragma);
    }
  }
  const first = pragmas.shells[0];
  if (first && (firstInstructionLine === 0 || first.line < firstInstructionLine))
    pragmas.defaultShell = first.shell;
  return pragmas;
}
