// Unit tests per check: small pods that pass and fail, version variants, and the paths reported.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Json, Workload } from '../types.js';
import { workloadOf } from '../workloads.js';
import { checksFor, evaluatePss, type PssResult, toCheckResults } from './evaluate.js';
import { PSS_CHECKS } from './index.js';
import { LATEST_MINOR, parsePssVersion } from './version.js';

/** A pod that passes restricted at every version. */
function good(extra: Json = {}): Json {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'app',
        image: 'x',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    ],
    ...extra,
  };
}

function withContainerSC(sc: Json, podExtra: Json = {}): Json {
  return good({
    containers: [
      {
        name: 'app',
        image: 'x',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...sc },
      },
    ],
    ...podExtra,
  });
}

function ids(
  spec: Json,
  level: 'baseline' | 'restricted' = 'restricted',
  version = 'latest',
  meta: Json = {},
) {
  return evaluatePss(meta, spec, level, version).map((r) => r.id);
}

function only(
  spec: Json,
  id: string,
  level: 'baseline' | 'restricted' = 'restricted',
  version = 'latest',
  meta: Json = {},
): PssResult {
  const r = evaluatePss(meta, spec, level, version).find((x) => x.id === id);
  if (!r) throw new Error(`expected ${id}`);
  return r;
}

describe('versions', () => {
  it('latest is the highest variant minimum, v1.37', () => {
    expect(LATEST_MINOR).toBe(37);
    expect(parsePssVersion('latest')).toEqual({ minor: 37 });
    expect(parsePssVersion('v1.99')).toEqual({ minor: 37 });
    expect(parsePssVersion('v1.0')).toEqual({ minor: 0 });
    expect(parsePssVersion('v1.36')).toEqual({ minor: 36 });
    expect(parsePssVersion('latest', 30)).toEqual({ minor: 30 });
  });
  it('rejects other spellings and falls back to latest', () => {
    for (const bad of ['v1.01', '1.30', 'v2.0', 'v1.', 'V1.30', 'v1.30.1', '']) {
      const p = parsePssVersion(bad);
      expect(p.minor, bad).toBe(37);
      expect(p.error, bad).toBeTruthy();
    }
  });
  it('the good pod passes everywhere', () => {
    for (const v of ['v1.0', 'v1.8', 'v1.19', 'v1.22', 'v1.25', 'v1.35', 'latest']) {
      expect(ids(good(), 'restricted', v)).toEqual([]);
      expect(ids(good(), 'baseline', v)).toEqual([]);
    }
  });
});

describe('check set and order', () => {
  it('has 19 checks, baseline sorted then restricted sorted', () => {
    expect(PSS_CHECKS).toHaveLength(19);
    const base = PSS_CHECKS.filter((c) => c.level === 'baseline').map((c) => c.id);
    const restr = PSS_CHECKS.filter((c) => c.level === 'restricted').map((c) => c.id);
    expect(base).toHaveLength(12);
    expect(base).toEqual([...base].sort());
    expect(restr).toEqual([...restr].sort());
    expect(PSS_CHECKS.map((c) => c.id)).toEqual([...base, ...restr]);
    for (const c of PSS_CHECKS) {
      expect(c.why.length, c.id).toBeGreaterThan(20);
      expect(c.fix.length, c.id).toBeGreaterThan(10);
    }
  });
  it('restricted replaces baseline checks from the right versions', () => {
    const at = (v: number) => checksFor('restricted', v).map((c) => c.id);
    expect(at(0)).not.toContain('hostPathVolumes');
    expect(at(0)).toContain('capabilities_baseline');
    expect(at(0)).toContain('seccompProfile_baseline');
    expect(at(0)).not.toContain('allowPrivilegeEscalation');
    expect(at(8)).toContain('allowPrivilegeEscalation');
    expect(at(19)).not.toContain('seccompProfile_baseline');
    expect(at(22)).not.toContain('capabilities_baseline');
    expect(at(23)).toContain('runAsUser');
    expect(at(34)).toContain('procMount');
    expect(at(35)).not.toContain('procMount');
    expect(at(35)).toContain('procMount_restricted');
    expect(checksFor('baseline', 33).map((c) => c.id)).not.toContain('hostProbesAndHostLifecycle');
    expect(checksFor('baseline', 34).map((c) => c.id)).toContain('hostProbesAndHostLifecycle');
  });
  it('orders results baseline first, by id', () => {
    const spec = withContainerSC({ privileged: true, allowPrivilegeEscalation: true }, { hostNetwork: true });
    expect(ids(spec)).toEqual(['hostNamespaces', 'privileged', 'allowPrivilegeEscalation']);
  });
});

