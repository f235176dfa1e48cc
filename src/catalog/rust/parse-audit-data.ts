// The JSON `cargo auditable` embeds (cargo-auditable.schema.json): the crates a Rust binary was built from.

export interface AuditPackage {
  name: string;
  version: string;
  /** `crates.io`, `git`, `local`, `registry`, or another string a later format adds. */
  source: string;
  /** `build` for crates only used at build time (build scripts, proc-macros from format 1 on). */
  kind: 'runtime' | 'build';
  root: boolean;
}

export type AuditParse =
  | { ok: true; packages: AuditPackage[] /** entries without a name or version, left out */; skipped: number }
  | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** Reads the package list leniently: unknown fields are ignored, entries lacking a name or version skipped. */
export function parseAuditData(text: string): AuditParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `invalid JSON: ${(e as Error).message}` };
  }
  if (!isObject(json)) return { ok: false, reason: 'not a JSON object' };
  if (!Array.isArray(json.packages)) return { ok: false, reason: 'no "packages" array' };
  const packages: AuditPackage[] = [];
  let skipped = 0;
  for (const p of json.packages) {
    if (
      !isObject(p) ||
      typeof p.name !== 'string' ||
      !p.name ||
      typeof p.version !== 'string' ||
      !p.version
    ) {
      skipped++;
      continue;
    }
    packages.push({
      name: p.name,
      version: p.version,
      source: sourceOf(p.source),
      // "May be omitted if set to runtime"; a kind this reader does not know is kept, as runtime.
      kind: p.kind === 'build' ? 'build' : 'runtime',
      root: p.root === true,
    });
  }
  return { ok: true, packages, skipped };
}

/** Sources are lowercase strings in the JSON; the schema also allows `{ "Other": "..." }`. */
function sourceOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isObject(v) && typeof v.Other === 'string') return v.Other;
  return 'unknown';
}
