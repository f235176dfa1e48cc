// DL3002: a stage whose last USER is root, so its container (or a stage built on it) runs as root.
import { isRootUser, userOf } from '../instruction-util.js';
import type { Instruction } from '../parse.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3002',
    severity: 'warning',
    description: 'Last USER should not be root',
    help:
      'When the last USER of a stage is root, the container (and every stage built FROM it) runs as root, so ' +
      'a compromised process owns the whole container. Switch back to an unprivileged user after the steps ' +
      'that need root: `USER 10001` or `USER app`.',
    origin: 'hadolint',
  },
  create(context) {
    // The last USER of each stage (a later non-root USER clears it).
    const lastUser = new Map<number, Instruction>();
    return {
      USER(instr) {
        if (instr.stage >= 0) lastUser.set(instr.stage, instr);
      },
      done() {
        for (const instr of lastUser.values()) {
          const user = userOf(instr);
          if (!isRootUser(user)) continue;
          context.report({
            instr,
            message: `the stage ends as USER ${user}, so its container runs as root: add USER with an unprivileged user (e.g. USER 10001) after the steps that need root`,
          });
        }
      },
    };
  },
});