describe('privileged', () => {
  it('fails on true in any container list, with the path', () => {
    const spec = good({
      initContainers: [
        {
          name: 'i',
          securityContext: {
            privileged: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
          },
        },
      ],
    });
    const r = only(spec, 'privileged', 'baseline');
    expect(r.paths).toEqual([['initContainers', 0, 'securityContext', 'privileged']]);
    expect(r.detail).toBe('container "i" must not set securityContext.privileged=true');
  });
  it('passes on false', () => expect(ids(withContainerSC({ privileged: false }), 'baseline')).toEqual([]));
});

describe('hostNamespaces', () => {
  it('fails on each true field', () => {
    const r = only(good({ hostPID: true, hostIPC: true, hostNetwork: false }), 'hostNamespaces', 'baseline');
    expect(r.paths).toEqual([['hostPID'], ['hostIPC']]);
  });
});

describe('capabilities_baseline', () => {
  it('allows the default set and ignores drop', () => {
    expect(
      ids(
        good({ containers: [{ name: 'a', securityContext: { capabilities: { add: ['CHOWN', 'KILL'] } } }] }),
        'baseline',
      ),
    ).toEqual([]);
  });
  it('rejects NET_RAW, SYS_ADMIN and lowercase names', () => {
    const spec = good({
      containers: [{ name: 'a', securityContext: { capabilities: { add: ['CHOWN', 'NET_RAW', 'chown'] } } }],
    });
    const r = only(spec, 'capabilities_baseline', 'baseline');
    expect(r.paths).toEqual([
      ['containers', 0, 'securityContext', 'capabilities', 'add', 1],
      ['containers', 0, 'securityContext', 'capabilities', 'add', 2],
    ]);
  });
  it('is replaced by capabilities_restricted at restricted from v1.22', () => {
    const spec = withContainerSC({ capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } });
    expect(ids(spec, 'restricted', 'v1.21')).toEqual(['capabilities_baseline']);
    expect(ids(spec, 'restricted', 'v1.22')).toEqual(['capabilities_restricted']);
  });
});

describe('hostPorts', () => {
  it('fails on a non-zero hostPort, passes on 0', () => {
    const spec = good({
      containers: [
        {
          name: 'a',
          ports: [
            { containerPort: 80, hostPort: 0 },
            { containerPort: 81, hostPort: 8081 },
          ],
        },
      ],
    });
    expect(only(spec, 'hostPorts', 'baseline').paths).toEqual([['containers', 0, 'ports', 1, 'hostPort']]);
  });
});

describe('hostPathVolumes / restrictedVolumes', () => {
  const spec = good({
    volumes: [{ name: 'ok', emptyDir: {} }, { name: 'h', hostPath: { path: '/' } }, { name: 'bare' }],
  });
  it('baseline reports hostPath volumes', () => {
    expect(only(spec, 'hostPathVolumes', 'baseline').paths).toEqual([['volumes', 1, 'hostPath']]);
  });
  it('restricted reports them as restrictedVolumes; a source-less volume is defaulted to emptyDir', () => {
    expect(ids(spec)).toEqual(['restrictedVolumes']);
    expect(only(spec, 'restrictedVolumes').paths).toEqual([['volumes', 1, 'hostPath']]);
  });
  it('restricted rejects nfs and unknown sources, accepts image and ephemeral', () => {
    expect(ids(good({ volumes: [{ name: 'n', nfs: { server: 's', path: '/' } }] }))).toEqual([
      'restrictedVolumes',
    ]);
    expect(ids(good({ volumes: [{ name: 'n', madeUp: {} }] }))).toEqual(['restrictedVolumes']);
    expect(
      ids(
        good({
          volumes: [
            { name: 'i', image: { reference: 'x' } },
            { name: 'e', ephemeral: {} },
          ],
        }),
      ),
    ).toEqual([]);
  });
});

