// DL3021: COPY of several sources to a destination without a trailing slash, which Docker rejects.
import { argsOffset, type Instruction } from '../parse.js';
import { defineRule, type Edit } from '../rule.js';
import { copyOperands, dropQuotes } from '../rule-util.js';

export default defineRule({
  meta: {
    id: 'DL3021',
    severity: 'error',
    description: 'COPY with more than 2 arguments requires the last argument to end with /',
    help:
      'With several sources, COPY needs a directory as destination, and Docker only treats it as one when it ' +
      'ends in `/`; otherwise the build fails. Add the slash: `COPY package.json package-lock.json /app/`.',
    fixable: true,
    origin: 'hadolint',
  },
  create(context) {
    return {
      COPY(instr) {
        const ops = copyOperands(instr);
        if (!ops || ops.sources.length < 2) return;
        const dest = dropQuotes(ops.dest);
        if (dest.endsWith('/')) return;
        context.report({
          instr,
          message: `COPY of ${ops.sources.length} sources needs a directory destination: write ${dest}/ (with the trailing slash)`,
          ...slashFix(instr),
        });
      },
    };
  },
});

/** Inserts `/` at the end of the destination (inside its quotes): Docker fails without it, so nothing else changes. */
function slashFix(instr: Instruction): { fix: Edit[] } | { suggestion: string } {
  const suggestion = { suggestion: 'end the destination with / so Docker treats it as a directory' };
  if (instr.heredocs.length > 0 || dropQuotes(instr.args.trim()) === '') return suggestion;
  const args = instr.args.trimEnd();
  let at = args.length;
  if (instr.json) {
    // `[..., "dest"]`: before the closing quote of the last string.
    const m = /"\s*\]$/.exec(args);
    if (!m) return suggestion;
    at = m.index;
  } else {
    while (at > 0 && (args[at - 1] === '"' || args[at - 1] === "'")) at--;
  }
  if (at <= 0 || /\s/.test(args[at - 1]!)) return suggestion;
  const offset = argsOffset(instr, at - 1) + 1;
  return { fix: [{ start: offset, end: offset, text: '/' }] };
}
