// DL3000: relative WORKDIR, which depends on whatever directory the base image or an earlier WORKDIR left behind.
import { defineRule } from '../rule.js';
import { dropQuotes } from '../rule-util.js';

export default defineRule({
  meta: {
    id: 'DL3000',
    severity: 'error',
    description: 'Use absolute WORKDIR',
    help:
      'A relative WORKDIR is resolved against the current working directory, which the base image may change ' +
      'at any time, so the files end up somewhere else after an upgrade. Write the full path, e.g. ' +
      '`WORKDIR /app`, or start it with a variable that holds an absolute path (`WORKDIR $HOME/app`).',
    origin: 'hadolint',
  },
  create(context) {
    return {
      WORKDIR(instr) {
        const dir = instr.args.trim();
        const path = dropQuotes(dir);
        // hadolint accepts `/…`, a variable, and a Windows drive (`C:…`).
        if (dir === '' || path.startsWith('/') || path.startsWith('$') || /^[A-Za-z]:/.test(path)) return;
        context.report({
          instr,
          message: `WORKDIR ${dir} is relative to the base image's directory: write an absolute path such as /${path}`,
        });
      },
    };
  },
});
