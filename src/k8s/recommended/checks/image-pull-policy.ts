// A moving tag must be pulled every time, or each node runs whichever copy it cached.
import type { CheckResult } from '../../types.js';
import {
  type CheckContext,
  type CheckMeta,
  containers,
  finding,
  hasMutableTag,
  parseImage,
  type RecommendedCheck,
} from '../check.js';

export const meta: CheckMeta = {
  id: 'image-pull-policy',
  severity: 'low',
  title: 'Moving image tag without imagePullPolicy: Always',
  why: 'With a `latest` or missing tag and imagePullPolicy IfNotPresent or Never, each node keeps running the copy it pulled first: replicas on different nodes run different code, and a fixed image never arrives.',
  fix: 'Pin the image to a version tag or digest (then IfNotPresent is fine), or remove imagePullPolicy so the default (Always for `latest`) applies.',
};

export function check(ctx: CheckContext): CheckResult[] {
  const out: CheckResult[] = [];
  for (const c of containers(ctx.workload)) {
    const { image, imagePullPolicy: policy } = c.container;
    if (typeof image !== 'string' || image === '') continue;
    if (policy !== 'IfNotPresent' && policy !== 'Never') continue;
    const ref = parseImage(image);
    if (ref.digest || !hasMutableTag(ref)) continue;
    out.push(
      finding(
        meta,
        `Container "${c.name}" uses the moving image "${image}" with imagePullPolicy ${policy}.`,
        [...c.path, 'imagePullPolicy'],
        c.name,
      ),
    );
  }
  return out;
}

export default { meta, check } satisfies RecommendedCheck;
