// DL3004: sudo in RUN; builds already run as the USER in effect, and sudo in an image is an escalation path.

import { commandsOf } from '../rpm-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3004',
    severity: 'error',
    description: 'Do not use sudo',
    help:
      'RUN already runs as the USER in effect, so sudo only adds a TTY- and PAM-dependent layer that behaves ' +
      'differently between base images, and it keeps a privilege escalation tool in the image. Switch with ' +
      '`USER root` for the steps that need it and back to the app user after; at runtime use gosu or su-exec.',
    onbuild: true,
    shell: true,
    commands: ['sudo'],
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        if (!commandsOf(context, instr).some((c) => c.name === 'sudo')) return;
        context.report({
          instr,
          message: 'sudo in RUN behaves unpredictably in builds: use `USER root` for this step instead',
        });
      },
    };
  },
});
