// Shared logic of the low-uid and low-gid checks.
import type { CheckResult } from '../types.js';
import {
  type CheckContext,
  type CheckMeta,
  containers,
  effective,
  effectiveValue,
  finding,
} from './check.js';

/** IDs below this may belong to a host user or system account (kubesec and Checkov use 10000). */
export const MIN_ID = 10000;

export function checkLowId(
  meta: CheckMeta,
  ctx: CheckContext,
  field: 'runAsUser' | 'runAsGroup',
): CheckResult[] {
  const w = ctx.workload;
  // In a user namespace the IDs are remapped to unprivileged host IDs.
  if (w.podSpec.hostUsers === false) return [];
  const out: CheckResult[] = [];
  const seen = new Set<string>();
  for (const c of containers(w)) {
    // Most IDs are fine: look at the value before effective() builds a path for it.
    const value = effectiveValue(w, c, field);
    // 0 is root: pss/runAsUser (and the run-as-root checks) report it more loudly.
    if (typeof value !== 'number' || value <= 0 || value >= MIN_ID) continue;
    const eff = effective(w, c, field);
    if (!eff || typeof eff.value !== 'number') continue;
    const key = eff.path.join('.');
    if (seen.has(key)) continue;
    seen.add(key);
    const podLevel = eff.path.length === w.podSpecPath.length + 2;
    const who = podLevel ? `${w.kind} "${w.name}"` : `Container "${c.name}"`;
    out.push(
      finding(
        meta,
        `${who} sets ${field}: ${eff.value}, below ${MIN_ID}.`,
        eff.path,
        podLevel ? undefined : c.name,
      ),
    );
  }
  return out;
}
