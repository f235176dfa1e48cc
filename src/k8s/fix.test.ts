import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { fixManifestText } from './fix.js';
import { evaluatePss } from './pss/evaluate.js';
import type { Json } from './types.js';
import { isMapping, workloadOf } from './workloads.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

/** Every workload in the text (List items included) with its restricted PSS failures. */
function restrictedFailures(text: string): { name: string; ids: string[] }[] {
  const out: { name: string; ids: string[] }[] = [];
  for (const doc of parseAllDocuments(text, { version: '1.1' })) {
    const value = doc.toJS();
    if (!isMapping(value)) continue;
    const objects = Array.isArray(value.items) ? (value.items as Json[]) : [value];
    for (const obj of objects) {
      const w = isMapping(obj) ? workloadOf(obj) : null;
      if (!w) continue;
      out.push({
        name: `${w.kind}/${w.name}`,
        ids: evaluatePss(w.podMeta, w.podSpec, 'restricted').map((r) => r.id),
      });
    }
  }
  return out;
}

function expectFixedAndStable(text: string) {
  const first = fixManifestText(text);
  expect(first.changed).toBe(true);
  for (const w of restrictedFailures(first.text)) expect(w, w.name).toEqual({ name: w.name, ids: [] });
  const second = fixManifestText(first.text);
  expect(second.changed).toBe(false);
  expect(second.text).toBe(first.text);
  return first;
}

