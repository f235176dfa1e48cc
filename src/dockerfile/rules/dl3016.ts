// DL3016: `npm install <pkg>` without a version, so rebuilds install whatever is newest.
import { argsNoFlags, cmdHasArgs, reportUnpinned } from '../packages-util.js';
import { defineRule } from '../rule.js';

const GIT_PREFIXES = ['git://', 'git+ssh://', 'git+http://', 'git+https://'];
const PATH_PREFIXES = ['/', './', '../', '~/'];
const TARBALL_SUFFIXES = ['.tar', '.tar.gz', '.tgz'];

export default defineRule({
  meta: {
    id: 'DL3016',
    severity: 'warning',
    description: 'Pin versions in npm install',
    help:
      'Without a version, `npm install foo` installs the newest release on the day of the build, so rebuilds can ' +
      'differ or break. Write `npm install foo@1.2.3` (git URLs with `#<commit or tag>`), or install from a ' +
      'lockfile with `npm ci`. A bare `npm install`, tarballs and local folders are fine.',
    shell: true,
    commands: ['npm'],
    onbuild: true,
    origin: 'hadolint',
  },
  create(context) {
    return reportUnpinned(
      context,
      (script) => {
        const unpinned: string[] = [];
        for (const cmd of script.commands) {
          if (!cmdHasArgs(cmd, 'npm', ['install'])) continue;
          const args = argsNoFlags(cmd);
          // Only `npm install …` itself, not `npm run install` and the like.
          if (args[0] !== 'install') continue;
          let i = 0;
          while (args[i] === 'install') i++;
          unpinned.push(...args.slice(i).filter((p) => !versionFixed(p)));
        }
        return unpinned;
      },
      (packages) =>
        `npm install without a version (${packages}): pin each package as \`name@version\` ` +
        'or use `npm ci` with a lockfile',
    );
  },
});

function versionFixed(pkg: string): boolean {
  if (GIT_PREFIXES.some((p) => pkg.startsWith(p))) return pkg.includes('#');
  if (TARBALL_SUFFIXES.some((s) => pkg.endsWith(s))) return true;
  if (PATH_PREFIXES.some((p) => pkg.startsWith(p))) return true;
  return dropScope(pkg).includes('@');
}

/** `@scope/name@1` -> `/name@1`: hadolint drops leading characters above `/` in ASCII (the scope). */
function dropScope(pkg: string): string {
  if (!pkg.startsWith('@')) return pkg;
  let i = 0;
  while (i < pkg.length && pkg[i]! > '/') i++;
  return pkg.slice(i);
}
