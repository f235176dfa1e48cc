// DL3048: LABEL keys that break Docker's key format recommendations.
import { labelKeyProblem } from '../label-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3048',
    severity: 'style',
    description: 'Invalid label key',
    help:
      'Tools that read image labels expect keys in reverse-DNS form (`org.opencontainers.image.source`): lowercase ' +
      'letters and digits separated by `.`, `-`, `_` or `/`, starting with a letter and ending with a letter or ' +
      'digit, without `..` or `--`. The `com.docker.*`, `io.docker.*` and `org.dockerproject.*` namespaces belong ' +
      'to Docker. Rename the key, e.g. `LABEL com.example.build-id=42` instead of `LABEL Build_ID=42`.',
    origin: 'hadolint',
  },
  create(context) {
    return {
      LABEL(instr) {
        for (const p of instr.properties) {
          const problem = labelKeyProblem(p.name);
          if (!problem) continue;
          context.report({
            instr,
            message: `label key '${p.name}' ${problem}; use a lowercase reverse-DNS key such as 'com.example.${suggestKey(p.name)}'`,
          });
          // hadolint reports a LABEL once, however many keys are invalid.
          return;
        }
      },
    };
  },
});

/** A readable stand-in for the key in the message: lower-cased, separators normalised. */
function suggestKey(key: string): string {
  const cleaned = key
    .toLowerCase()
    .replace(/^(?:com\.docker|io\.docker|org\.dockerproject)\./, '')
    .replace(/[^a-z0-9._/-]+/g, '-')
    .replace(/([.-])[.-]+/g, '$1')
    .replace(/^[^a-z]+|(?<![^a-z0-9])[^a-z0-9]+$/g, '');
  return cleaned || 'name';
}
