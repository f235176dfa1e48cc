// Every Pod Security Standards check, one file per upstream check id (the file name is the id), sorted by level then id.
import type { PssCheck } from './check.js';
import { check as allowPrivilegeEscalation } from './checks/allowPrivilegeEscalation.js';
import { check as appArmorProfile } from './checks/appArmorProfile.js';
import { check as capabilities_baseline } from './checks/capabilities_baseline.js';
import { check as capabilities_restricted } from './checks/capabilities_restricted.js';
import { check as hostNamespaces } from './checks/hostNamespaces.js';
import { check as hostPathVolumes } from './checks/hostPathVolumes.js';
import { check as hostPorts } from './checks/hostPorts.js';
import { check as hostProbesAndHostLifecycle } from './checks/hostProbesAndHostLifecycle.js';
import { check as privileged } from './checks/privileged.js';
import { check as procMount } from './checks/procMount.js';
import { check as procMount_restricted } from './checks/procMount_restricted.js';
import { check as restrictedVolumes } from './checks/restrictedVolumes.js';
import { check as runAsNonRoot } from './checks/runAsNonRoot.js';
import { check as runAsUser } from './checks/runAsUser.js';
import { check as seccompProfile_baseline } from './checks/seccompProfile_baseline.js';
import { check as seccompProfile_restricted } from './checks/seccompProfile_restricted.js';
import { check as seLinuxOptions } from './checks/seLinuxOptions.js';
import { check as sysctls } from './checks/sysctls.js';
import { check as windowsHostProcess } from './checks/windowsHostProcess.js';

function byId(a: PssCheck, b: PssCheck): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The 19 upstream checks with their metadata. Severity choices: what gives a path to the node
 * (privileged, windowsHostProcess) is critical; host namespaces, hostPath, added capabilities and
 * explicit UID 0 are high; weakened confinement (seccomp, AppArmor, SELinux, procMount, sysctls,
 * hostPorts, probe hosts) and the restricted hardening requirements (runAsNonRoot, drop ALL,
 * allowPrivilegeEscalation, volume types) are medium. toCheckResults raises capabilities_restricted
 * findings for a non-default added capability and restrictedVolumes findings for hostPath to high,
 * so replacing the baseline check at restricted never lowers a finding's severity.
 */
export const PSS_CHECKS: readonly PssCheck[] = [
  ...[
    appArmorProfile,
    capabilities_baseline,
    hostNamespaces,
    hostPathVolumes,
    hostPorts,
    hostProbesAndHostLifecycle,
    privileged,
    procMount,
    seLinuxOptions,
    seccompProfile_baseline,
    sysctls,
    windowsHostProcess,
  ].sort(byId),
  ...[
    allowPrivilegeEscalation,
    capabilities_restricted,
    procMount_restricted,
    restrictedVolumes,
    runAsNonRoot,
    runAsUser,
    seccompProfile_restricted,
  ].sort(byId),
];

export type { PssCheck, PssLevel } from './check.js';
