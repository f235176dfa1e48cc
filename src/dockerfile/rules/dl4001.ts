// DL4001: both wget and curl used in one stage; one download tool is enough.

import { commandsOf } from '../rpm-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL4001',
    severity: 'warning',
    description: 'Use either wget or curl, not both',
    help:
      'Installing and using two download tools in one stage adds packages and two sets of flags, proxies and ' +
      'TLS settings to keep right. Pick one (curl is in most base images; `curl -fsSLo file URL` does what ' +
      '`wget -O file URL` does) and use it for every download in the stage.',
    onbuild: true,
    shell: true,
    commands: ['curl', 'wget'],
    origin: 'hadolint',
  },
  create(context) {
    // Instructions and ONBUILD triggers keep separate tallies (hadolint checks triggers as a rule of their own).
    let seen = new Set<string>();
    let seenTriggers = new Set<string>();
    return {
      FROM() {
        seen = new Set();
        seenTriggers = new Set();
      },
      RUN(instr) {
        const used = commandsOf(context, instr)
          .map((c) => c.name)
          .filter((n) => n === 'curl' || n === 'wget');
        if (used.length === 0) return;
        const tally = instr.onbuild ? seenTriggers : seen;
        for (const n of used) tally.add(n);
        if (tally.size < 2) return;
        context.report({
          instr,
          message:
            'this stage uses both wget and curl: pick one download tool for every download in the stage',
        });
      },
    };
  },
});
