import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Json } from '../types.js';
import { evaluateRecommended } from './evaluate.js';
import { RECOMMENDED_CHECKS } from './index.js';

/** A Deployment whose pod is clean for every recommended check, with `patch` applied to the pod spec. */
function clean(): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          serviceAccountName: 'web',
          automountServiceAccountToken: false,
          hostUsers: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 },
          containers: [
            {
              name: 'app',
              image: 'ghcr.io/acme/web:1.4.2@sha256:' + 'a'.repeat(64),
              ports: [{ containerPort: 8080, name: 'http' }],
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { cpu: '500m', memory: '256Mi' },
              },
              securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
              readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
              env: [{ name: 'LOG_LEVEL', value: 'info' }],
            },
          ],
        },
      },
    },
  };
}

type Mutate = (d: Json, pod: Json, c: Json) => Json[] | undefined;

function run(id: string, mutate?: Mutate) {
  const d = clean();
  const pod = (d.spec as Json).template as Json;
  const spec = pod.spec as Json;
  const c = (spec.containers as Json[])[0]!;
  const extra = mutate?.(d, spec, c) ?? [];
  return evaluateRecommended(d, { all: [d, ...extra] }).filter((r) => r.ruleId === id);
}

const C = ['spec', 'template', 'spec', 'containers', 0];
const P = ['spec', 'template', 'spec'];

