// Images name a fixed tag: `latest` or no tag at all is a moving target (a digest also counts as fixed).
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
  id: 'image-tag-latest',
  severity: 'medium',
  title: 'Image tag is `latest` or missing',
  why: 'A `latest` or missing tag resolves to whatever was pushed last: deploys are not reproducible, a rollback may not roll anything back, and nobody can tell from the manifest what is running.',
  fix: 'Pin the image to a specific version tag (`app:1.4.2`) or, better, a digest (`app@sha256:...`).',
};

export function check(ctx: CheckContext): CheckResult[] {
  const out: CheckResult[] = [];
  for (const c of containers(ctx.workload)) {
    const image = c.container.image;
    if (typeof image !== 'string' || image === '') continue;
    const ref = parseImage(image);
    if (ref.digest || !hasMutableTag(ref)) continue;
    const what = ref.tag === 'latest' ? 'the `latest` tag' : 'no tag (which means `latest`)';
    out.push(
      finding(
        meta,
        `Container "${c.name}" uses image "${image}" with ${what}.`,
        [...c.path, 'image'],
        c.name,
      ),
    );
  }
  return out;
}

export default { meta, check } satisfies RecommendedCheck;