describe('appArmorProfile', () => {
  it('fails on Unconfined and empty types, at pod and container', () => {
    const spec = withContainerSC(
      { appArmorProfile: {} },
      {
        securityContext: {
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
          appArmorProfile: { type: 'Unconfined' },
        },
      },
    );
    expect(only(spec, 'appArmorProfile', 'baseline').paths).toEqual([
      ['securityContext', 'appArmorProfile', 'type'],
      ['containers', 0, 'securityContext', 'appArmorProfile'],
    ]);
  });
  it('passes RuntimeDefault and Localhost', () => {
    expect(
      ids(withContainerSC({ appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } }), 'baseline'),
    ).toEqual([]);
  });
  it('checks the beta annotations, with a metadata path', () => {
    const key = 'container.apparmor.security.beta.kubernetes.io/whatever';
    const r = only(good(), 'appArmorProfile', 'baseline', 'v1.0', { annotations: { [key]: 'unconfined' } });
    expect(r.paths).toEqual([['metadata', 'annotations', key]]);
    for (const v of ['', 'runtime/default', 'localhost/p']) {
      expect(ids(good(), 'baseline', 'latest', { annotations: { [key]: v } })).toEqual([]);
    }
  });
});

describe('seLinuxOptions', () => {
  it('allows container_engine_t only from v1.31', () => {
    const spec = withContainerSC({ seLinuxOptions: { type: 'container_engine_t', level: 's0:c1' } });
    expect(ids(spec, 'baseline', 'v1.30')).toEqual(['seLinuxOptions']);
    expect(ids(spec, 'baseline', 'v1.31')).toEqual([]);
  });
  it('rejects user and role, at pod level too', () => {
    const r = only(
      good({
        securityContext: {
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
          seLinuxOptions: { user: 'u', role: '' },
        },
      }),
      'seLinuxOptions',
      'baseline',
    );
    expect(r.paths).toEqual([['securityContext', 'seLinuxOptions', 'user']]);
  });
});

describe('procMount / procMount_restricted', () => {
  const unmasked = withContainerSC({ procMount: 'Unmasked' });
  const userns = withContainerSC({ procMount: 'Unmasked' }, { hostUsers: false });
  it('baseline: fails, and hostUsers:false allows it from v1.35', () => {
    expect(ids(unmasked, 'baseline')).toEqual(['procMount']);
    expect(ids(userns, 'baseline', 'v1.34')).toEqual(['procMount']);
    expect(ids(userns, 'baseline', 'v1.35')).toEqual([]);
    expect(ids(withContainerSC({ procMount: 'Default' }), 'baseline')).toEqual([]);
  });
  it('restricted: procMount_restricted from v1.35, no relaxation', () => {
    expect(ids(userns, 'restricted', 'v1.34')).toEqual(['procMount']);
    expect(ids(userns, 'restricted', 'v1.35')).toEqual(['procMount_restricted']);
    expect(only(unmasked, 'procMount_restricted').paths).toEqual([
      ['containers', 0, 'securityContext', 'procMount'],
    ]);
  });
});