/** For every check: a violating change, the expected path, and (optionally) extra clean variants. */
const CASES: Record<string, { bad: Mutate; path: (string | number)[]; good?: Mutate[] }> = {
  'automount-service-account-token': {
    bad: (_d, pod) => {
      delete pod.automountServiceAccountToken;
      return undefined;
    },
    path: P,
    good: [
      (_d, pod) => {
        delete pod.automountServiceAccountToken;
        return [
          {
            kind: 'ServiceAccount',
            metadata: { name: 'web', namespace: 'shop' },
            automountServiceAccountToken: false,
          },
        ];
      },
    ],
  },
  'debug-container-port': {
    bad: (_d, _pod, c) => {
      (c.ports as Json[]).push({ containerPort: 9229 });
      return undefined;
    },
    path: [...C, 'ports', 1, 'containerPort'],
  },
  'debug-port-exposed': {
    bad: (_d, _pod, c) => {
      (c.ports as Json[]).push({ containerPort: 5005, name: 'jdwp' });
      return [
        {
          kind: 'Service',
          metadata: { name: 'web' },
          spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'jdwp' }] },
        },
      ];
    },
    path: [...C, 'ports', 1, 'containerPort'],
    good: [
      // The Service selects other pods.
      () => [
        {
          kind: 'Service',
          metadata: { name: 'x' },
          spec: { selector: { app: 'other' }, ports: [{ port: 9229 }] },
        },
      ],
      // Another namespace.
      () => [
        {
          kind: 'Service',
          metadata: { name: 'x', namespace: 'dev' },
          spec: { selector: { app: 'web' }, ports: [{ port: 9229 }] },
        },
      ],
      // Service port 9229 but sent to the app port.
      () => [
        {
          kind: 'Service',
          metadata: { name: 'x' },
          spec: { selector: { app: 'web' }, ports: [{ port: 9229, targetPort: 8080 }] },
        },
      ],
    ],
  },
  'default-namespace': {
    bad: (d) => {
      (d.metadata as Json).namespace = 'default';
      return undefined;
    },
    path: ['metadata', 'namespace'],
    good: [
      (d) => {
        delete (d.metadata as Json).namespace;
        return undefined;
      },
    ],
  },
  'default-service-account': {
    bad: (_d, pod) => {
      delete pod.serviceAccountName;
      return undefined;
    },
    path: P,
  },
  'deprecated-service-account-field': {
    bad: (_d, pod) => {
      pod.serviceAccount = 'web';
      return undefined;
    },
    path: [...P, 'serviceAccount'],
  },
  'docker-socket': {
    bad: (_d, pod) => {
      pod.volumes = [{ name: 'sock', hostPath: { path: '/var/run//docker.sock' } }];
      return undefined;
    },
    path: [...P, 'volumes', 0, 'hostPath', 'path'],
    good: [
      (_d, pod) => {
        pod.volumes = [{ name: 'data', hostPath: { path: '/srv/data' } }];
        return undefined;
      },
    ],
  },
  'exposed-service': {
    bad: () => [
      {
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] },
      },
    ],
    path: ['spec', 'template', 'metadata', 'labels'],
    good: [
      () => [
        {
          kind: 'Service',
          metadata: { name: 'web' },
          spec: {
            type: 'LoadBalancer',
            loadBalancerSourceRanges: ['10.0.0.0/8'],
            selector: { app: 'web' },
            ports: [{ port: 80 }],
          },
        },
      ],
    ],
  },
  'host-aliases': {
    bad: (_d, pod) => {
      pod.hostAliases = [{ ip: '10.0.0.1', hostnames: ['api'] }];
      return undefined;
    },
    path: [...P, 'hostAliases'],
  },
  'host-users': {
    bad: (_d, pod) => {
      delete pod.hostUsers;
      return undefined;
    },
    path: P,
  },
  'image-no-digest': {
    bad: (_d, _pod, c) => {
      c.image = 'ghcr.io/acme/web:1.4.2';
      return undefined;
    },
    path: [...C, 'image'],
  },
  'image-pull-policy': {
    bad: (_d, _pod, c) => {
      c.image = 'goof:latest';
      c.imagePullPolicy = 'Never';
      return undefined;
    },
    path: [...C, 'imagePullPolicy'],
    good: [
      (_d, _pod, c) => {
        c.image = 'goof:1.0';
        c.imagePullPolicy = 'IfNotPresent';
        return undefined;
      },
      (_d, _pod, c) => {
        c.image = 'goof';
        c.imagePullPolicy = 'Always';
        return undefined;
      },
    ],
  },
  'image-tag-latest': {
    bad: (_d, _pod, c) => {
      c.image = 'registry.local:5000/team/mongo';
      return undefined;
    },
    path: [...C, 'image'],
    good: [
      (_d, _pod, c) => {
        c.image = `mongo@sha256:${'b'.repeat(64)}`;
        return undefined;
      },
      (_d, _pod, c) => {
        c.image = 'registry.local:5000/mongo:7.0';
        return undefined;
      },
    ],
  },
  'known-risky-image': {
    bad: (_d, _pod, c) => {
      c.image = 'gcr.io/kubernetes-helm/tiller:v2.16.0';
      return undefined;
    },
    path: [...C, 'image'],
  },
  'low-gid': {
    bad: (_d, pod) => {
      delete pod.hostUsers;
      (pod.securityContext as Json).runAsGroup = 1000;
      return undefined;
    },
    path: [...P, 'securityContext', 'runAsGroup'],
  },
  'low-uid': {
    bad: (_d, pod, c) => {
      delete pod.hostUsers;
      (c.securityContext as Json).runAsUser = 999;
      return undefined;
    },
    path: [...C, 'securityContext', 'runAsUser'],
    good: [
      (_d, pod, c) => {
        delete pod.hostUsers;
        (c.securityContext as Json).runAsUser = 0;
        return undefined;
      },
    ],
  },
  'no-cpu-limits': {
    bad: (_d, _pod, c) => {
      delete ((c.resources as Json).limits as Json).cpu;
      return undefined;
    },
    path: [...C, 'resources', 'limits'],
    good: [
      (_d, _pod, c) => {
        delete ((c.resources as Json).limits as Json).cpu;
        return [
          {
            kind: 'LimitRange',
            metadata: { name: 'lr', namespace: 'shop' },
            spec: { limits: [{ type: 'Container', default: { cpu: '1' } }] },
          },
        ];
      },
    ],
  },
  'no-cpu-requests': {
    bad: (_d, _pod, c) => {
      c.resources = { limits: { memory: '1Gi' } };
      return undefined;
    },
    path: [...C, 'resources'],
    good: [
      (_d, _pod, c) => {
        // A request defaults to the limit.
        c.resources = { limits: { cpu: '1', memory: '1Gi' }, requests: { memory: '1Gi' } };
        return undefined;
      },
    ],
  },
  'no-liveness-probe': {
    bad: (_d, _pod, c) => {
      delete c.livenessProbe;
      return undefined;
    },
    path: C,
  },
  'no-memory-limits': {
    bad: (_d, _pod, c) => {
      delete c.resources;
      return undefined;
    },
    path: C,
  },
  'no-memory-requests': {
    bad: (_d, _pod, c) => {
      c.resources = { requests: { cpu: '1' } };
      return undefined;
    },
    path: [...C, 'resources', 'requests'],
  },
  'no-network-policy': {
    bad: () => [
      {
        kind: 'NetworkPolicy',
        metadata: { name: 'db' },
        spec: { podSelector: { matchLabels: { app: 'db' } } },
      },
    ],
    path: ['spec', 'template', 'metadata', 'labels'],
    good: [
      () => [{ kind: 'NetworkPolicy', metadata: { name: 'deny' }, spec: { podSelector: {} } }],
      () => [
        {
          kind: 'NetworkPolicy',
          metadata: { name: 'web' },
          spec: {
            podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] },
          },
        },
      ],
    ],
  },
  'no-readiness-probe': {
    bad: (_d, _pod, c) => {
      delete c.readinessProbe;
      return undefined;
    },
    path: C,
  },
  'no-security-context': {
    bad: (_d, pod, c) => {
      delete pod.securityContext;
      delete c.securityContext;
      return undefined;
    },
    path: C,
  },
  'privileged-port': {
    bad: (_d, _pod, c) => {
      (c.ports as Json[])[0]!.containerPort = 80;
      c.livenessProbe = { tcpSocket: { port: 80 } };
      c.readinessProbe = { tcpSocket: { port: 80 } };
      return undefined;
    },
    path: [...C, 'ports', 0, 'containerPort'],
  },
  'probe-port-not-declared': {
    bad: (_d, _pod, c) => {
      c.readinessProbe = { httpGet: { path: '/', port: 'htp' } };
      return undefined;
    },
    path: [...C, 'readinessProbe', 'httpGet', 'port'],
    good: [
      (_d, _pod, c) => {
        delete c.ports;
        c.livenessProbe = { tcpSocket: { port: 9000 } };
        return undefined;
      },
    ],
  },
  'readonly-root-filesystem': {
    bad: (_d, _pod, c) => {
      (c.securityContext as Json).readOnlyRootFilesystem = false;
      return undefined;
    },
    path: [...C, 'securityContext', 'readOnlyRootFilesystem'],
  },
  'secret-in-env': {
    bad: (_d, _pod, c) => {
      (c.env as Json[]).push({ name: 'DB_PASSWORD', value: 'hunter2hunter2' });
      return undefined;
    },
    path: [...C, 'env', 1, 'value'],
    good: [
      (_d, _pod, c) => {
        (c.env as Json[]).push(
          { name: 'DB_PASSWORD_FILE', value: '/run/secrets/db' },
          { name: 'TOKEN_TTL', value: '3600' },
          { name: 'USE_SECRET_STORE', value: 'true' },
          { name: 'API_TOKEN', value: '$(TOKEN_FROM_SECRET)' },
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        );
        return undefined;
      },
    ],
  },
  'sensitive-host-mount': {
    bad: (_d, pod) => {
      pod.volumes = [{ name: 'kubelet', hostPath: { path: '/var/lib/kubelet/pki/' } }];
      return undefined;
    },
    path: [...P, 'volumes', 0, 'hostPath', 'path'],
    good: [
      (_d, pod) => {
        pod.volumes = [{ name: 'certs', hostPath: { path: '/etc/ssl/certs' } }];
        return undefined;
      },
    ],
  },
  'ssh-port': {
    bad: (_d, _pod, c) => {
      (c.ports as Json[]).push({ containerPort: 22 });
      return undefined;
    },
    path: [...C, 'ports', 1, 'containerPort'],
  },
  'volume-claim-template': {
    bad: (d) => {
      d.kind = 'StatefulSet';
      (d.spec as Json).volumeClaimTemplates = [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
        {
          metadata: { name: 'shared' },
          spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } },
        },
      ];
      return undefined;
    },
    path: ['spec', 'volumeClaimTemplates', 1, 'spec', 'accessModes'],
  },
  'writable-host-mount': {
    bad: (_d, pod, c) => {
      pod.volumes = [{ name: 'logs', hostPath: { path: '/var/log/app' } }];
      c.volumeMounts = [{ name: 'logs', mountPath: '/logs' }];
      return undefined;
    },
    path: [...C, 'volumeMounts', 0],
    good: [
      (_d, pod, c) => {
        pod.volumes = [{ name: 'logs', hostPath: { path: '/var/log/app' } }];
        c.volumeMounts = [{ name: 'logs', mountPath: '/logs', readOnly: true }];
        return undefined;
      },
    ],
  },
};

