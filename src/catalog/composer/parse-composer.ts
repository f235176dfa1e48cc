// Composer (PHP): vendor/composer/installed.json (what is installed) and composer.lock (what is declared).

export interface ComposerPackage {
  /** `vendor/name`, as written. */
  name: string;
  /** As Composer shows it (`v6.4.3`, `dev-main`). */
  version: string;
  licenses: string[];
  dev: boolean;
}

export type ComposerOutcome = { ok: true; value: ComposerPackage[] } | { ok: false; reason: string };

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, reason: `invalid JSON: ${(e as Error).message}` };
  }
}

/** Entries with a `vendor/name` and a version; anything else in the list is not a package and is skipped. */
function packagesOf(list: unknown[], dev: (name: string) => boolean): ComposerPackage[] {
  const out: ComposerPackage[] = [];
  for (const p of list) {
    if (!isObj(p) || typeof p.name !== 'string' || typeof p.version !== 'string') continue;
    if (!p.name.includes('/') || !p.version) continue;
    const lic = p.license;
    const licenses = (Array.isArray(lic) ? lic : [lic]).filter(
      (l): l is string => typeof l === 'string' && !!l,
    );
    out.push({ name: p.name, version: p.version, licenses, dev: dev(p.name) });
  }
  return out;
}

/**
 * installed.json: Composer 1 writes an array of packages, Composer 2 `{ packages, dev, dev-package-names }`.
 * Dev packages are reported (they are on disk) and marked.
 */
export function parseInstalledJson(text: string): ComposerOutcome {
  const json = parseJson(text);
  if (!json.ok) return json;
  const v = json.value;
  if (Array.isArray(v)) return { ok: true, value: packagesOf(v, () => false) };
  if (isObj(v) && Array.isArray(v.packages)) {
    const devNames = new Set(Array.isArray(v['dev-package-names']) ? v['dev-package-names'] : []);
    return { ok: true, value: packagesOf(v.packages, (n) => devNames.has(n)) };
  }
  return {
    ok: false,
    reason: 'neither a package array (Composer 1) nor an object with "packages" (Composer 2)',
  };
}

/** composer.lock: `packages` and `packages-dev` (marked). */
export function parseComposerLock(text: string): ComposerOutcome {
  const json = parseJson(text);
  if (!json.ok) return json;
  const v = json.value;
  if (!isObj(v) || !Array.isArray(v.packages))
    return { ok: false, reason: 'no "packages" list: not a composer.lock' };
  const dev = Array.isArray(v['packages-dev']) ? v['packages-dev'] : [];
  return {
    ok: true,
    value: [...packagesOf(v.packages, () => false), ...packagesOf(dev, () => true)],
  };
}