describe('seccompProfile_baseline', () => {
  it('v1.0 reads only annotations; empty fails, absent passes', () => {
    const meta = { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': '' } };
    expect(ids({ containers: [{ name: 'a' }] }, 'baseline', 'v1.18', meta)).toEqual([
      'seccompProfile_baseline',
    ]);
    expect(ids({ containers: [{ name: 'a' }] }, 'baseline', 'v1.19', meta)).toEqual([]);
    const perContainer = {
      annotations: {
        'container.seccomp.security.alpha.kubernetes.io/a': 'unconfined',
        'container.seccomp.security.alpha.kubernetes.io/zz': 'unconfined',
      },
    };
    const r = only(
      { containers: [{ name: 'a' }] },
      'seccompProfile_baseline',
      'baseline',
      'v1.0',
      perContainer,
    );
    expect(r.paths).toEqual([
      ['metadata', 'annotations', 'container.seccomp.security.alpha.kubernetes.io/a'],
    ]);
    expect(
      ids({ containers: [{ name: 'a' }] }, 'baseline', 'v1.0', {
        annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'docker/default' },
      }),
    ).toEqual([]);
  });
  it('v1.19+ reads fields: Unconfined and {} fail', () => {
    const fields = {
      containers: [{ name: 'a', securityContext: { seccompProfile: {} } }],
      securityContext: { seccompProfile: { type: 'Unconfined' } },
    };
    expect(ids(fields, 'baseline', 'v1.0')).toEqual([]);
    expect(only(fields, 'seccompProfile_baseline', 'baseline', 'v1.19').paths).toEqual([
      ['securityContext', 'seccompProfile', 'type'],
      ['containers', 0, 'securityContext', 'seccompProfile'],
    ]);
  });
});

describe('sysctls', () => {
  const spec = (name: string) =>
    good({
      securityContext: {
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
        sysctls: [{ name, value: '1' }],
      },
    });
  it('grows the allow-list by version', () => {
    expect(ids(spec('net.ipv4.ip_local_reserved_ports'), 'baseline', 'v1.26')).toEqual(['sysctls']);
    expect(ids(spec('net.ipv4.ip_local_reserved_ports'), 'baseline', 'v1.27')).toEqual([]);
    expect(ids(spec('net.ipv4.tcp_keepalive_time'), 'baseline', 'v1.28')).toEqual(['sysctls']);
    expect(ids(spec('net.ipv4.tcp_keepalive_time'), 'baseline', 'v1.29')).toEqual([]);
    expect(ids(spec('net.ipv4.tcp_rmem'), 'baseline', 'v1.31')).toEqual(['sysctls']);
    expect(ids(spec('net.ipv4.tcp_rmem'), 'baseline', 'v1.32')).toEqual([]);
    expect(ids(spec('net.ipv4.tcp_notsent_lowat'), 'baseline', 'v1.36')).toEqual(['sysctls']);
    expect(ids(spec('net.ipv4.tcp_notsent_lowat'), 'baseline', 'v1.37')).toEqual([]);
  });
  it('points at the name', () => {
    const r = only(spec('kernel.msgmax'), 'sysctls', 'baseline');
    expect(r.paths).toEqual([['securityContext', 'sysctls', 0, 'name']]);
    expect(r.detail).toBe('kernel.msgmax');
  });
});

describe('windowsHostProcess', () => {
  it('fails at pod and container level', () => {
    const spec = withContainerSC(
      { windowsOptions: { hostProcess: true } },
      {
        securityContext: {
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
          windowsOptions: { hostProcess: true },
        },
      },
    );
    const r = only(spec, 'windowsHostProcess', 'baseline');
    expect(r.paths).toHaveLength(2);
    expect(r.detail).toBe(
      'pod and container "app" must not set securityContext.windowsOptions.hostProcess=true',
    );
  });
});

describe('hostProbesAndHostLifecycle', () => {
  const spec = good({
    containers: [
      {
        name: 'a',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        livenessProbe: { httpGet: { host: 'localhost', port: 80 } },
        readinessProbe: { tcpSocket: { host: '', port: 80 } },
        lifecycle: { preStop: { tcpSocket: { host: '10.0.0.1', port: 1 } } },
      },
    ],
  });
  it('fails on any non-empty host from v1.34 on', () => {
    expect(ids(spec, 'baseline', 'v1.33')).toEqual([]);
    expect(only(spec, 'hostProbesAndHostLifecycle', 'baseline', 'v1.34').paths).toEqual([
      ['containers', 0, 'livenessProbe', 'httpGet', 'host'],
      ['containers', 0, 'lifecycle', 'preStop', 'tcpSocket', 'host'],
    ]);
  });
});

