// Every --policy recommended check, one per file under checks/, sorted by id.
import type { RecommendedCheck } from './check.js';
import automountServiceAccountToken from './checks/automount-service-account-token.js';
import debugContainerPort from './checks/debug-container-port.js';
import debugPortExposed from './checks/debug-port-exposed.js';
import defaultNamespace from './checks/default-namespace.js';
import defaultServiceAccount from './checks/default-service-account.js';
import deprecatedServiceAccountField from './checks/deprecated-service-account-field.js';
import dockerSocket from './checks/docker-socket.js';
import exposedService from './checks/exposed-service.js';
import hostAliases from './checks/host-aliases.js';
import hostUsers from './checks/host-users.js';
import imageNoDigest from './checks/image-no-digest.js';
import imagePullPolicy from './checks/image-pull-policy.js';
import imageTagLatest from './checks/image-tag-latest.js';
import knownRiskyImage from './checks/known-risky-image.js';
import lowGid from './checks/low-gid.js';
import lowUid from './checks/low-uid.js';
import noCpuLimits from './checks/no-cpu-limits.js';
import noCpuRequests from './checks/no-cpu-requests.js';
import noLivenessProbe from './checks/no-liveness-probe.js';
import noMemoryLimits from './checks/no-memory-limits.js';
import noMemoryRequests from './checks/no-memory-requests.js';
import noNetworkPolicy from './checks/no-network-policy.js';
import noReadinessProbe from './checks/no-readiness-probe.js';
import noSecurityContext from './checks/no-security-context.js';
import privilegedPort from './checks/privileged-port.js';
import probePortNotDeclared from './checks/probe-port-not-declared.js';
import readonlyRootFilesystem from './checks/readonly-root-filesystem.js';
import secretInEnv from './checks/secret-in-env.js';
import sensitiveHostMount from './checks/sensitive-host-mount.js';
import sshPort from './checks/ssh-port.js';
import volumeClaimTemplate from './checks/volume-claim-template.js';
import writableHostMount from './checks/writable-host-mount.js';

export const RECOMMENDED_CHECKS: readonly RecommendedCheck[] = [
  automountServiceAccountToken,
  debugContainerPort,
  debugPortExposed,
  defaultNamespace,
  defaultServiceAccount,
  deprecatedServiceAccountField,
  dockerSocket,
  exposedService,
  hostAliases,
  hostUsers,
  imageNoDigest,
  imagePullPolicy,
  imageTagLatest,
  knownRiskyImage,
  lowGid,
  lowUid,
  noCpuLimits,
  noCpuRequests,
  noLivenessProbe,
  noMemoryLimits,
  noMemoryRequests,
  noNetworkPolicy,
  noReadinessProbe,
  noSecurityContext,
  privilegedPort,
  probePortNotDeclared,
  readonlyRootFilesystem,
  secretInEnv,
  sensitiveHostMount,
  sshPort,
  volumeClaimTemplate,
  writableHostMount,
];
