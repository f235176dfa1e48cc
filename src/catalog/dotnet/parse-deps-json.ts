// .NET: `<app>.deps.json` (written by `dotnet build`/`publish`) and NuGet's packages.lock.json.

export interface NugetPackage {
  name: string;
  version: string;
}

export type NugetOutcome = { ok: true; value: NugetPackage[] } | { ok: false; reason: string };

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function parseObject(
  text: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; reason: string } {
  let v: unknown;
  try {
    // deps.json files written on Windows start with a byte order mark.
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, reason: `invalid JSON: ${(e as Error).message}` };
  }
  return isObj(v) ? { ok: true, value: v } : { ok: false, reason: 'not a JSON object' };
}

/**
 * The `libraries` of a deps.json, keyed `Name/Version`. `package` entries came from NuGet; a self-contained app's
 * `runtimepack.Microsoft.NETCore.App.Runtime.linux-x64` is the .NET runtime it carries, reported under its NuGet
 * name (advisories name it so). `project` entries are the application and its own projects, and `reference`
 * entries are framework reference assemblies: neither is a package.
 */
export function parseDepsJson(text: string): NugetOutcome {
  const json = parseObject(text);
  if (!json.ok) return json;
  const libraries = json.value.libraries;
  if (!isObj(libraries)) return { ok: false, reason: 'no "libraries" object: not a .deps.json' };
  const out: NugetPackage[] = [];
  for (const [key, lib] of Object.entries(libraries)) {
    if (!isObj(lib) || (lib.type !== 'package' && lib.type !== 'runtimepack')) continue;
    const slash = key.lastIndexOf('/');
    if (slash <= 0 || slash === key.length - 1) continue;
    let name = key.slice(0, slash);
    if (lib.type === 'runtimepack') name = name.replace(/^runtimepack\./, '');
    out.push({ name, version: key.slice(slash + 1) });
  }
  return { ok: true, value: out };
}

/**
 * packages.lock.json (NuGet's `RestorePackagesWithLockFile`): `dependencies` per target framework (and per
 * runtime), each `Name: { type, resolved }`. `Project` entries are the solution's own projects. One package
 * appears once per framework: reported once.
 */
export function parsePackagesLock(text: string): NugetOutcome {
  const json = parseObject(text);
  if (!json.ok) return json;
  const deps = json.value.dependencies;
  if (!isObj(deps)) return { ok: false, reason: 'no "dependencies" object: not a packages.lock.json' };
  const seen = new Set<string>();
  const out: NugetPackage[] = [];
  for (const framework of Object.values(deps)) {
    if (!isObj(framework)) continue;
    for (const [name, dep] of Object.entries(framework)) {
      if (!isObj(dep) || dep.type === 'Project' || typeof dep.resolved !== 'string' || !dep.resolved)
        continue;
      const key = `${name}@${dep.resolved}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name, version: dep.resolved });
    }
  }
  return { ok: true, value: out };
}
