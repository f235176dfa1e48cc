// DL3043: ONBUILD wrapping ONBUILD, FROM or MAINTAINER, which Docker does not allow.
import { defineRule } from '../rule.js';

const FORBIDDEN = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

export default defineRule({
  meta: {
    id: 'DL3043',
    severity: 'error',
    description: 'ONBUILD, FROM or MAINTAINER triggered from within ONBUILD instruction',
    help:
      'ONBUILD registers an instruction to run in builds that use this image as their base. Docker refuses ' +
      '`ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`, so the child build fails. Put the FROM in ' +
      'the child Dockerfile, use `LABEL maintainer=...` directly, and register triggers only one level deep.',
    origin: 'hadolint',
  },
  create(context) {
    return {
      ONBUILD(instr) {
        const keyword = instr.trigger?.keyword;
        if (!keyword || !FORBIDDEN.has(keyword)) return;
        context.report({
          instr,
          message: `ONBUILD ${keyword} is not allowed and makes every build based on this image fail: remove it${keyword === 'MAINTAINER' ? ' (use LABEL maintainer=... instead)' : ''}`,
        });
      },
    };
  },
});
