// Rust cataloger: the crates compiled into binaries built with `cargo auditable`, from their `.dep-v0` data.
import { purl } from '../purl.js';
import type { Cataloger, Package, Unknown } from '../types.js';
import {
  CARGO_AUDITABLE_EXTRACTOR_ID,
  cargoAuditableExtractor,
  type ExtractedAuditData,
} from './extractor.js';
import { parseAuditData } from './parse-audit-data.js';

/** The extractor's JSON, checked anyway: a stale or damaged result becomes an unknown, not a crash. */
function decode(data: Buffer): ExtractedAuditData | undefined {
  try {
    const v = JSON.parse(data.toString('utf8')) as Partial<Record<string, unknown>>;
    if (v.format === 'json' && typeof v.json === 'string') return { format: 'json', json: v.json };
    if (v.format === 'invalid' && typeof v.reason === 'string')
      return { format: 'invalid', reason: v.reason };
  } catch {
    // fall through: reported as unreadable
  }
  return undefined;
}

export const rustCataloger: Cataloger = {
  name: 'rust-binary',
  version: 1,
  kind: 'language',
  globs: [],
  extractors: [cargoAuditableExtractor],
  catalog(fs) {
    const packages: Package[] = [];
    const unknowns: Unknown[] = [];
    for (const { path, data } of fs.extracted(CARGO_AUDITABLE_EXTRACTOR_ID)) {
      const x = decode(data);
      if (!x || x.format === 'invalid') {
        unknowns.push({
          path,
          reason: `cargo auditable data: ${x ? x.reason : 'unreadable extractor result'}`,
        });
        continue;
      }
      const r = parseAuditData(x.json);
      if (!r.ok) {
        unknowns.push({ path, reason: `cargo auditable data: ${r.reason}` });
        continue;
      }
      if (r.skipped > 0)
        unknowns.push({
          path,
          reason: `cargo auditable data: ${r.skipped} entries without a name or version`,
        });
      const layer = fs.layerOf(path);
      const seen = new Set<string>();
      for (const p of r.packages) {
        // Build-time crates (build scripts, proc-macros) run on the build machine; their code is not in the binary.
        if (p.kind === 'build') continue;
        // The root and git or path crates are reported too, under the crate name: the data carries no URL or path.
        const id = purl('cargo', undefined, p.name, p.version);
        if (seen.has(id)) continue;
        seen.add(id);
        packages.push({
          name: p.name,
          version: p.version,
          type: 'cargo',
          purl: id,
          ...(layer !== undefined ? { layer } : {}),
          locations: [path],
        });
      }
    }
    return { packages, unknowns };
  },
};
