// DL3019: `apk add` without `--no-cache`, which leaves the package index in the layer.
import { cmdHasArgs, hasAnyFlag, hasCacheOrTmpfsMount, reportMissingFlag } from '../packages-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3019',
    severity: 'info',
    description: 'Use the --no-cache switch with apk add',
    help:
      '`apk add` stores the package index under /var/cache/apk, and that copy stays in the image layer even if a ' +
      'later RUN deletes it. `apk add --no-cache …` fetches a fresh index and keeps nothing, so neither ' +
      '`apk update`/`--update` nor `rm -rf /var/cache/apk/*` is needed. A BuildKit cache or tmpfs mount on ' +
      '/var/cache/apk is fine too.',
    shell: true,
    commands: ['apk'],
    onbuild: true,
    fixable: true,
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        const script = context.shell(instr);
        if (!script || hasCacheOrTmpfsMount(instr, '/var/cache/apk')) return;
        reportMissingFlag(
          context,
          instr,
          script,
          (c) => cmdHasArgs(c, 'apk', ['add']) && !hasAnyFlag(c, ['no-cache']),
          {
            after: 'add',
            flag: '--no-cache',
            message:
              'apk add keeps its package index in the layer: write `apk add --no-cache` (no update or rm needed)',
          },
        );
      },
    };
  },
});
