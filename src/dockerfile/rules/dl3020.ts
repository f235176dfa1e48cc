// DL3020: ADD of a local file or folder; COPY says what it does.
import { defineRule } from '../rule.js';
import { copyOperands, isArchive, isUrl, replaceKeyword } from '../rule-util.js';

// Flags only ADD understands: with them, ADD cannot become COPY as is.
const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

export default defineRule({
  meta: {
    id: 'DL3020',
    severity: 'error',
    description: 'Use COPY instead of ADD for files and folders',
    help:
      'ADD also downloads URLs and unpacks archives, so a reader cannot tell what an ADD of a local path does, ' +
      'and a file that later becomes an archive gets unpacked by surprise. COPY only copies. ' +
      'Write `COPY src dest`; keep ADD for remote files with `--checksum` or for archives you mean to unpack.',
    fixable: true,
    origin: 'hadolint',
  },
  create(context) {
    return {
      ADD(instr) {
        const ops = copyOperands(instr);
        if (!ops) return;
        const local = ops.sources.filter((s) => !isArchive(s) && !isUrl(s));
        if (local.length === 0) return;
        const fixable =
          local.length === ops.sources.length && !instr.flags.some((f) => ADD_ONLY_FLAGS.has(f.name));
        context.report({
          instr,
          message: `ADD of local ${local.length === 1 ? `'${local[0]}'` : 'files'}: use COPY, which only copies (ADD also fetches URLs and unpacks archives)`,
          ...(fixable
            ? { fix: [replaceKeyword(context.file.text, instr, 'COPY')] }
            : { suggestion: 'split the local sources into a COPY instruction' }),
        });
      },
    };
  },
});