describe('allowPrivilegeEscalation', () => {
  it('requires an explicit false; paths to the nearest existing parent', () => {
    const spec = good({
      containers: [
        { name: 'a' },
        { name: 'b', securityContext: null },
        { name: 'c', securityContext: { allowPrivilegeEscalation: true } },
      ],
    });
    expect(only(spec, 'allowPrivilegeEscalation').paths).toEqual([
      ['containers', 0],
      ['containers', 1, 'securityContext'],
      ['containers', 2, 'securityContext', 'allowPrivilegeEscalation'],
    ]);
  });
  it('starts at v1.8 and exempts Windows pods from v1.25', () => {
    const spec = withContainerSC({ allowPrivilegeEscalation: null }, { os: { name: 'windows' } });
    expect(ids(spec, 'restricted', 'v1.7')).toEqual([]);
    expect(ids(spec, 'restricted', 'v1.24')).toEqual(['allowPrivilegeEscalation']);
    expect(ids(spec, 'restricted', 'v1.25')).toEqual([]);
    expect(
      ids(
        withContainerSC({ allowPrivilegeEscalation: null }, { os: { name: 'Windows' } }),
        'restricted',
        'v1.25',
      ),
    ).toEqual(['allowPrivilegeEscalation']);
  });
});

describe('capabilities_restricted', () => {
  it('needs drop ALL exactly and allows only NET_BIND_SERVICE in add', () => {
    expect(ids(withContainerSC({ capabilities: { drop: ['all'] } }))).toEqual(['capabilities_restricted']);
    expect(ids(withContainerSC({ capabilities: {} }))).toEqual(['capabilities_restricted']);
    expect(ids(withContainerSC({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }))).toEqual([]);
    const r = only(withContainerSC({ capabilities: { add: ['CHOWN'] } }), 'capabilities_restricted');
    expect(r.paths).toEqual([
      ['containers', 0, 'securityContext', 'capabilities'],
      ['containers', 0, 'securityContext', 'capabilities', 'add', 0],
    ]);
  });
  it('exempts Windows pods from v1.25', () => {
    const spec = withContainerSC({ capabilities: null }, { os: { name: 'windows' } });
    expect(ids(spec, 'restricted', 'v1.24')).toEqual(['capabilities_restricted']);
    expect(ids(spec, 'restricted', 'v1.25')).toEqual([]);
  });
});

describe('runAsNonRoot', () => {
  const bare = {
    containers: [
      { name: 'a', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
    ],
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
  };
  it('a container inherits a pod-level true', () => {
    expect(ids(bare)).toEqual(['runAsNonRoot']);
    expect(only(bare, 'runAsNonRoot').paths).toEqual([['containers', 0, 'securityContext']]);
    expect(
      ids({ ...bare, securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } }),
    ).toEqual([]);
  });
  it('an explicit container false fails even when the pod is true; a pod false fails even when containers are true', () => {
    expect(ids(withContainerSC({ runAsNonRoot: false }))).toEqual(['runAsNonRoot']);
    const podFalse = withContainerSC(
      { runAsNonRoot: true },
      { securityContext: { runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } } },
    );
    expect(only(podFalse, 'runAsNonRoot').paths).toEqual([['securityContext', 'runAsNonRoot']]);
  });
  it('a pod with no containers passes; hostUsers:false exempts from v1.35', () => {
    expect(ids({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } })).toEqual([]);
    const userns = { ...bare, hostUsers: false };
    expect(ids(userns, 'restricted', 'v1.34')).toEqual(['runAsNonRoot']);
    expect(ids(userns, 'restricted', 'v1.35')).toEqual([]);
    expect(ids({ ...bare, hostUsers: true }, 'restricted', 'v1.35')).toEqual(['runAsNonRoot']);
  });
  it('Windows pods still need it', () => {
    expect(ids({ containers: [{ name: 'a' }], os: { name: 'windows' } })).toEqual(['runAsNonRoot']);
    expect(
      ids({ containers: [{ name: 'a' }], os: { name: 'windows' }, securityContext: { runAsNonRoot: true } }),
    ).toEqual([]);
  });
});

