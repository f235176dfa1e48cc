// DL3013: `pip install` of a package without a version specifier, so rebuilds install whatever is newest.
import { argsNoFlags, argValues, hasAnyFlag, isPipInstall, reportUnpinned } from '../packages-util.js';
import { defineRule } from '../rule.js';
import type { Command } from '../shell.js';

// Options whose next argument is their value, not a package (hadolint's list).
const VALUE_FLAGS = [
  'abi',
  'b',
  'build',
  'e',
  'editable',
  'extra-index-url',
  'f',
  'find-links',
  'i',
  'index-url',
  'implementation',
  'no-binary',
  'only-binary',
  'platform',
  'prefix',
  'progress-bar',
  'proxy',
  'python-version',
  'root',
  'src',
  't',
  'target',
  'trusted-host',
  'upgrade-strategy',
];

const VCS_SCHEMES = [
  'git+file',
  'git+https',
  'git+ssh',
  'git+http',
  'git+git',
  'git',
  'hg+file',
  'hg+http',
  'hg+https',
  'hg+ssh',
  'hg+static-http',
  'svn',
  'svn+svn',
  'svn+http',
  'svn+https',
  'svn+ssh',
  'bzr+http',
  'bzr+https',
  'bzr+ssh',
  'bzr+sftp',
  'bzr+ftp',
  'bzr+lp',
];

const VERSION_SYMBOLS = ['==', '>=', '<=', '>', '<', '!=', '~=', '==='];

export default defineRule({
  meta: {
    id: 'DL3013',
    severity: 'warning',
    description: 'Pin versions in pip install',
    help:
      'Without a version, `pip install foo` installs the newest release on the day of the build, so rebuilding ' +
      'the same Dockerfile can bring a breaking or compromised release. Write `pip install foo==1.2.3`, or keep ' +
      'pinned versions in a file and use `pip install -r requirements.txt` (or `-c constraints.txt`). VCS URLs ' +
      'need `@ref`; local paths and wheels are fine.',
    shell: true,
    commands: ['pip*', 'python*'],
    onbuild: true,
    origin: 'hadolint',
  },
  create(context) {
    return reportUnpinned(
      context,
      (script) => script.commands.flatMap(unpinnedPackages),
      (packages) =>
        `pip install without a version (${packages}): pin each package as \`name==version\` ` +
        'or install from a pinned requirements file',
    );
  },
});

function unpinnedPackages(cmd: Command): string[] {
  if (!isPipInstall(cmd)) return [];
  const all = argValues(cmd);
  if (all.includes('--requirement') || all.includes('-r') || all.includes('.')) return [];
  if (hasAnyFlag(cmd, ['constraint', 'c'])) return [];
  return packages(cmd).filter((p) => !versionFixed(p));
}

/** Non-flag arguments after `install`. */
function packages(cmd: Command): string[] {
  const args = argsNoFlags(cmd, VALUE_FLAGS);
  let i = args.indexOf('install');
  if (i === -1) return [];
  while (args[i] === 'install') i++;
  return args.slice(i);
}

function versionFixed(pkg: string): boolean {
  const vcs = VCS_SCHEMES.some((s) => pkg.startsWith(s));
  return (
    VERSION_SYMBOLS.some((s) => pkg.includes(s)) ||
    (vcs && pkg.includes('@')) ||
    pkg.endsWith('.whl') ||
    pkg.endsWith('.tar.gz') ||
    (!vcs && pkg.includes('/'))
  );
}
