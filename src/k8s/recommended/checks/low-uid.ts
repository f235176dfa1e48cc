// Containers run as a user ID of 10000 or more, which no host account uses.
import type { CheckContext, CheckMeta, RecommendedCheck } from '../check.js';
import { checkLowId } from '../ids.js';

export const meta: CheckMeta = {
  id: 'low-uid',
  severity: 'low',
  title: 'runAsUser is below 10000',
  why: "Low UIDs are used by host accounts and system daemons; a process that escapes the container keeps its UID and then owns that user's files on the node.",
  fix: 'Set runAsUser to 10000 or more (and build the image with such a user), or run the pod in a user namespace with hostUsers: false.',
};

export function check(ctx: CheckContext) {
  return checkLowId(meta, ctx, 'runAsUser');
}

export default { meta, check } satisfies RecommendedCheck;
