// DL4000: MAINTAINER, deprecated since Docker 1.13; a LABEL carries the same information.
import { defineRule } from '../rule.js';
import { caseLike } from '../rule-util.js';

export default defineRule({
  meta: {
    id: 'DL4000',
    severity: 'error',
    description: 'MAINTAINER is deprecated',
    help:
      'MAINTAINER has been deprecated since Docker 1.13 and only sets the legacy Author field, which most tools ' +
      'no longer show. Write a label instead: `LABEL maintainer="Jane Doe <jane@example.com>"` (or the OCI ' +
      'label `org.opencontainers.image.authors`).',
    fixable: true,
    origin: 'hadolint',
  },
  create(context) {
    return {
      MAINTAINER(instr) {
        const text = context.file.text;
        const who = instr.args.trim();
        const kw = text.slice(instr.keywordEnd - instr.keyword.length, instr.keywordEnd);
        const message =
          'MAINTAINER is deprecated and only sets the legacy Author field: write LABEL maintainer="..."';
        const comments = /\n[ \t]*#/.test(text.slice(instr.start, instr.end));
        if (who === '' || comments) {
          context.report({ instr, message, suggestion: `LABEL maintainer="${who}"` });
          return;
        }
        // LABEL expands variables and unquotes; MAINTAINER takes its text as is, so escape what LABEL would read.
        const esc = context.file.escape;
        const value = who.replace(/["$]|\\|`/g, (c) =>
          c === esc || c === '"' || c === '$' ? `${esc}${c}` : c,
        );
        context.report({
          instr,
          message,
          fix: [
            { start: instr.start, end: instr.end, text: `${caseLike(kw, 'LABEL')} maintainer="${value}"` },
          ],
        });
      },
    };
  },
});
