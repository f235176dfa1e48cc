// DL3037: `zypper install` of a package without a version; builds then install whatever is newest.

import { cmdHasArgs, commandsOf, wordsNoFlags } from '../rpm-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3037',
    severity: 'warning',
    description: 'Pin versions in `zypper install`',
    help:
      'Without a version, each build installs whatever the repository has that day, so two builds of the same ' +
      'Dockerfile differ and a broken update slips in unnoticed. Write `zypper -n install pkg=1.2.3` (or a ' +
      'range such as `pkg>=1.2`); local `.rpm` files are fine.',
    onbuild: true,
    shell: true,
    commands: ['zypper'],
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        const unpinned = commandsOf(context, instr)
          .filter((c) => cmdHasArgs(c, 'zypper', ['install', 'in']))
          .flatMap((c) => wordsNoFlags(c).filter((w) => w !== 'install' && w !== 'in'))
          .filter((p) => !/[=<>]/.test(p) && !p.endsWith('.rpm'));
        if (unpinned.length === 0) return;
        context.report({
          instr,
          message: `zypper install of ${unpinned.map((p) => `'${p}'`).join(', ')} without a version: write pkg=<version>`,
        });
      },
    };
  },
});
