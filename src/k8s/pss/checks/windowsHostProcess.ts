// Baseline: no Windows HostProcess containers.
import { fail, mapping, type PssCheck, type PssPart, podAndContainers, quote } from '../check.js';

export const check: PssCheck = {
  id: 'windowsHostProcess',
  level: 'baseline',
  title: 'Windows HostProcess container',
  severity: 'critical',
  why: 'A Windows HostProcess container runs directly on the node with host-level access, like a privileged Linux container.',
  fix: 'Remove securityContext.windowsOptions.hostProcess or set it to false.',
  versions: [0],
  evaluate(pod) {
    const parts: PssPart[] = [];
    const names: string[] = [];
    let atPod = false;
    if (mapping(pod.podSC?.windowsOptions)?.hostProcess === true) {
      atPod = true;
      parts.push({
        path: ['securityContext', 'windowsOptions', 'hostProcess'],
        message: 'pod must not set securityContext.windowsOptions.hostProcess=true',
      });
    }
    for (const c of pod.containers) {
      if (mapping(c.sc?.windowsOptions)?.hostProcess !== true) continue;
      names.push(c.name);
      parts.push({
        path: [...c.path, 'securityContext', 'windowsOptions', 'hostProcess'],
        message: `container ${quote(c.name)} must not set securityContext.windowsOptions.hostProcess=true`,
      });
    }
    if (parts.length === 0) return null;
    return fail(
      'hostProcess',
      `${podAndContainers(atPod, names)} must not set securityContext.windowsOptions.hostProcess=true`,
      parts,
    );
  },
};
