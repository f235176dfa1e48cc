// Reads name, version and licenses from an installed package's package.json.

export interface NpmPackageInfo {
  name: string;
  version: string;
  licenses: string[];
}

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; reason: string } | { ok: 'skip' };

/** Licenses in the three shapes found in the wild: `"MIT"`, `{ type }`, and the old `licenses: [...]`. */
export function licensesOf(json: Record<string, unknown>): string[] {
  const one = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string') {
      return (v as { type: string }).type;
    }
    return undefined;
  };
  const out: string[] = [];
  const single = one(json.license);
  if (single) out.push(single);
  if (Array.isArray(json.licenses))
    for (const l of json.licenses) {
      const s = one(l);
      if (s) out.push(s);
    }
  return out;
}

/**
 * A package.json under node_modules. Files without a name or version (nested `{"type":"module"}` markers, test
 * fixtures) are skipped, not unknowns; text that is not a JSON object is an unknown.
 */
export function parsePackageJson(text: string): ParseOutcome<NpmPackageInfo> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `invalid JSON: ${(e as Error).message}` };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return { ok: false, reason: 'not a JSON object' };
  const obj = json as Record<string, unknown>;
  if (typeof obj.name !== 'string' || typeof obj.version !== 'string' || !obj.name || !obj.version) {
    return { ok: 'skip' };
  }
  return { ok: true, value: { name: obj.name, version: obj.version, licenses: licensesOf(obj) } };
}