describe('recommended checks', () => {
  it('the clean Deployment passes every check', () => {
    const d = clean();
    expect(evaluateRecommended(d, { all: [d] })).toEqual([]);
  });

  it('has a case for every check and no case without a check', () => {
    expect(Object.keys(CASES).sort()).toEqual(RECOMMENDED_CHECKS.map((c) => c.meta.id));
  });

  it('lists every check file once, sorted, with the id as its file name', () => {
    const files = readdirSync(join(dirname(fileURLToPath(import.meta.url)), 'checks'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    const ids = RECOMMENDED_CHECKS.map((c) => c.meta.id);
    expect(ids).toEqual(files);
    expect([...ids].sort()).toEqual(ids);
    for (const c of RECOMMENDED_CHECKS) {
      expect(c.meta.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(['critical', 'high', 'medium', 'low', 'info']).toContain(c.meta.severity);
      expect(c.meta.why.length).toBeGreaterThan(20);
      expect(c.meta.fix.length).toBeGreaterThan(10);
    }
  });

  for (const check of RECOMMENDED_CHECKS) {
    const id = check.meta.id;
    const tc = CASES[id];
    if (!tc) continue;
    describe(id, () => {
      it('reports the violation at the offending field', () => {
        const found = run(id, tc.bad);
        expect(found).toHaveLength(1);
        expect(found[0]!.path).toEqual(tc.path);
        expect(found[0]!.severity).toBe(check.meta.severity);
        expect(found[0]!.fix).toBeTruthy();
      });
      it('passes the clean variants', () => {
        expect(run(id)).toEqual([]);
        for (const g of tc.good ?? []) expect(run(id, g)).toEqual([]);
      });
    });
  }

  it('documents every check in docs/k8s-checks.md', () => {
    const doc = readFileSync(new URL('../../../docs/k8s-checks.md', import.meta.url), 'utf8');
    for (const c of RECOMMENDED_CHECKS) expect(doc).toContain(`### \`${c.meta.id}\` (${c.meta.severity})`);
  });

  it('skips non-workload objects', () => {
    expect(evaluateRecommended({ kind: 'Service', metadata: { name: 's' } }, { all: [] })).toEqual([]);
  });
});