describe('runAsUser', () => {
  it('forbids an explicit 0 anywhere from v1.23, nothing inherited', () => {
    const spec = withContainerSC(
      { runAsUser: 1000 },
      { securityContext: { runAsNonRoot: true, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } } },
    );
    expect(ids(spec, 'restricted', 'v1.22')).toEqual([]);
    expect(only(spec, 'runAsUser', 'restricted', 'v1.23').paths).toEqual([['securityContext', 'runAsUser']]);
    expect(ids(withContainerSC({ runAsUser: 0 }))).toEqual(['runAsUser']);
    expect(ids(withContainerSC({ runAsUser: 0 }, { hostUsers: false }), 'restricted', 'v1.35')).toEqual([]);
  });
});

describe('seccompProfile_restricted', () => {
  const c = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
  it('a container inherits a valid pod profile, fails with none', () => {
    expect(
      ids({ securityContext: { runAsNonRoot: true }, containers: [{ name: 'a', securityContext: c }] }),
    ).toEqual(['seccompProfile_restricted']);
    expect(
      ids({
        securityContext: { runAsNonRoot: true },
        containers: [{ name: 'a', securityContext: { ...c, seccompProfile: { type: 'Localhost' } } }],
      }),
    ).toEqual([]);
  });
  it('an explicit bad value fails anywhere', () => {
    const podBad = {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } },
      containers: [{ name: 'a', securityContext: { ...c, seccompProfile: { type: 'RuntimeDefault' } } }],
    };
    expect(only(podBad, 'seccompProfile_restricted').paths).toEqual([
      ['securityContext', 'seccompProfile', 'type'],
    ]);
    expect(ids(withContainerSC({ seccompProfile: {} }))).toEqual(['seccompProfile_restricted']);
  });
  it('starts at v1.19 (replacing the baseline annotation check) and exempts Windows from v1.25', () => {
    const none = { securityContext: { runAsNonRoot: true }, containers: [{ name: 'a', securityContext: c }] };
    expect(ids(none, 'restricted', 'v1.18')).toEqual([]);
    expect(ids(none, 'restricted', 'v1.19')).toEqual(['seccompProfile_restricted']);
    expect(ids({ ...none, os: { name: 'windows' } }, 'restricted', 'v1.25')).toEqual([]);
  });
});

describe('toCheckResults', () => {
  const deployment: Json = {
    kind: 'Deployment',
    metadata: { name: 'goof' },
    spec: {
      template: {
        metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/goof': 'unconfined' } },
        spec: {
          containers: [
            { name: 'goof', image: 'goof', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } },
          ],
        },
      },
    },
  };
  const w = workloadOf(deployment) as Workload;
  const results = evaluatePss(w.podMeta, w.podSpec, 'restricted');
  const found = toCheckResults(w, results, 'restricted');
  it('prefixes paths and names containers', () => {
    const rn = found.find((f) => f.ruleId === 'pss/runAsNonRoot');
    expect(rn?.path).toEqual(['spec', 'template', 'spec', 'containers', 0, 'securityContext']);
    expect(rn?.container).toBe('goof');
    expect(rn?.severity).toBe('high');
    const aa = found.find((f) => f.ruleId === 'pss/appArmorProfile');
    expect(aa?.path).toEqual([
      'spec',
      'template',
      'metadata',
      'annotations',
      'container.apparmor.security.beta.kubernetes.io/goof',
    ]);
    expect(aa?.container).toBeUndefined();
  });
  it('rates every violation of the enforced level at least high (admission would reject the pod)', () => {
    const caps = found.filter((f) => f.ruleId === 'pss/capabilities_restricted');
    expect(caps.map((f) => f.severity)).toEqual(['high', 'high']);
    expect(found.every((f) => f.severity === 'high' || f.severity === 'critical')).toBe(true);
    expect(found.every((f) => f.title && f.message && f.fix)).toBe(true);
  });
});

describe('YAML 1.1 booleans', () => {
  it('matter: kubectl reads `yes` as true, so manifests must be parsed in 1.1 mode', () => {
    const text = 'containers:\n- name: a\n  securityContext:\n    privileged: yes\n';
    expect(ids(parse(text, { version: '1.1' }) as Json, 'baseline')).toEqual(['privileged']);
    // Read as YAML 1.2 the value is the string "yes", which a Go *bool never holds: not flagged.
    expect(ids(parse(text) as Json, 'baseline')).toEqual([]);
  });
});
