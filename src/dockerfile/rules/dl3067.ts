// DL3067: COPY --from=… / /, copying a whole filesystem over the current one.
import { defineRule } from '../rule.js';
import { copyOperands, dropQuotes, flagValue } from '../rule-util.js';

export default defineRule({
  meta: {
    id: 'DL3067',
    severity: 'warning',
    description: 'Do not copy an entire filesystem from another stage',
    help:
      'Copying `/` of another stage onto `/` brings its whole filesystem along: package databases, caches, ' +
      "build tools and files that overwrite this stage's own, which defeats a multi-stage build and makes " +
      'the image hard to audit. Copy only what the final image needs: `COPY --from=build /app/dist /app/`.',
    origin: 'hadolint',
  },
  create(context) {
    return {
      COPY(instr) {
        const from = flagValue(instr, 'from');
        if (from === undefined) return;
        const ops = copyOperands(instr);
        if (!ops || dropQuotes(ops.dest) !== '/' || !ops.sources.some((s) => dropQuotes(s) === '/')) return;
        context.report({
          instr,
          message: `COPY --from=${dropQuotes(from ?? '')} / / copies the stage's whole filesystem: copy only the directories the image needs (e.g. /app/dist)`,
        });
      },
    };
  },
});
