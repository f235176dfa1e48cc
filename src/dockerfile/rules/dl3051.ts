// DL3051: a label of the label-schema set to an empty value.
import { labelValues, schemaLabels } from '../label-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3051',
    severity: 'warning',
    description: 'Label is empty',
    help:
      'A label listed in `label-schema` is required metadata; an empty value satisfies the letter of the schema ' +
      'but tells label consumers nothing (and often means a build argument was not passed). Give it a real value, ' +
      'e.g. `LABEL org.opencontainers.image.source="https://github.com/acme/app"`, or pass the build argument.',
    needs: 'labelSchema',
    origin: 'hadolint',
  },
  create(context) {
    const labels = schemaLabels(context.config);
    if (labels.length === 0) return {};
    return {
      LABEL(instr) {
        for (const label of labels) {
          if (!labelValues(instr, label).some((v) => v === '')) continue;
          context.report({
            instr,
            message: `label '${label}' is required by the label-schema but empty: set it to a meaningful value`,
          });
        }
      },
    };
  },
});
