// DL3011: EXPOSE of a port number that cannot exist (above 65535).
import { portOutOfRange } from '../instruction-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3011',
    severity: 'error',
    description: 'Valid UNIX ports range from 0 to 65535',
    help:
      'TCP and UDP ports are 16-bit numbers, so a port above 65535 cannot be published and is usually a typo ' +
      '(an extra digit, or a range written the wrong way round). Write a port between 0 and 65535, e.g. ' +
      '`EXPOSE 8080` or `EXPOSE 40000-40100/udp`.',
    origin: 'hadolint',
  },
  create(context) {
    return {
      EXPOSE(instr) {
        const bad = instr.words.filter(portOutOfRange);
        if (bad.length === 0) return;
        context.report({
          instr,
          message: `EXPOSE ${bad.join(' ')}: ports go from 0 to 65535, so this cannot be published; check the number for a typo`,
        });
      },
    };
  },
});
