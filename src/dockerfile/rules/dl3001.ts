// DL3001: RUN calls a program that makes no sense while building an image (ssh, vim, service, ps, ...).

import { commandsOf } from '../rpm-util.js';
import { defineRule } from '../rule.js';

const POINTLESS = new Set(['free', 'kill', 'mount', 'ps', 'service', 'shutdown', 'ssh', 'top', 'vim']);

export default defineRule({
  meta: {
    id: 'DL3001',
    severity: 'info',
    description: 'Command makes no sense in an image build',
    help:
      'A build step has no services running, no terminal and no user: `service`, `shutdown`, `kill`, `ps`, ' +
      '`top`, `free`, `mount`, `ssh` and `vim` either do nothing useful there or fail. Start services from ' +
      'CMD/ENTRYPOINT, edit files with COPY or sed, and fetch remote files with a build secret or ADD.',
    onbuild: true,
    shell: true,
    commands: [...POINTLESS],
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        const found = [...new Set(commandsOf(context, instr).map((c) => c.name))].filter((n) =>
          POINTLESS.has(n),
        );
        if (found.length === 0) return;
        context.report({
          instr,
          message: `${found.join(', ')} in RUN does nothing useful in an image build (no services, terminal or user): remove it or move it to CMD/ENTRYPOINT`,
        });
      },
    };
  },
});
