// Guards for tests that need an external program (shellcheck, docker...): run, or skip with a visible notice.
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Whether `name` (or the explicit `path`) is an executable on PATH. */
export function findTool(name: string, path?: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates =
    path && (isAbsolute(path) || path.includes('/'))
      ? [path]
      : (env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, path ?? name));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here: try the next directory
    }
  }
  return null;
}

/**
 * True when the tests that need `name` should run. When it is missing they are skipped with a warning, except
 * when SHIPSHAPE_REQUIRE_TOOLS is set (CI sets it): then this throws, so the test file fails instead of
 * silently passing. Use: `const itSc = requireTool('shellcheck') ? it : it.skip;`.
 */
export function requireTool(name: string, path?: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (findTool(name, path, env)) return true;
  const what = `${name} is not installed${path ? ` (looked for ${path})` : ''}`;
  if (env.SHIPSHAPE_REQUIRE_TOOLS) {
    throw new Error(`${what}, and SHIPSHAPE_REQUIRE_TOOLS is set: install it to run these tests`);
  }
  console.warn(
    `[skip] ${what}: tests that need it are skipped (set SHIPSHAPE_REQUIRE_TOOLS=1 to fail instead)`,
  );
  return false;
}
