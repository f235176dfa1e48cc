// DL3035: `zypper dist-upgrade` in a build; it moves the image to another distribution release.

import { cmdHasArgs, commandsOf } from '../rpm-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3035',
    severity: 'warning',
    description: 'Do not use `zypper dist-upgrade` in a build',
    help:
      '`zypper dist-upgrade` (`dup`) can switch the whole system to newer vendor packages and another release, ' +
      'so the image no longer matches its base tag and builds stop being repeatable. Pick a newer base image ' +
      'instead, or update single packages with `zypper -n update pkg`.',
    onbuild: true,
    shell: true,
    commands: ['zypper'],
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        if (!commandsOf(context, instr).some((c) => cmdHasArgs(c, 'zypper', ['dist-upgrade', 'dup']))) return;
        context.report({
          instr,
          message:
            'zypper dist-upgrade changes the distribution under the base image: use a newer base image instead',
        });
      },
    };
  },
});
