// DL3046: useradd with a long UID and no -l; the lastlog/faillog files grow to gigabytes.

import { commandsOf, flagValues, hasAnyFlag } from '../rpm-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3046',
    severity: 'warning',
    description: '`useradd` with a high UID needs `-l` (`--no-log-init`)',
    help:
      'useradd records every user in /var/log/lastlog and /var/log/faillog, sparse files indexed by UID. With a ' +
      'large UID the file is huge, and image layers do not keep files sparse, so the image grows by gigabytes. ' +
      'Add `-l` (`--no-log-init`): `useradd -l -u 100000 app`.',
    onbuild: true,
    shell: true,
    commands: ['useradd'],
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        const bad = commandsOf(context, instr).some(
          (c) =>
            c.name === 'useradd' &&
            !hasAnyFlag(c, ['l', 'no-log-init']) &&
            hasAnyFlag(c, ['u', 'uid']) &&
            flagValues(c, 'u').some((v) => v.length > 5),
        );
        if (!bad) return;
        context.report({
          instr,
          message:
            'useradd with a long UID and no -l writes huge lastlog/faillog files into the layer: add -l (--no-log-init)',
        });
      },
    };
  },
});
