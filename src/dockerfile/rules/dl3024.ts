// DL3024: two stages with the same name, so --from and FROM references become ambiguous.
import { stageAlias } from '../instruction-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3024',
    severity: 'error',
    description: 'FROM aliases (stage names) must be unique',
    help:
      'Stage names identify stages for `COPY --from`, `RUN --mount=from=` and `FROM <stage>`; BuildKit rejects ' +
      'a file where two stages share a name (names are case-insensitive). Give each stage its own name, e.g. ' +
      '`AS build-server` and `AS build-client`.',
    origin: 'hadolint',
  },
  create(context) {
    return {
      FROM(instr) {
        const alias = stageAlias(instr);
        const stage = context.file.stages[instr.stage];
        if (!alias || !stage?.name) return;
        const first = context.file.stages.find((s) => s.index < stage.index && s.name === stage.name);
        if (!first) return;
        context.report({
          instr,
          message: `stage name ${alias} is already used on line ${first.from.line}: give this stage a different name`,
        });
      },
    };
  },
});
