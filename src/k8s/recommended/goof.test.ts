import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Json } from '../types.js';
import { evaluateRecommended } from './evaluate.js';

// The seed article's goof-deployment.yaml ("Testing on local Kubernetes").
const text = readFileSync(new URL('../fixtures/goof-deployment.yaml', import.meta.url), 'utf8');
const all = parseAllDocuments(text).map((d) => d.toJS() as Json);
const [goof, mongo] = all as [Json, Json];
const C = ['spec', 'template', 'spec', 'containers', 0];

describe('goof-deployment.yaml', () => {
  const goofFindings = evaluateRecommended(goof, { all });
  const mongoFindings = evaluateRecommended(mongo, { all });
  const ids = (rs: { ruleId: string }[]) => rs.map((r) => r.ruleId);

  it('flags the latest and untagged images', () => {
    expect(goofFindings).toContainEqual(
      expect.objectContaining({ ruleId: 'image-tag-latest', path: [...C, 'image'], container: 'goof' }),
    );
    expect(mongoFindings).toContainEqual(
      expect.objectContaining({ ruleId: 'image-tag-latest', path: [...C, 'image'], container: 'goof-mongo' }),
    );
  });

  it('flags the missing limits and, for mongo, the missing requests', () => {
    for (const id of ['no-cpu-limits', 'no-memory-limits']) {
      expect(goofFindings).toContainEqual(expect.objectContaining({ ruleId: id, path: [...C, 'resources'] }));
      expect(mongoFindings).toContainEqual(expect.objectContaining({ ruleId: id, path: C }));
    }
    expect(ids(goofFindings)).not.toContain('no-cpu-requests');
    expect(ids(mongoFindings)).toEqual(expect.arrayContaining(['no-cpu-requests', 'no-memory-requests']));
  });

  it('flags the inspector port, the low UID and the rest', () => {
    expect(goofFindings).toContainEqual(
      expect.objectContaining({ ruleId: 'debug-container-port', path: [...C, 'ports', 1, 'containerPort'] }),
    );
    expect(mongoFindings).toContainEqual(
      expect.objectContaining({
        ruleId: 'low-uid',
        path: ['spec', 'template', 'spec', 'securityContext', 'runAsUser'],
      }),
    );
    for (const id of [
      'readonly-root-filesystem',
      'automount-service-account-token',
      'default-service-account',
      'no-liveness-probe',
      'no-readiness-probe',
      'image-no-digest',
    ]) {
      expect(ids(goofFindings)).toContain(id);
      expect(ids(mongoFindings)).toContain(id);
    }
    expect(ids(goofFindings)).toContain('no-security-context');
    expect(ids(mongoFindings)).not.toContain('no-security-context');
    // DOCKER=1 is no secret; no namespace is set at all.
    expect(ids([...goofFindings, ...mongoFindings])).not.toContain('secret-in-env');
    expect(ids([...goofFindings, ...mongoFindings])).not.toContain('default-namespace');
  });

  it('reports the inspector as exposed once a Service forwards to it', () => {
    const svc: Json = {
      kind: 'Service',
      metadata: { name: 'goof' },
      spec: {
        type: 'NodePort',
        selector: { app: 'goof', tier: 'frontend' },
        ports: [{ name: 'debug', port: 9229 }],
      },
    };
    const rs = evaluateRecommended(goof, { all: [...all, svc] });
    expect(rs).toContainEqual(
      expect.objectContaining({
        ruleId: 'debug-port-exposed',
        severity: 'high',
        path: [...C, 'ports', 1, 'containerPort'],
      }),
    );
    expect(ids(rs)).not.toContain('debug-container-port');
    expect(ids(rs)).toContain('exposed-service');
    // The Service selects tier: frontend only.
    expect(ids(evaluateRecommended(mongo, { all: [...all, svc] }))).not.toContain('debug-port-exposed');
  });
});
