// DL1001: inline `# hadolint ignore=` pragmas, for teams that want every exception in the config file instead.
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL1001',
    severity: 'ignore',
    enabledSeverity: 'info',
    description: 'Inline ignore pragma used',
    help:
      'An inline `# hadolint ignore=...` comment silences a rule for one instruction, where reviewers easily miss ' +
      'it and nobody records why. Teams that enable this rule keep every exception in `.hadolint.yaml` ' +
      '(`ignored:` or `override:`) instead: remove the comment and list the rule there, or fix the finding.',
    origin: 'hadolint',
  },
  create(context) {
    return {
      done() {
        const { instructions, pragmas } = context.file;
        for (const pragma of pragmas.next.values()) {
          // The finding sits on the comment line; any instruction serves as its anchor.
          const instr =
            instructions.find((i) => i.line > pragma.line) ?? instructions[instructions.length - 1];
          if (!instr) continue;
          context.report({
            instr,
            line: pragma.line,
            message: `inline ignore of ${pragma.codes.join(', ')}: move the exception to the config file (ignored: or override:) so it is reviewed in one place`,
          });
        }
      },
    };
  },
});