describe('fixManifestText', () => {
  it('adds the restricted fields and keeps comments, quoting and layout (exact text)', () => {
    const input = `# a pod
apiVersion: v1
kind: Pod
metadata:
  name: "web" # quoted on purpose
spec:
  containers:
  - name: web
    image: 'nginx:1.25'
    securityContext:
      capabilities:
        drop: ["all", "NET_RAW"] # lowercase
`;
    const r = expectFixedAndStable(input);
    expect(r.text).toBe(`# a pod
apiVersion: v1
kind: Pod
metadata:
  name: "web" # quoted on purpose
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
  - name: web
    image: 'nginx:1.25'
    securityContext:
      capabilities:
        drop: ["ALL", "NET_RAW"] # lowercase
      allowPrivilegeEscalation: false
`);
  });

  it('fixes the seed goof-deployment.yaml with comments, an anchor and quotes added', () => {
    const input = fixture('goof-deployment-commented.yaml');
    expect(restrictedFailures(input).map((w) => w.ids.length > 0)).toEqual([true, true]);
    const r = expectFixedAndStable(input);
    const out = r.text;
    // Comments, anchor/alias, quoting and separators survive.
    for (const kept of [
      '# goof-deployment.yaml from the article "Testing on local Kubernetes", with comments,',
      'name: goof # the web front end',
      'matchLabels: &frontend-labels',
      'labels: *frontend-labels',
      '# the app container; the image is built locally\n      containers:',
      '# node --inspect',
      'value: "1"',
      "name: 'goof-mongo'",
      'runAsUser: 999 # the mongodb user of the image',
      '- ALL # lowercase: PSS compares case-sensitively',
    ]) {
      expect(out).toContain(kept);
    }
    expect(out.match(/^---$/gm)).toHaveLength(2);
    expect(out).not.toMatch(/- all\b/);
    // Key order: the original keys keep their order, the new pod securityContext goes before containers.
    const keys = (s: string) =>
      s
        .split('\n')
        .filter((l) => /^\s*[a-zA-Z]+:/.test(l))
        .map((l) => l.trim().split(':')[0]);
    const origKeys = keys(input);
    const outKeys = keys(out).filter((k) => origKeys.includes(k!));
    expect(
      outKeys.filter((k) => !['securityContext', 'runAsNonRoot', 'capabilities', 'drop'].includes(k!)),
    ).toEqual(
      origKeys.filter((k) => !['securityContext', 'runAsNonRoot', 'capabilities', 'drop'].includes(k!)),
    );
    // Risky changes are suggestions, not edits.
    expect(out).not.toContain('readOnlyRootFilesystem');
    expect(out).not.toContain('limits');
    const messages = r.suggestions.map((s) => `${s.doc} ${s.path.join('.')}: ${s.message}`);
    expect(
      messages.some((m) =>
        m.startsWith('0 spec.template.spec.containers.0.securityContext.readOnlyRootFilesystem'),
      ),
    ).toBe(true);
    expect(messages.some((m) => m.startsWith('0 spec.template.spec.containers.0.resources'))).toBe(true);
    expect(
      messages.some((m) => m.startsWith('0 spec.template.spec.securityContext:') && /runAsUser/.test(m)),
    ).toBe(true);
  });

  it('keeps a document that needs nothing byte for byte, and leaves non-workloads alone', () => {
    const input = `apiVersion: v1
kind: Service
metadata: {name: x}   # odd spacing kept
spec:
    ports:
    -   port: 80
`;
    expect(fixManifestText(input)).toEqual({ text: input, changed: false, suggestions: [] });
  });

  it('edits only the changed documents of helm template output; unchanged ones are spliced through as they were', () => {
    const input = `---
# Source: app/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: "app"
spec:
  ports: [{port: 80}]     # spacing kept
---
# Source: app/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  labels:
    helm.sh/chart: "app-0.1.0"
spec:
  template:
    spec:
      containers:
        - name: app
          image: "nginx:1.25"
          securityContext: {}
          ports:
            - containerPort: 8080
# trailing comment of the deployment
---
# Source: app/templates/tests/test-connection.yaml
apiVersion: v1
kind: Pod
metadata:
  name: "app-test"
  annotations:
    "helm.sh/hook": test
spec:
  containers:
    - name: wget
      image: busybox
      securityContext:
        capabilities:
          drop: ["NET_RAW"]
          add: [NET_ADMIN]
  restartPolicy: Never
`;
    const r = fixManifestText(input);
    expect(r.changed).toBe(true);
    const parts = r.text.split(/^---\n/m);
    expect(parts[1]).toBe(input.split(/^---\n/m)[1]);
    expect(r.text).toContain(`      containers:
        - name: app
          image: "nginx:1.25"
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop:
                - ALL
          ports:
            - containerPort: 8080
# trailing comment of the deployment
---
`);
    expect(r.text).toContain('drop: ["NET_RAW", "ALL"]');
    expect(r.text).toContain('add: [NET_ADMIN]');
    expect(r.suggestions).toContainEqual({
      doc: 2,
      path: ['spec', 'containers', 0, 'securityContext', 'capabilities', 'add'],
      message: expect.stringContaining('NET_ADMIN'),
    });
    // NET_ADMIN stays (a suggestion), so only capabilities_restricted still fails there.
    expect(restrictedFailures(r.text).map((w) => w.ids)).toEqual([[], ['capabilities_restricted']]);
    expect(fixManifestText(r.text).changed).toBe(false);
  });

  it('fixes a CronJob inside a List and edits an anchored securityContext where it is defined', () => {
    const input = `apiVersion: v1
kind: List
items:
- apiVersion: batch/v1
  kind: CronJob
  metadata: {name: nightly}
  spec:
    schedule: "0 3 * * *"
    jobTemplate:
      spec:
        template:
          spec:
            restartPolicy: OnFailure
            containers:
            - name: a
              image: busybox:1.36
              securityContext: &sc
                allowPrivilegeEscalation: false
            - name: b
              image: busybox:1.36
              securityContext: *sc
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: cfg}
`;
    const r = expectFixedAndStable(input);
    expect(r.text).toContain(`              securityContext: &sc
                allowPrivilegeEscalation: false
                capabilities:
                  drop:
                  - ALL
            - name: b
              image: busybox:1.36
              securityContext: *sc
`);
    expect(r.text).toContain(`          spec:
            restartPolicy: OnFailure
            securityContext:
              runAsNonRoot: true`);
    expect(restrictedFailures(r.text)).toHaveLength(1);
  });

  it('leaves a container runAsNonRoot: false and Unconfined seccomp alone, with suggestions', () => {
    const input = `kind: Pod
spec:
  securityContext:
    seccompProfile:
      type: Unconfined
  containers:
  - name: legacy
    image: x
    securityContext:
      runAsNonRoot: false
  - name: app
    image: y
`;
    const r = fixManifestText(input);
    expect(r.text).toContain('runAsNonRoot: false');
    expect(r.text).toContain('type: Unconfined');
    expect(r.text).toContain(`  - name: app
    image: y
    securityContext:
      runAsNonRoot: true
      allowPrivilegeEscalation: false`);
    const paths = r.suggestions.map((s) => s.path.join('.'));
    expect(paths).toContain('spec.containers.0.securityContext.runAsNonRoot');
    expect(paths).toContain('spec.securityContext.seccompProfile.type');
    expect(fixManifestText(r.text).changed).toBe(false);
  });

  it('does not add allowPrivilegeEscalation: false to a privileged container (the API server rejects it)', () => {
    const input = `kind: Pod
spec:
  containers:
  - name: p
    image: x
    securityContext:
      privileged: true
`;
    const r = fixManifestText(input);
    expect(r.text).not.toContain('allowPrivilegeEscalation');
    expect(r.suggestions.map((s) => s.path.join('.'))).toContain(
      'spec.containers.0.securityContext.privileged',
    );
  });

  it('adds only runAsNonRoot to a Windows pod', () => {
    const r = expectFixedAndStable(`kind: Pod
spec:
  os:
    name: windows
  containers:
  - name: w
    image: mcr.microsoft.com/windows/nanoserver:ltsc2022
`);
    expect(r.text).not.toMatch(/seccompProfile|capabilities|allowPrivilegeEscalation/);
    expect(r.text).toContain('runAsNonRoot: true');
  });

  it('keeps CRLF line endings', () => {
    const r = expectFixedAndStable('kind: Pod\r\nspec:\r\n  containers:\r\n  - name: a\r\n    image: x\r\n');
    expect(r.text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('leaves JSON unchanged with a suggestion', () => {
    const input = '{\n  "kind": "Pod",\n  "spec": {"containers": [{"name": "a", "image": "x"}]}\n}\n';
    const r = fixManifestText(input);
    expect(r.changed).toBe(false);
    expect(r.text).toBe(input);
    expect(r.suggestions[0]?.message).toMatch(/JSON/);
  });

  it('does not touch invalid YAML or an alias bomb', () => {
    const bad = 'kind: Pod\nspec: [\n';
    expect(fixManifestText(bad).text).toBe(bad);
    const bomb = `kind: Pod
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
spec: {containers: [{name: a}]}
`;
    const r = fixManifestText(bomb, { maxAliasCount: 50 });
    expect(r.changed).toBe(false);
    expect(r.suggestions[0]?.message).toMatch(/not fixed/);
  });
});
