import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../main.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-k8s-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function k8s(args: string[], stdin?: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(['k8s', ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    cwd: dir,
    ...(stdin !== undefined ? { stdin } : {}),
  });
  return { code, stdout, stderr };
}

const GOOF = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: goof
spec:
  replicas: 1
  selector:
    matchLabels:
      app: goof
  template:
    metadata:
      labels:
        app: goof
    spec:
      containers:
        # the app
        - name: goof
          image: snyklabs/goof
          ports:
            - containerPort: 3001
        - name: goof-mongo
          image: mongo:latest
`;

const SAFE_POD = `apiVersion: v1
kind: Pod
metadata:
  name: safe
  namespace: apps
spec:
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: registry.example/app:1.2@sha256:${'a'.repeat(64)}
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: {drop: [ALL]}
`;

describe('shipshape k8s', () => {
  it('reports PSS restricted and recommended findings with positions, and fails at high', async () => {
    writeFileSync(join(dir, 'goof.yaml'), GOOF);
    const r = await k8s(['goof.yaml', '--format', 'json']);
    const out = JSON.parse(r.stdout);
    expect(out.schemaVersion).toBe(1);
    expect(out.target).toEqual({ type: 'k8s', ref: 'goof.yaml' });
    const ids = new Set(out.findings.map((f: { ruleId: string }) => f.ruleId));
    expect(ids).toContain('pss/runAsNonRoot');
    expect(ids).toContain('pss/capabilities_restricted');
    const goof = out.findings.find(
      (f: { ruleId: string; resource: { container?: string } }) =>
        f.ruleId === 'pss/capabilities_restricted' && f.resource.container === 'goof',
    );
    expect(goof.kind).toBe('misconfiguration');
    expect(goof.location).toEqual({
      file: 'goof.yaml',
      line: expect.any(Number),
      column: expect.any(Number),
    });
    expect(goof.resource).toMatchObject({ kind: 'Deployment', name: 'goof', container: 'goof' });
    expect(out.summary).toEqual(expect.objectContaining({ critical: expect.any(Number) }));
    const sev = out.findings.map((f: { severity: string }) => f.severity);
    expect(r.code).toBe(sev.some((s: string) => s === 'high' || s === 'critical') ? 1 : 0);
  });

  it('prints a table grouped by object, and honours --fail-on and --severity', async () => {
    writeFileSync(join(dir, 'goof.yaml'), GOOF);
    const r = await k8s(['goof.yaml', '--policy', 'pss-restricted', '--fail-on', 'low']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Deployment goof \(goof\.yaml\)$/m);
    expect(r.stdout).toMatch(/pss\/runAsNonRoot goof\.yaml:\d+:\d+/);
    expect(r.stdout).toMatch(/fix: /);
    expect(r.stdout).toMatch(/\d+ findings? \(.*\) in 1 object/);
    expect((await k8s(['goof.yaml', '--fail-on', 'none'])).code).toBe(0);
    const info = await k8s(['goof.yaml', '--severity', 'info', '--format', 'json', '--fail-on', 'low']);
    for (const f of JSON.parse(info.stdout).findings) expect(f.severity).toBe('info');
  });

  it('passes a locked-down pod under pss-restricted, from stdin', async () => {
    const r = await k8s(['-', '--policy', 'pss-restricted'], SAFE_POD);
    expect(r.stdout).toMatch(/no findings/);
    expect(r.code).toBe(0);
  });

  it('writes SARIF with rules and regions to --output', async () => {
    writeFileSync(join(dir, 'goof.yaml'), GOOF);
    const r = await k8s([
      'goof.yaml',
      '--format',
      'sarif',
      '--output',
      'out.sarif',
      '--policy',
      'pss-baseline,pss-restricted',
    ]);
    expect(r.stdout).toBe('');
    const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.rules.length).toBeGreaterThan(0);
    expect(run.tool.driver.rules[0].help.text).toBeTruthy();
    expect(run.results[0].locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
  });

  it('suppresses by annotation with a reason, and reports one without', async () => {
    const text = GOOF.replace(
      'metadata:\n  name: goof\n',
      'metadata:\n  name: goof\n  annotations:\n    ignore-check.shipshape.dev/pss.runAsNonRoot: "legacy image, OPS-12"\n    ignore-check.shipshape.dev/pss.seccompProfile_restricted: ""\n',
    );
    writeFileSync(join(dir, 'goof.yaml'), text);
    const out = JSON.parse((await k8s(['goof.yaml', '--format', 'json'])).stdout);
    const ids = out.findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).not.toContain('pss/runAsNonRoot');
    expect(ids).toContain('suppression-without-reason');
    expect(out.suppressed[0].suppression).toEqual({ kind: 'annotation', reason: 'legacy image, OPS-12' });
  });

  it('applies .shipshape.yaml ignore entries', async () => {
    writeFileSync(join(dir, 'goof.yaml'), GOOF);
    writeFileSync(join(dir, '.shipshape.yaml'), 'ignore:\n  - id: pss/runAsNonRoot\n    reason: later\n');
    const out = JSON.parse((await k8s(['goof.yaml', '--format', 'json'])).stdout);
    expect(out.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('pss/runAsNonRoot');
  });

  it('exits 2 with file:line on bad input, and on bad flags', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'kind: Pod\nspec: [1, 2\n');
    let r = await k8s(['bad.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^shipshape: bad\.yaml:\d+:\d+: invalid YAML/);
    writeFileSync(join(dir, 'list.yaml'), 'kind: Pod\n---\n- a\n');
    r = await k8s(['list.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/list\.yaml:3:1: expected a Kubernetes object/);
    writeFileSync(join(dir, 'big.yaml'), `kind: Pod\n#${'x'.repeat(4096)}\n`);
    r = await k8s(['big.yaml'], undefined, { SHIPSHAPE_MAX_MANIFEST_BYTES: '1024' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/manifestBytes/);
    expect(r.stderr).toMatch(/SHIPSHAPE_MAX_MANIFEST_BYTES/);
    expect((await k8s(['big.yaml', '--policy', 'nope'])).code).toBe(2);
    expect((await k8s(['big.yaml', '--k8s-version', 'banana'])).code).toBe(2);
    expect((await k8s(['big.yaml', '--format', 'xml'])).code).toBe(2);
    expect((await k8s(['big.yaml', '--fail-on', 'severe'])).code).toBe(2);
    expect((await k8s([])).code).toBe(2);
    expect((await k8s(['missing.yaml'])).code).toBe(2);
  });

  it('survives wrong field types and unknown kinds', async () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: "x"\n  securityContext: 3\n---\napiVersion: x/v1\nkind: Widget\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: 7\n          image: [1]\n          securityContext: "no"\n          resources: {limits: 5}\n          ports: 80\n';
    writeFileSync(join(dir, 'odd.yaml'), text);
    const r = await k8s(['odd.yaml', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
  });

  it('accepts --k8s-version', async () => {
    writeFileSync(join(dir, 'goof.yaml'), GOOF);
    expect([0, 1]).toContain((await k8s(['goof.yaml', '--k8s-version', 'v1.22'])).code);
    expect([0, 1]).toContain((await k8s(['goof.yaml', '--k8s-version', '1.30'])).code);
  });

  it('fixes in place so the file passes pss-restricted, keeping comments; --fix-dry-run prints a diff', async () => {
    writeFileSync(join(dir, 'goof.yaml'), GOOF);
    const dry = await k8s(['goof.yaml', '--fix-dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/^--- a\/goof\.yaml/m);
    expect(readFileSync(join(dir, 'goof.yaml'), 'utf8')).toBe(GOOF);
    const r = await k8s(['goof.yaml', '--fix', '--policy', 'pss-restricted', '--quiet']);
    const fixed = readFileSync(join(dir, 'goof.yaml'), 'utf8');
    expect(fixed).toContain('# the app');
    expect(r.code).toBe(0);
    expect((await k8s(['goof.yaml', '--fix-dry-run'])).code).toBe(0);
  });
});
