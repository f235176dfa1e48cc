// DL3062: `go install/get/run` of a module without `@version` (or with @latest), so rebuilds fetch whatever is newest.
import { argsNoFlags, cmdHasArgs, reportUnpinned } from '../packages-util.js';
import { defineRule } from '../rule.js';
import type { ShellScript } from '../shell.js';

export default defineRule({
  meta: {
    id: 'DL3062',
    severity: 'warning',
    description: 'Pin versions in go install, go get and go run',
    help:
      'A module path without a version, or with `@latest`/`@none`, resolves to whatever is newest on the day of ' +
      'the build, so rebuilds can fetch different (or compromised) code. Write `go install example.com/tool@v1.2.3` ' +
      '(a tag or a commit); local paths such as `.` or `./cmd/app` use the module in the build context and are fine.',
    shell: true,
    commands: ['go'],
    onbuild: true,
    origin: 'hadolint',
  },
  create(context) {
    return reportUnpinned(
      context,
      (script) => goPackages(script).filter((p) => !pinned(p)),
      (packages) =>
        `go module without a fixed version (${packages}): write \`module@vX.Y.Z\` ` +
        '(not @latest) so rebuilds fetch the same code',
    );
  },
});

/**
 * Modules named by the script, as hadolint picks them: when there is a `go run`, only the first word after
 * `run` (the rest are the program's arguments); otherwise every argument of `go install`/`go get`.
 */
function goPackages(script: ShellScript): string[] {
  const run = script.commands
    .filter((c) => cmdHasArgs(c, 'go', ['run']))
    .flatMap((c) => argsNoFlags(c).filter((a, i) => a !== 'run' && i <= 1));
  if (run.length > 0) return run;
  return script.commands
    .filter((c) => cmdHasArgs(c, 'go', ['install', 'get']))
    .flatMap((c) => argsNoFlags(c).filter((a) => !['install', 'get', 'tool'].includes(a)));
}

function pinned(pkg: string): boolean {
  if (pkg === '.' || pkg.startsWith('/') || pkg.startsWith('.')) return true;
  return pkg.includes('@') && !pkg.endsWith('@latest') && !pkg.endsWith('@none');
}
