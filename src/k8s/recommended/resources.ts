// Shared logic of the four resource checks (cpu/memory x requests/limits), split so each can be suppressed alone.
import type { CheckResult, Json } from '../types.js';
import { isMapping } from '../workloads.js';
import { type CheckContext, type CheckMeta, containers, finding, ofKind, sameNamespace } from './check.js';

type Resource = 'cpu' | 'memory';
type Bound = 'requests' | 'limits';

const SINGULAR: Record<Bound, string> = { requests: 'request', limits: 'limit' };

function setIn(resources: unknown, bound: Bound, resource: Resource): boolean {
  if (!isMapping(resources)) return false;
  const b = resources[bound];
  return isMapping(b) && b[resource] !== undefined && b[resource] !== null && b[resource] !== '';
}

/** A LimitRange in the input that fills the value in for containers of this namespace. */
function limitRangeCovers(
  all: readonly Json[],
  ns: string | undefined,
  bound: Bound,
  resource: Resource,
): boolean {
  return ofKind(all, 'LimitRange').some((lr) => {
    if (!sameNamespace(lr, ns) || !isMapping(lr.spec) || !Array.isArray(lr.spec.limits)) return false;
    return lr.spec.limits.some((l) => {
      if (!isMapping(l) || l.type !== 'Container') return false;
      // A default limit also becomes the default request.
      const keys = bound === 'limits' ? ['default'] : ['defaultRequest', 'default'];
      return keys.some((k) => isMapping(l[k]) && (l[k] as Json)[resource] !== undefined);
    });
  });
}

export function checkResource(
  meta: CheckMeta,
  ctx: CheckContext,
  resource: Resource,
  bound: Bound,
): CheckResult[] {
  if (limitRangeCovers(ctx.all, ctx.workload.namespace, bound, resource)) return [];
  const out: CheckResult[] = [];
  for (const c of containers(ctx.workload)) {
    // The API forbids resources on ephemeral containers.
    if (c.list === 'ephemeralContainers') continue;
    const res = c.container.resources;
    if (setIn(res, bound, resource)) continue;
    // An unset request defaults to the limit.
    if (bound === 'requests' && setIn(res, 'limits', resource)) continue;
    const path = isMapping(res)
      ? isMapping(res[bound])
        ? [...c.path, 'resources', bound]
        : [...c.path, 'resources']
      : c.path;
    out.push(finding(meta, `Container "${c.name}" has no ${resource} ${SINGULAR[bound]}.`, path, c.name));
  }
  return out;
}
