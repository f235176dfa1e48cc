// Images pinned by digest cannot change under a deployed manifest.
import type { CheckResult } from '../../types.js';
import {
  type CheckContext,
  type CheckMeta,
  containers,
  finding,
  parseImage,
  type RecommendedCheck,
} from '../check.js';

export const meta: CheckMeta = {
  id: 'image-no-digest',
  severity: 'info',
  title: 'Image is not pinned by digest',
  why: 'Tags can be moved or overwritten in the registry (by mistake or by an attacker with push rights); only a digest names exactly the bytes that were tested and scanned.',
  fix: 'Reference the image by digest, keeping the tag for readers: `app:1.4.2@sha256:<digest>` (`docker buildx imagetools inspect app:1.4.2` prints it).',
};

export function check(ctx: CheckContext): CheckResult[] {
  const out: CheckResult[] = [];
  for (const c of containers(ctx.workload)) {
    const image = c.container.image;
    if (typeof image !== 'string' || image === '') continue;
    if (parseImage(image).digest) continue;
    out.push(
      finding(
        meta,
        `Container "${c.name}" uses image "${image}" without a digest.`,
        [...c.path, 'image'],
        c.name,
      ),
    );
  }
  return out;
}

export default { meta, check } satisfies RecommendedCheck;
