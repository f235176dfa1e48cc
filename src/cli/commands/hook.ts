// `shipshape hook install | uninstall`: a git pre-commit hook that checks the staged Dockerfiles and manifests.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fileError, inputError } from '../../core/errors.js';
import { HOOK_HELP } from '../help.js';
import type { CliIO } from '../io.js';
import { parseCommandArgs } from './lint.js';

const run = promisify(execFile);

/** Marks a hook as ours: uninstall removes only files that carry it. */
export const HOOK_MARKER = '# shipshape-pre-commit-hook v1';
const BACKUP_NAME = 'pre-commit.orig';

const OPTIONS = {
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function hookCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('hook', args, OPTIONS);
  if (values.help) {
    io.stdout.write(HOOK_HELP);
    return 0;
  }
  const [action, ...extra] = positionals;
  if (action !== 'install' && action !== 'uninstall') {
    throw inputError(
      'usage',
      action === undefined ? 'hook: say install or uninstall' : `hook: unknown action '${action}'`,
      'run `shipshape hook install` or `shipshape hook uninstall`',
    );
  }
  if (extra.length > 0) throw inputError('usage', `hook: unexpected argument '${extra[0]}'`);
  const cwd = io.cwd ?? process.cwd();
  const hooksDir = await findHooksDir(cwd, io.env);
  const hookPath = join(hooksDir, 'pre-commit');
  return action === 'install' ? install(hookPath, values.force === true, io) : uninstall(hookPath, io);
}

async function git(args: string[], cwd: string, env: Record<string, string | undefined>): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: { ...process.env, ...env } as NodeJS.ProcessEnv });
  return stdout.trim();
}

/** The hooks directory git uses: core.hooksPath (relative to the work tree top) or the repository's hooks/. */
export async function findHooksDir(cwd: string, env: Record<string, string | undefined>): Promise<string> {
  let top: string;
  try {
    await git(['rev-parse', '--git-dir'], cwd, env);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw inputError('not-found', 'hook: git is not installed or not on PATH', 'install git');
    throw inputError(
      'usage',
      `hook: ${cwd} is not inside a git repository`,
      'run this in your repository (or `git init` first)',
    );
  }
  try {
    top = await git(['rev-parse', '--show-toplevel'], cwd, env);
  } catch {
    top = cwd;
  }
  let hooksPath = '';
  try {
    hooksPath = await git(['config', '--get', 'core.hooksPath'], cwd, env);
  } catch {
    // not set: git exits 1
  }
  if (hooksPath) {
    if (hooksPath.startsWith('~/')) hooksPath = join(env.HOME ?? '', hooksPath.slice(2));
    return isAbsolute(hooksPath) ? hooksPath : resolve(top, hooksPath);
  }
  const dir = await git(['rev-parse', '--git-path', 'hooks'], cwd, env);
  return isAbsolute(dir) ? dir : resolve(cwd, dir);
}

// Set in the bundled CLI (scripts/bundle.mjs), which is dist/shipshape.cjs rather than dist/cli/commands/hook.js.
declare const __SHIPSHAPE_BUNDLE__: boolean | undefined;

/** The command the hook runs when no shipshape is on PATH or in node_modules: this installation. */
function installedBin(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = typeof __SHIPSHAPE_BUNDLE__ === 'boolean' ? join(here, '..') : join(here, '..', '..', '..');
  // The package's bin (the bundle's launcher), else the unbundled tsc build.
  for (const bin of [join(root, 'dist', 'shipshape.mjs'), join(root, 'dist', 'cli', 'bin.js')]) {
    if (existsSync(bin)) return bin;
  }
  return null;
}

