// DL3036: `zypper install` without `zypper clean` in the same RUN leaves zypper's cache in the layer.

import { cleanedAfterInstall, cmdHasArgs, commandsOf, hasCacheMount } from '../rpm-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3036',
    severity: 'warning',
    description: '`zypper clean` missing after `zypper install`',
    help:
      'zypper keeps downloaded packages and metadata in /var/cache/zypp. Unless the same RUN removes them, they ' +
      'stay in the image layer for good. End the RUN with `&& zypper clean` (`zypper cc`), or keep the cache out ' +
      'of the layer with `RUN --mount=type=cache,target=/var/cache/zypp`.',
    onbuild: true,
    shell: true,
    commands: ['zypper'],
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        if (hasCacheMount(instr, '/var/cache/zypp')) return;
        const ok = cleanedAfterInstall(
          commandsOf(context, instr),
          (c) => cmdHasArgs(c, 'zypper', ['install', 'in']),
          (c) => cmdHasArgs(c, 'zypper', ['clean', 'cc']),
        );
        if (ok) return;
        context.report({
          instr,
          message:
            'zypper install leaves its cache in this layer: add `&& zypper clean` at the end of the same RUN',
        });
      },
    };
  },
});
