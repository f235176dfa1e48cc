// Baseline: only the default container runtime capabilities may be added.
import { containerList, fail, mapping, type PssCheck, type PssPart } from '../check.js';

/** The capabilities a container runtime grants by default (NET_RAW is deliberately absent). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export const check: PssCheck = {
  id: 'capabilities_baseline',
  level: 'baseline',
  title: 'Non-default capabilities added',
  severity: 'high',
  why: 'Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE give root-like powers over the kernel and the node.',
  fix: 'Remove the extra entries from securityContext.capabilities.add; keep only what the default runtime set has.',
  versions: [0],
  evaluate(pod) {
    const parts: PssPart[] = [];
    const names: string[] = [];
    const caps: string[] = [];
    for (const c of pod.containers) {
      const add = mapping(c.sc?.capabilities)?.add;
      if (!Array.isArray(add)) continue;
      add.forEach((cap, i) => {
        if (typeof cap === 'string' && BASELINE_CAPABILITIES.has(cap)) return;
        names.push(c.name);
        caps.push(String(cap));
        parts.push({
          path: [...c.path, 'securityContext', 'capabilities', 'add', i],
          message: `container ${JSON.stringify(c.name)} must not include ${JSON.stringify(String(cap))} in securityContext.capabilities.add`,
        });
      });
    }
    if (parts.length === 0) return null;
    const capList = [...new Set(caps)].map((s) => JSON.stringify(s)).join(', ');
    return fail(
      'non-default capabilities',
      `${containerList(names)} must not include ${capList} in securityContext.capabilities.add`,
      parts,
    );
  },
};
