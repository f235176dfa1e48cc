// DL3065: FROM --platform=$TARGETPLATFORM, which only restates the default.
import { defineRule } from '../rule.js';
import { dropQuotes } from '../rule-util.js';

export default defineRule({
  meta: {
    id: 'DL3065',
    severity: 'warning',
    description: 'FROM --platform=$TARGETPLATFORM is redundant: it is the default',
    help:
      'Every stage is built for the target platform unless told otherwise, so `--platform=$TARGETPLATFORM` ' +
      'changes nothing and makes readers look for a reason. Remove the flag; keep `--platform=$BUILDPLATFORM` ' +
      'for stages that should run natively on the build machine.',
    fixable: true,
    origin: 'hadolint',
  },
  create(context) {
    return {
      FROM(instr) {
        const flag = instr.flags.find((f) => f.name === 'platform');
        if (!flag) return;
        const platform = dropQuotes(flag.value ?? '');
        if (platform !== '$TARGETPLATFORM' && platform !== '${TARGETPLATFORM}') return;
        // Remove the flag and the blanks after it.
        let end = flag.end;
        const text = context.file.text;
        while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
        context.report({
          instr,
          message: '--platform=$TARGETPLATFORM is what every stage uses by default: remove the flag',
          fix: [{ start: flag.start, end, text: '' }],
        });
      },
    };
  },
});
