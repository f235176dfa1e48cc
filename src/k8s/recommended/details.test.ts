import { describe, expect, it } from 'vitest';
import type { Json } from '../types.js';
import { normalizeHostPath, parseImage } from './check.js';
import { secretReason } from './checks/secret-in-env.js';
import { evaluateRecommended } from './evaluate.js';

describe('parseImage', () => {
  it.each([
    ['mongo', { repository: 'mongo' }],
    ['goof:latest', { repository: 'goof', tag: 'latest' }],
    ['localhost:5000/app', { repository: 'localhost:5000/app' }],
    ['localhost:5000/app:1.2', { repository: 'localhost:5000/app', tag: '1.2' }],
    ['app@sha256:abc', { repository: 'app', digest: 'sha256:abc' }],
    ['r.io/a/b:1@sha256:abc', { repository: 'r.io/a/b', tag: '1', digest: 'sha256:abc' }],
  ])('%s', (image, want) => expect(parseImage(image)).toEqual(want));
});

it('normalizes host paths', () => {
  expect(normalizeHostPath('/var/run//docker.sock/')).toBe('/var/run/docker.sock');
  expect(normalizeHostPath('/tmp/../etc/./')).toBe('/etc');
  expect(normalizeHostPath('/../..')).toBe('/');
});

describe('secretReason', () => {
  it.each([
    ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE'],
    ['GH', `ghp_${'a'.repeat(36)}`],
    ['X', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...'],
    ['DATABASE_URL', 'postgres://app:s3cr3tpw@db:5432/app'],
    ['API_KEY', 'c2VjcmV0LXZhbHVlLTEyMw'],
    ['client-secret', 'abcdefgh12345678'],
  ])('flags %s', (name, value) => expect(secretReason(name, value)).not.toBeNull());

  it.each([
    ['DOCKER', '1'],
    ['PASSWORD', 'short'],
    ['PASSWORD_FILE', '/run/secrets/pw'],
    ['AWS_ACCESS_KEY_ID', 'not-a-key-at-all'],
    ['TOKEN_URL', 'https://auth.example.com/token'],
    ['DATABASE_URL', 'postgres://app@db:5432/app'],
    ['SECRET', '${SECRET_FROM_VAULT}'],
    ['SESSION_SECRET_ENABLED', 'true'],
  ])('passes %s', (name, value) => expect(secretReason(name, value)).toBeNull());

  it('cannot be made to backtrack', () => {
    const start = performance.now();
    for (const v of [
      'a:'.repeat(8000),
      `eyJ${'a'.repeat(5000)}.eyJ`,
      `x://${'a'.repeat(250)}:${':'.repeat(8000)}`,
      `-----BEGIN ${' '.repeat(10000)}`,
    ]) {
      secretReason('PASSWORD', v);
    }
    expect(performance.now() - start).toBeLessThan(200);
  });
});

function pod(kind: string, spec: Json): Json {
  const podSpec = { containers: [{ name: 'c', image: 'busybox:1.36' }], ...spec };
  if (kind === 'Pod') return { kind, metadata: { name: 'p' }, spec: podSpec };
  if (kind === 'CronJob') {
    return {
      kind,
      metadata: { name: 'p' },
      spec: { jobTemplate: { spec: { template: { spec: podSpec } } } },
    };
  }
  return { kind, metadata: { name: 'p' }, spec: { template: { spec: podSpec } } };
}

describe('probes', () => {
  const probeIds = (o: Json) =>
    evaluateRecommended(o, { all: [o] })
      .map((r) => r.ruleId)
      .filter((id) => id.endsWith('-probe'));

  it('are not required of Jobs, CronJobs and run-to-completion pods', () => {
    expect(probeIds(pod('Job', {}))).toEqual([]);
    expect(probeIds(pod('CronJob', {}))).toEqual([]);
    expect(probeIds(pod('Pod', { restartPolicy: 'Never' }))).toEqual([]);
  });

  it('liveness is required of long-running pods, readiness only when ports are declared', () => {
    expect(probeIds(pod('Deployment', {}))).toEqual(['no-liveness-probe']);
    const withPort = pod('DaemonSet', {
      containers: [{ name: 'c', image: 'x:1', ports: [{ containerPort: 8080 }] }],
    });
    expect(probeIds(withPort)).toEqual(['no-liveness-probe', 'no-readiness-probe']);
  });

  it('apply to native sidecars but not to plain init containers', () => {
    const o = pod('Deployment', {
      initContainers: [
        { name: 'migrate', image: 'x:1' },
        { name: 'proxy', image: 'x:1', restartPolicy: 'Always' },
      ],
      containers: [{ name: 'c', image: 'x:1', livenessProbe: { exec: { command: ['true'] } } }],
    });
    const rs = evaluateRecommended(o, { all: [o] }).filter((r) => r.ruleId === 'no-liveness-probe');
    expect(rs.map((r) => r.container)).toEqual(['proxy']);
  });
});

describe('paths start at the object root for every kind', () => {
  it('CronJob', () => {
    const o = pod('CronJob', { volumes: [{ name: 'd', hostPath: { path: '/proc' } }] });
    const r = evaluateRecommended(o, { all: [o] }).find((x) => x.ruleId === 'sensitive-host-mount');
    expect(r?.path).toEqual([
      'spec',
      'jobTemplate',
      'spec',
      'template',
      'spec',
      'volumes',
      0,
      'hostPath',
      'path',
    ]);
  });

  it('Pod, with a container-level override winning over the pod', () => {
    const o = pod('Pod', {
      securityContext: { runAsUser: 20000 },
      containers: [{ name: 'c', image: 'x:1', securityContext: { runAsUser: 1000 } }],
    });
    const r = evaluateRecommended(o, { all: [o] }).find((x) => x.ruleId === 'low-uid');
    expect(r?.path).toEqual(['spec', 'containers', 0, 'securityContext', 'runAsUser']);
  });

  it('low-uid is skipped in a user namespace', () => {
    const o = pod('Pod', { hostUsers: false, securityContext: { runAsUser: 1000 } });
    expect(evaluateRecommended(o, { all: [o] }).map((r) => r.ruleId)).not.toContain('low-uid');
  });
});
