import { describe, expect, it } from 'vitest';
import { type Policy, runPolicies, SUPPRESSION_WITHOUT_REASON } from './engine.js';
import { parseManifestText } from './parse.js';
import type { CheckResult, Json } from './types.js';
import { containersOf, workloadOf } from './workloads.js';

/** A small fake policy: every container without runAsNonRoot, and hostNetwork on the pod. */
const fake: Policy = {
  name: 'fake',
  check(obj: Json): CheckResult[] {
    const w = workloadOf(obj);
    if (!w) return [];
    const out: CheckResult[] = [];
    if (w.podSpec.hostNetwork === true) {
      out.push({
        ruleId: 'pss/hostNamespaces',
        severity: 'high',
        title: 'Host namespaces',
        message: 'hostNetwork=true',
        path: [...w.podSpecPath, 'hostNetwork'],
        fix: 'remove hostNetwork',
      });
    }
    for (const c of containersOf(w.podSpec)) {
      out.push({
        ruleId: 'pss/runAsNonRoot',
        severity: 'medium',
        title: 'Runs as root',
        message: `container ${String(c.container.name)} may run as root`,
        path: [...w.podSpecPath, ...c.path, 'securityContext', 'runAsNonRoot'],
        container: String(c.container.name),
      });
    }
    return out;
  },
};

const file = (text: string, path = 'm.yaml') => ({ path, text, objects: parseManifestText(text, path) });

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
  annotations:
    ignore-check.shipshape.dev/pss.hostNamespaces: "needs the node network, OPS-12"
spec:
  template:
    metadata:
      annotations:
        ignore-check.shipshape.dev/pss.runAsNonRoot: ""
    spec:
      hostNetwork: true
      containers:
        - name: app
          image: nginx
          securityContext:
            runAsNonRoot: false
`;

describe('runPolicies', () => {
  it('maps findings to file, line, column and resource', () => {
    const plain = DEPLOY.split('\n')
      .filter((_, i) => ![5, 6, 9, 10, 11].includes(i))
      .join('\n');
    const r = runPolicies([file(plain)], { policies: [fake] });
    expect(r.objects).toBe(1);
    expect(r.findings.map((f) => [f.ruleId, f.location.line, f.location.column, f.resource])).toEqual([
      ['pss/hostNamespaces', 9, 7, { kind: 'Deployment', name: 'web', namespace: 'prod' }],
      ['pss/runAsNonRoot', 14, 13, { kind: 'Deployment', name: 'web', namespace: 'prod', container: 'app' }],
    ]);
    expect(r.findings[0]?.fix).toBe('remove hostNetwork');
  });

  it('honours suppression annotations with a reason and reports those without one', () => {
    const r = runPolicies([file(DEPLOY)], { policies: [fake] });
    expect(r.suppressed.map((f) => [f.ruleId, f.suppressed])).toEqual([
      ['pss/hostNamespaces', { by: 'annotation', reason: 'needs the node network, OPS-12' }],
    ]);
    // The empty annotation on the pod template suppresses nothing and is itself a finding, at its key.
    expect(r.findings.map((f) => [f.ruleId, f.location.line])).toEqual([
      [SUPPRESSION_WITHOUT_REASON, 12],
      ['pss/runAsNonRoot', 19],
    ]);
  });

  it('honours a reasoned annotation on the pod template, and ignore-all', () => {
    const withReason = DEPLOY.replace('pss.runAsNonRoot: ""', 'pss.runAsNonRoot: "image runs as 1000"');
    expect(runPolicies([file(withReason)], { policies: [fake] }).findings).toEqual([]);
    const all = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    shipshape.dev/ignore-all: "sandbox"\nspec:\n  hostNetwork: true\n  containers: [{name: a}]\n`;
    const r = runPolicies([file(all)], { policies: [fake] });
    expect(r.findings).toEqual([]);
    expect(r.suppressed).toHaveLength(2);
  });

  it('applies .shipshape.yaml ignore entries by id and path', () => {
    const pod = 'kind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a}]\n';
    const r = runPolicies([file(pod, 'k8s/p.yaml'), file(pod, 'other/p.yaml')], {
      policies: [fake],
      ignores: [{ id: 'pss/runAsNonRoot', path: 'k8s/**', reason: 'later' }],
    });
    expect(r.findings.map((f) => f.location.file)).toEqual(['other/p.yaml']);
    expect(r.suppressed[0]?.suppressed).toEqual({ by: 'config', reason: 'later' });
  });

  it('reports a finding once when two policies report it', () => {
    const pod = 'kind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a}]\n';
    expect(runPolicies([file(pod)], { policies: [fake, fake] }).findings).toHaveLength(1);
  });

  it('drops repeats among suppressed findings too, and keeps each file in line order', () => {
    const all = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    shipshape.dev/ignore-all: "sandbox"\nspec:\n  hostNetwork: true\n  containers: [{name: a}]\n`;
    const off = runPolicies([file(all)], { policies: [fake, fake] }).suppressed;
    expect(off.map((f) => [f.ruleId, f.location.line, f.location.column])).toEqual([
      ['pss/hostNamespaces', 8, 3],
      ['pss/runAsNonRoot', 9, 16],
    ]);
    const two =
      'kind: Pod\nmetadata: {name: a}\nspec:\n  hostNetwork: true\n  containers: [{name: web}, {name: db}]\n---\nkind: Pod\nmetadata: {name: b}\nspec:\n  containers: [{name: z}]\n';
    const found = runPolicies([file(two)], { policies: [fake, fake] }).findings;
    expect(
      found.map((f) => [f.resource.name, f.ruleId, f.resource.container, f.location.line, f.location.column]),
    ).toEqual([
      ['a', 'pss/hostNamespaces', undefined, 4, 3],
      ['a', 'pss/runAsNonRoot', 'web', 5, 16],
      ['a', 'pss/runAsNonRoot', 'db', 5, 29],
      ['b', 'pss/runAsNonRoot', 'z', 10, 16],
    ]);
  });

  it('skips unknown kinds and survives wrong field types', () => {
    const text =
      'apiVersion: x/v1\nkind: Widget\nspec: {containers: 3}\n---\nkind: Pod\nspec:\n  containers: "x"\n---\nkind: Deployment\nspec: []\n';
    const r = runPolicies([file(text)], { policies: [fake] });
    expect(r.objects).toBe(3);
    expect(r.findings).toEqual([]);
  });
});
