// Reads YAML lockfiles (pnpm-lock.yaml, yarn berry's yarn.lock) with the yaml package, under an alias budget.
import { yaml } from '../../core/lazy-yaml.js';

/** Most alias expansions in one lockfile; lockfile writers never emit aliases, so this only stops alias bombs. */
export const LOCK_MAX_ALIASES = 1000;

export type YamlOutcome = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

/**
 * The last YAML document of the file as plain data (pnpm 10 may put a document for its own configuration
 * dependencies before the lockfile proper). Every scalar stays a string (the failsafe schema): `version: 1.10`
 * must not turn into the number 1.1.
 */
export function readYamlLock(text: string, maxAliases = LOCK_MAX_ALIASES): YamlOutcome {
  const docs = yaml().parseAllDocuments(text, { schema: 'failsafe' });
  if (!Array.isArray(docs) || docs.length === 0) return { ok: false, reason: 'empty file' };
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line;
      return {
        ok: false,
        reason: `${line ? `line ${line}: ` : ''}invalid YAML: ${err.message.split('\n')[0]}`,
      };
    }
  }
  let value: unknown;
  try {
    value = docs[docs.length - 1]!.toJS({ maxAliasCount: maxAliases });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return /alias/i.test(msg)
      ? { ok: false, reason: `YAML aliases expand too much (${msg}; at most ${maxAliases} allowed)` }
      : { ok: false, reason: `cannot read the YAML: ${msg}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, reason: 'not a YAML mapping' };
  return { ok: true, value: value as Record<string, unknown> };
}
