// Containers run with a group ID of 10000 or more, which no host group uses.
import type { CheckContext, CheckMeta, RecommendedCheck } from '../check.js';
import { checkLowId } from '../ids.js';

export const meta: CheckMeta = {
  id: 'low-gid',
  severity: 'low',
  title: 'runAsGroup is below 10000',
  why: "Low GIDs are host groups (disk, docker, adm ...); a process that escapes the container keeps its GID and gets that group's access to node files and sockets.",
  fix: 'Set runAsGroup to 10000 or more, or run the pod in a user namespace with hostUsers: false.',
};

export function check(ctx: CheckContext) {
  return checkLowId(meta, ctx, 'runAsGroup');
}

export default { meta, check } satisfies RecommendedCheck;
