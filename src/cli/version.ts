// The package version, read once from package.json (two levels above both src/cli and dist/cli).
import { readFileSync } from 'node:fs';

// The bundled CLI (scripts/bundle.mjs) has the version compiled in: it lives elsewhere in dist/ and reads no file.
declare const __SHIPSHAPE_VERSION__: string | undefined;

let cached: string | undefined;

export function packageVersion(): string {
  if (cached !== undefined) return cached;
  if (typeof __SHIPSHAPE_VERSION__ === 'string') {
    cached = __SHIPSHAPE_VERSION__;
    return cached;
  }
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    cached = '0.0.0';
  }
  return cached;
}
