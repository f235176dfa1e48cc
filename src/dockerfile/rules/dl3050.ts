// DL3050: with strict-labels, LABEL keys that the label-schema does not list.
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3050',
    severity: 'info',
    description: 'Superfluous label(s) present',
    help:
      'With `strict-labels: true` the `label-schema` is the complete list of labels an image may carry, so that ' +
      'no stray metadata (internal hostnames, personal names, build leftovers) leaks into published images and ' +
      'label consumers see only what they expect. Remove the label, or add it to `label-schema` if it belongs.',
    needs: 'strictLabels',
    origin: 'hadolint',
  },
  create(context) {
    if (!context.config.strictLabels) return {};
    const schema = new Set(Object.keys(context.config.labelSchema));
    return {
      LABEL(instr) {
        const extra = [...new Set(instr.properties.map((p) => p.name).filter((n) => !schema.has(n)))];
        if (extra.length === 0) return;
        const list = extra.map((n) => `'${n}'`).join(', ');
        context.report({
          instr,
          message: `label${extra.length > 1 ? 's' : ''} ${list} not in the label-schema, and strict-labels allows only schema labels: remove ${extra.length > 1 ? 'them' : 'it'} or add ${extra.length > 1 ? 'them' : 'it'} to label-schema`,
        });
      },
    };
  },
});
