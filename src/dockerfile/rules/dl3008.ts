// DL3008: `apt-get install` of a package without `=version`, which makes rebuilds install whatever is newest.
import { argsNoFlags, cmdHasArgs, reportUnpinned } from '../packages-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3008',
    severity: 'warning',
    description: 'Pin versions in apt-get install',
    help:
      'Without a version, `apt-get install foo` installs whatever the mirror has on the day of the build, so two ' +
      'builds of the same Dockerfile can differ and a rebuild can break or pull in an untested release. Write ' +
      '`apt-get install foo=1.2.3-1` (find the version with `apt-cache policy foo`); local `.deb` files and paths ' +
      'are fine as they are.',
    shell: true,
    commands: ['apt-get'],
    onbuild: true,
    origin: 'hadolint',
  },
  create(context) {
    return reportUnpinned(
      context,
      (script) => {
        const unpinned: string[] = [];
        for (const cmd of script.commands) {
          if (!cmdHasArgs(cmd, 'apt-get', ['install'])) continue;
          for (const pkg of argsNoFlags(cmd, ['t', 'target-release'])) {
            if (pkg === 'install') continue;
            if (!(pkg.includes('=') || pkg.includes('/') || pkg.endsWith('.deb'))) unpinned.push(pkg);
          }
        }
        return unpinned;
      },
      (packages) =>
        `apt-get install without a version (${packages}): rebuilds get whatever is newest; ` +
        'pin each package as `name=version`',
    );
  },
});
