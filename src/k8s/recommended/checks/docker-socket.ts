// No container runtime socket (Docker, containerd, CRI-O) is mounted from the node.
import type { CheckResult } from '../../types.js';
import {
  type CheckContext,
  type CheckMeta,
  finding,
  hostPathVolumes,
  type RecommendedCheck,
} from '../check.js';

export const meta: CheckMeta = {
  id: 'docker-socket',
  severity: 'critical',
  title: 'Container runtime socket is mounted',
  why: 'Whoever can talk to the runtime socket can start a privileged container with the host filesystem mounted: it is root on the node, and every other pod there.',
  fix: 'Remove the hostPath volume. To build images use a rootless builder (BuildKit rootless, kaniko); to inspect containers use the Kubernetes API.',
};

/** Runtime sockets, and the directories that hold them (mounting the directory exposes the socket). */
export const RUNTIME_SOCKET_PATHS: ReadonlySet<string> = new Set([
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/docker',
  '/run/docker',
  '/var/run/cri-dockerd.sock',
  '/run/cri-dockerd.sock',
  '/var/run/containerd',
  '/run/containerd',
  '/var/run/containerd/containerd.sock',
  '/run/containerd/containerd.sock',
  '/var/run/crio',
  '/run/crio',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
  '/var/run/podman/podman.sock',
  '/run/podman/podman.sock',
  '/var/run',
  '/run',
]);

export function isRuntimeSocket(hostPath: string): boolean {
  return (
    RUNTIME_SOCKET_PATHS.has(hostPath) ||
    hostPath.endsWith('/docker.sock') ||
    hostPath.endsWith('/containerd.sock')
  );
}

export function check(ctx: CheckContext): CheckResult[] {
  return hostPathVolumes(ctx.workload)
    .filter((v) => isRuntimeSocket(v.hostPath))
    .map((v) =>
      finding(
        meta,
        `Volume "${v.name}" mounts the container runtime socket path ${v.hostPath} from the node.`,
        v.path,
      ),
    );
}

export default { meta, check } satisfies RecommendedCheck;
