// No sensitive node directory (/, /etc, /proc, kubelet state ...) is mounted with hostPath.
import type { CheckResult } from '../../types.js';
import {
  type CheckContext,
  type CheckMeta,
  finding,
  hostPathVolumes,
  type RecommendedCheck,
} from '../check.js';
import { isRuntimeSocket } from './docker-socket.js';

export const meta: CheckMeta = {
  id: 'sensitive-host-mount',
  severity: 'high',
  title: 'Sensitive host path is mounted',
  why: "These node directories hold credentials (kubelet client certificates, service account tokens of other pods, /etc/shadow), the node's binaries and kernel interfaces: mounting them hands the node to whoever controls the container.",
  fix: 'Remove the hostPath volume; use a ConfigMap, Secret, projected or CSI volume, or a narrower read-only path that holds only what the app needs.',
};

/** Mounting exactly these exposes the whole node's system tree. */
const EXACT = new Set([
  '/',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib64',
  '/usr',
  '/bin',
  '/sbin',
  '/var',
  '/var/lib',
  '/root',
  '/home',
]);
/** Anything at or below these is sensitive. */
const TREES = [
  '/proc',
  '/sys',
  '/var/lib/kubelet',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/etcd',
  '/etc/kubernetes',
  '/root/.ssh',
  '/etc/ssh',
  '/etc/shadow',
  '/etc/sudoers',
];

export function isSensitiveHostPath(p: string): boolean {
  return EXACT.has(p) || TREES.some((t) => p === t || p.startsWith(`${t}/`));
}

export function check(ctx: CheckContext): CheckResult[] {
  return hostPathVolumes(ctx.workload)
    .filter((v) => !isRuntimeSocket(v.hostPath) && isSensitiveHostPath(v.hostPath))
    .map((v) => finding(meta, `Volume "${v.name}" mounts the sensitive node path ${v.hostPath}.`, v.path));
}

export default { meta, check } satisfies RecommendedCheck;
