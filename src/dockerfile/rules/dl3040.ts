// DL3040: dnf/microdnf install or upgrade without `dnf clean all` afterwards leaves dnf's cache in the layer.

import { cleanedAfterInstall, cmdHasArgs, commandsOf, hasCacheMount, removesCache } from '../rpm-util.js';
import { defineRule } from '../rule.js';
import type { Command } from '../shell.js';

const INSTALLS = [
  'install',
  'in',
  'localinstall',
  'groupinstall',
  'reinstall',
  'upgrade',
  'up',
  'update',
  'upgrade-minimal',
  'distro-sync',
];
const CACHES = ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5'];

export default defineRule({
  meta: {
    id: 'DL3040',
    severity: 'warning',
    description: '`dnf clean all` missing after `dnf install`',
    help:
      'dnf keeps downloaded packages and repository metadata in /var/cache. Unless the same RUN removes them ' +
      'after the last install, they stay in the image layer for good. End the RUN with `&& dnf clean all` ' +
      '(`microdnf clean all`), or keep the cache out of the layer with ' +
      '`RUN --mount=type=cache,target=/var/cache/libdnf5`.',
    onbuild: true,
    shell: true,
    commands: ['dnf', 'microdnf'],
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        if (hasCacheMount(instr, '/var/cache/libdnf5') || hasCacheMount(instr, '.cache/libdnf5')) return;
        const commands = commandsOf(context, instr);
        const missing = ['dnf', 'microdnf'].find(
          (name) =>
            !cleanedAfterInstall(
              commands,
              (c: Command) => cmdHasArgs(c, name, INSTALLS),
              (c: Command) => cmdHasArgs(c, name, ['clean', 'all']) || removesCache(c, CACHES),
              true,
            ),
        );
        if (!missing) return;
        context.report({
          instr,
          message: `${missing} leaves its cache in this layer: end the same RUN with \`&& ${missing} clean all\` (after the last install)`,
        });
      },
    };
  },
});
