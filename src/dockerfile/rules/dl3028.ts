// DL3028: `gem install` without a version, so rebuilds install whatever is newest.
import { argsNoFlags, cmdHasArgs, reportUnpinned } from '../packages-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3028',
    severity: 'warning',
    description: 'Pin versions in gem install',
    help:
      'Without a version, `gem install foo` installs the newest release on the day of the build, so rebuilds ' +
      'can differ or break. Write `gem install foo:1.2.3` or `gem install foo -v 1.2.3`, or install from a ' +
      '`Gemfile.lock` with `bundle install`.',
    shell: true,
    commands: ['gem'],
    onbuild: true,
    origin: 'hadolint',
  },
  create(context) {
    return reportUnpinned(
      context,
      (script) => {
        const unpinned: string[] = [];
        for (const cmd of script.commands) {
          if (!cmdHasArgs(cmd, 'gem', ['install', 'i'])) continue;
          if (
            cmd.args.some(
              (a) => a.value === '-v' || a.value === '--version' || a.value.startsWith('--version='),
            )
          ) {
            continue;
          }
          for (const gem of argsNoFlags(cmd)) {
            if (gem === 'install' || gem === 'i' || gem === '--') continue;
            if (!gem.includes(':')) unpinned.push(gem);
          }
        }
        return unpinned;
      },
      (packages) => `gem install without a version (${packages}): pin each gem as \`name:version\` or use -v`,
    );
  },
});
