// Shared by procMount and procMount_restricted: containers that unmask /proc.
import { containerList, fail, isSet, type PssFailure, type PssPart, type PssPod } from '../check.js';

export function unmaskedProc(pod: PssPod): PssFailure | null {
  const parts: PssPart[] = [];
  const names: string[] = [];
  const values: string[] = [];
  for (const c of pod.containers) {
    const v = c.sc?.procMount;
    if (!isSet(v) || v === 'Default') continue;
    names.push(c.name);
    values.push(JSON.stringify(String(v)));
    parts.push({
      path: [...c.path, 'securityContext', 'procMount'],
      message: `container ${JSON.stringify(c.name)} must not set securityContext.procMount to ${JSON.stringify(String(v))}`,
    });
  }
  if (parts.length === 0) return null;
  return fail(
    'procMount',
    `${containerList(names)} must not set securityContext.procMount to ${[...new Set(values)].join(', ')}`,
    parts,
  );
}
