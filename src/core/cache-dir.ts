// Where shipshape keeps its cache and vulnerability database (SPEC "Files"), computed in one place.
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * shipshape's cache directory: $SHIPSHAPE_CACHE_DIR, else $XDG_CACHE_HOME/shipshape, else ~/.cache/shipshape;
 * null when there is no home directory to put it in.
 */
export function cacheDir(env: Record<string, string | undefined>): string | null {
  if (env.SHIPSHAPE_CACHE_DIR) return env.SHIPSHAPE_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'shipshape');
  let home = env.HOME;
  if (!home) {
    try {
      home = homedir();
    } catch {
      return null;
    }
  }
  return home ? join(home, '.cache', 'shipshape') : null;
}
