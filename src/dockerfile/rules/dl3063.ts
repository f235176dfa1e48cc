// DL3063: a stage named `scratch` or `context`, names BuildKit gives a special meaning.
import { stageAlias } from '../instruction-util.js';
import { defineRule } from '../rule.js';

const RESERVED = new Set(['scratch', 'context']);

export default defineRule({
  meta: {
    id: 'DL3063',
    severity: 'warning',
    description: 'Stage name should not be a reserved word',
    help:
      '`scratch` already means the empty image and `context` the build context, so a stage with one of those ' +
      'names is either rejected or shadowed, and `FROM scratch` or `COPY --from=context` no longer mean what ' +
      'readers expect. Pick a descriptive name instead: `AS build`, `AS assets`.',
    origin: 'hadolint',
  },
  create(context) {
    return {
      FROM(instr) {
        const alias = stageAlias(instr);
        if (!alias || !RESERVED.has(alias.toLowerCase())) return;
        context.report({
          instr,
          message: `stage name ${alias} is reserved (${alias.toLowerCase() === 'scratch' ? 'the empty image' : 'the build context'}): give the stage a descriptive name such as AS build`,
        });
      },
    };
  },
});
