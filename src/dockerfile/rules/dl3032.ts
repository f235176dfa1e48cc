// DL3032: `yum install` without `yum clean all` in the same RUN leaves yum's cache in the layer.

import { cleanedAfterInstall, cmdHasArgs, commandsOf, removesCache } from '../rpm-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3032',
    severity: 'warning',
    description: '`yum clean all` missing after `yum install`',
    help:
      'yum keeps downloaded packages and repository metadata in /var/cache/yum. Unless the same RUN removes ' +
      'them, they stay in the image layer for good (a later RUN cannot shrink it). End the RUN with ' +
      '`&& yum clean all` (or `rm -rf /var/cache/yum/*`).',
    onbuild: true,
    shell: true,
    commands: ['yum'],
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        const ok = cleanedAfterInstall(
          commandsOf(context, instr),
          (c) => cmdHasArgs(c, 'yum', ['install']),
          (c) => cmdHasArgs(c, 'yum', ['clean', 'all']) || removesCache(c, ['/var/cache/yum']),
        );
        if (ok) return;
        context.report({
          instr,
          message:
            'yum install leaves its cache in this layer: add `&& yum clean all` at the end of the same RUN',
        });
      },
    };
  },
});
