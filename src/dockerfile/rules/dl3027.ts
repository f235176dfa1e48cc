// DL3027: `apt` in RUN; its command line is made for people and may change, apt-get/apt-cache are for scripts.
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3027',
    severity: 'warning',
    description: 'Use apt-get or apt-cache instead of apt',
    help:
      '`apt` is an interactive front end: it prints progress bars, warns that its interface is not stable for ' +
      'scripts, and its behaviour can change between releases. In a Dockerfile write `apt-get update`, ' +
      '`apt-get install -y …` or `apt-cache search …` instead.',
    shell: true,
    commands: ['apt'],
    onbuild: true,
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        const script = context.shell(instr);
        if (!script?.commands.some((c) => c.name === 'apt')) return;
        context.report({
          instr,
          message:
            'apt is meant for interactive use and its interface is not stable: use apt-get or apt-cache',
        });
      },
    };
  },
});
