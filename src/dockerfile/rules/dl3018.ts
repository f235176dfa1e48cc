// DL3018: `apk add` of a package without a version constraint, so rebuilds install whatever is newest.
import { argsNoFlags, cmdHasArgs, reportUnpinned } from '../packages-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3018',
    severity: 'warning',
    description: 'Pin versions in apk add',
    help:
      'Without a version, `apk add foo` installs whatever the repository has on the day of the build, so two ' +
      'builds can differ. Write `apk add foo=1.2.3-r0` (or a constraint such as `foo~1.2`); local `.apk` files ' +
      'are fine. Pin the base image too, since Alpine repositories only keep the current versions of a branch.',
    shell: true,
    commands: ['apk'],
    onbuild: true,
    origin: 'hadolint',
  },
  create(context) {
    return reportUnpinned(
      context,
      (script) => {
        const unpinned: string[] = [];
        for (const cmd of script.commands) {
          if (!cmdHasArgs(cmd, 'apk', ['add'])) continue;
          for (const pkg of argsNoFlags(cmd, ['t', 'virtual', 'repository', 'X'])) {
            if (pkg === 'add') continue;
            if (!(/[=~<>]/.test(pkg) || pkg.endsWith('.apk'))) unpinned.push(pkg);
          }
        }
        return unpinned;
      },
      (packages) =>
        `apk add without a version (${packages}): rebuilds get whatever is newest; ` +
        'pin each package as `name=version`',
    );
  },
});