const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function hookScript(fallbackBin: string | null): string {
  const fallback = fallbackBin
    ? `elif [ -f ${shQuote(fallbackBin)} ]; then\n  set -- node ${shQuote(fallbackBin)}\n`
    : '';
  return `#!/bin/sh
${HOOK_MARKER}
# Lints the staged content of the Dockerfiles in this commit with \`shipshape lint\`, and checks the
# staged Kubernetes manifests (*.yaml, *.yml, *.json with kind/apiVersion) with \`shipshape k8s\`.
# Installed by \`shipshape hook install\`; remove it with \`shipshape hook uninstall\`.
# Skip it once with \`git commit --no-verify\`; pick the program with SHIPSHAPE_BIN.

if [ -n "\${SHIPSHAPE_BIN:-}" ]; then
  set -- $SHIPSHAPE_BIN
elif [ -x node_modules/.bin/shipshape ]; then
  set -- node_modules/.bin/shipshape
elif command -v shipshape >/dev/null 2>&1; then
  set -- shipshape
${fallback}else
  echo "shipshape: not found, so staged Dockerfiles and manifests were not checked; commit aborted." >&2
  echo "hint: install it (npm i -D shipshape), set SHIPSHAPE_BIN, or skip once with git commit --no-verify" >&2
  exit 1
fi

files=$(git -c core.quotePath=false diff --cached --name-only --diff-filter=ACMR) || exit 1
[ -n "$files" ] || exit 0

status=0
k8s_status=0
while IFS= read -r path; do
  case "\${path##*/}" in
    Dockerfile | Containerfile | *.Dockerfile | *.dockerfile | Dockerfile.* | Containerfile.*) ;;
    *.yaml | *.yml | *.json)
      # Only files that look like Kubernetes manifests: CI workflows, Helm values and package.json are not.
      git show ":$path" | grep -Eq '^[[:space:]{,]*["'"'"']?(kind|apiVersion)["'"'"']?[[:space:]]*:' || continue
      git show ":$path" | "$@" k8s --file-path-in-report "$path" -
      code=$?
      if [ "$code" -ne 0 ]; then
        k8s_status=1
        if [ "$code" -ne 1 ]; then
          echo "shipshape: could not check $path (exit $code)" >&2
        fi
      fi
      continue
      ;;
    *) continue ;;
  esac
  git show ":$path" | "$@" lint --file-path-in-report "$path" -
  code=$?
  if [ "$code" -ne 0 ]; then
    status=1
    if [ "$code" -ne 1 ]; then
      echo "shipshape: could not lint $path (exit $code)" >&2
    fi
  fi
done <<SHIPSHAPE_STAGED_FILES
$files
SHIPSHAPE_STAGED_FILES

if [ "$status" -ne 0 ]; then
  echo "" >&2
  echo "shipshape: Dockerfile lint failed, commit aborted." >&2
  echo "hint: fix the findings above (shipshape lint --fix can fix some), or skip once with git commit --no-verify" >&2
fi
if [ "$k8s_status" -ne 0 ]; then
  echo "" >&2
  echo "shipshape: Kubernetes manifest check failed, commit aborted." >&2
  echo "hint: fix the findings above (shipshape k8s --fix can fix some), annotate a justified exception, or skip once with git commit --no-verify" >&2
fi
if [ "$status" -ne 0 ] || [ "$k8s_status" -ne 0 ]; then
  exit 1
fi
exit 0
`;
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fileError(path, e);
  }
}

async function install(hookPath: string, force: boolean, io: CliIO): Promise<number> {
  const existing = await readIfExists(hookPath);
  const ours = existing?.includes(HOOK_MARKER) ?? false;
  if (existing !== null && !ours) {
    if (!force) {
      throw inputError(
        'usage',
        `hook: ${hookPath} already exists and is not shipshape's`,
        `add \`shipshape lint\` to it yourself, or run \`shipshape hook install --force\` (it is kept as ${BACKUP_NAME})`,
      );
    }
    try {
      await rename(hookPath, join(dirname(hookPath), BACKUP_NAME));
    } catch (e) {
      throw fileError(hookPath, e);
    }
  }
  try {
    await mkdir(dirname(hookPath), { recursive: true });
    await writeFile(hookPath, hookScript(installedBin()), { mode: 0o755 });
    await chmod(hookPath, 0o755);
  } catch (e) {
    throw fileError(hookPath, e);
  }
  const how = ours
    ? 'updated'
    : existing !== null
      ? `installed (the previous hook is kept as ${BACKUP_NAME})`
      : 'installed';
  io.stdout.write(`shipshape: pre-commit hook ${how}: ${hookPath}\n`);
  return 0;
}

async function uninstall(hookPath: string, io: CliIO): Promise<number> {
  const existing = await readIfExists(hookPath);
  if (existing === null) {
    io.stdout.write(`shipshape: no pre-commit hook at ${hookPath}; nothing to do\n`);
    return 0;
  }
  if (!existing.includes(HOOK_MARKER)) {
    throw inputError(
      'usage',
      `hook: ${hookPath} is not shipshape's hook; left in place`,
      'remove it by hand if you want it gone',
    );
  }
  try {
    await rm(hookPath);
    const backup = join(dirname(hookPath), BACKUP_NAME);
    if (existsSync(backup)) {
      await rename(backup, hookPath);
      io.stdout.write(`shipshape: pre-commit hook removed; the previous hook is back: ${hookPath}\n`);
      return 0;
    }
  } catch (e) {
    throw fileError(hookPath, e);
  }
  io.stdout.write(`shipshape: pre-commit hook removed: ${hookPath}\n`);
  return 0;
}
