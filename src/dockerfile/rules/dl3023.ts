// DL3023: COPY --from naming the stage it is in, which cannot work.
import { defineRule } from '../rule.js';
import { dropQuotes, flagValue } from '../rule-util.js';

export default defineRule({
  meta: {
    id: 'DL3023',
    severity: 'error',
    description: 'COPY --from cannot reference its own FROM alias',
    help:
      'A stage cannot copy from itself: the stage is still being built, so Docker fails (or, without the ' +
      'alias, pulls an image of that name). Copy from an earlier stage, or refer to the file by its path in ' +
      'the current stage with a plain `RUN cp`.',
    origin: 'hadolint',
  },
  create(context) {
    return {
      COPY(instr) {
        const raw = flagValue(instr, 'from');
        const stage = context.file.stages[instr.stage];
        if (raw === undefined || raw === null || !stage?.name) return;
        const from = dropQuotes(raw);
        if (from.toLowerCase() !== stage.name) return;
        context.report({
          instr,
          message: `--from=${from} is the stage this COPY is in: copy from an earlier stage, or use RUN cp within this stage`,
        });
      },
    };
  },
});
