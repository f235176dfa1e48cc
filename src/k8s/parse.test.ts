import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isShipshapeError } from '../core/errors.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { discoverManifests, loadManifests, locate, parseManifestText, readManifestStdin } from './parse.js';
import { at } from './workloads.js';

function expectInputError(fn: () => unknown, pattern: RegExp) {
  try {
    fn();
  } catch (e) {
    expect(isShipshapeError(e)).toBe(true);
    if (isShipshapeError(e)) {
      expect(e.exitCode).toBe(2);
      expect(`${e.message}\n${e.hint ?? ''}`).toMatch(pattern);
    }
    return;
  }
  throw new Error('expected an input error');
}

const DEPLOY = `# a comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
          securityContext:
            privileged: yes
`;

describe('parseManifestText', () => {
  it('reads multi-document YAML, skipping empty documents, and locates fields', () => {
    const text = `---\n# Source: chart/templates/svc.yaml\n---\n${DEPLOY}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n`;
    const objs = parseManifestText(text, 'm.yaml');
    expect(objs.map((o) => o.object.kind)).toEqual(['Deployment', 'Service']);
    const [dep] = objs;
    if (!dep) throw new Error('no object');
    const priv = ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged'];
    // Line numbers count from the top of the file, not of the document.
    expect(locate(dep, priv)).toEqual({ line: 17, column: 13 });
    expect(locate(dep, ['spec', 'template', 'spec', 'containers', 0])).toEqual({ line: 14, column: 11 });
    // A missing field points at its nearest existing parent, and an empty path at `kind:`.
    expect(locate(dep, ['spec', 'template', 'spec', 'securityContext', 'runAsNonRoot'])).toEqual({
      line: 12,
      column: 5,
    });
    expect(locate(dep, [])).toEqual({ line: 6, column: 1 });
    expect(locate(dep, ['nope'])).toEqual({ line: 6, column: 1 });
  });

  it('reads YAML 1.1 booleans and octals the way kubectl does', () => {
    const [obj] = parseManifestText(
      DEPLOY.replace('privileged: yes', 'privileged: on\n            x: off\n            m: 0755'),
      'm.yaml',
    );
    const sc = at(obj?.object, ['spec', 'template', 'spec', 'containers', 0, 'securityContext']);
    expect(sc).toEqual({ privileged: true, x: false, m: 493 });
  });

  it('reads JSON with positions', () => {
    const json =
      '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"},\n  "spec": {\n    "hostNetwork": true\n  }\n}\n';
    const [pod] = parseManifestText(json, 'p.json');
    if (!pod) throw new Error('no object');
    expect(pod.object.kind).toBe('Pod');
    expect(locate(pod, ['spec', 'hostNetwork'])).toEqual({ line: 6, column: 5 });
  });

  it('expands List kinds into their items, with paths into items', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: a\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: b\n    spec:\n      hostPID: true\n`;
    const objs = parseManifestText(text, 'l.yaml');
    expect(objs.map((o) => at(o.object, ['metadata', 'name']))).toEqual(['a', 'b']);
    const b = objs[1];
    if (!b) throw new Error('no object');
    expect(b.base).toEqual(['items', 1]);
    expect(locate(b, ['spec', 'hostPID'])).toEqual({ line: 13, column: 7 });
    expect(locate(b, [])).toEqual({ line: 9, column: 5 });
  });

  it('reads the output of kustomize build (plain --- separated objects)', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';
    expect(parseManifestText(text, 'k.yaml')).toHaveLength(2);
  });

  it('keeps objects of unknown kinds (the engine skips them) and wrong field types', () => {
    const objs = parseManifestText(
      'apiVersion: x/v1\nkind: Widget\n---\nkind: Pod\nspec:\n  containers: "x"\n',
      'w.yaml',
    );
    expect(objs).toHaveLength(2);
    expect(locate(objs[1]!, ['spec', 'containers', 0, 'image'])).toEqual({ line: 6, column: 3 });
  });

  it('fails on invalid YAML with file:line:col and the parser message', () => {
    expectInputError(
      () => parseManifestText('kind: Pod\n---\nspec: [1, 2\n', 'bad.yaml'),
      /^bad\.yaml:[34]:\d+: invalid YAML: Flow sequence/,
    );
    expectInputError(
      () => parseManifestText('{{- if .Values.on }}\nkind: Pod\n{{- end }}\n', 't.yaml'),
      /helm template/,
    );
  });

  it('fails on a document that is not a mapping, naming its line', () => {
    expectInputError(
      () => parseManifestText('kind: Pod\n---\n- a\n- b\n', 'l.yaml'),
      /^l\.yaml:3:1: expected a Kubernetes object.*got a list/,
    );
    expectInputError(
      () => parseManifestText('just text\n', 's.yaml'),
      /^s\.yaml:1:1: .*got the string 'just text'/,
    );
  });

  it('caps YAML alias expansion (alias bombs)', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'kind: Pod',
    ].join('\n');
    expectInputError(
      () => parseManifestText(bomb, 'bomb.yaml'),
      /bomb\.yaml:1: YAML aliases.*SHIPSHAPE_MAX_MANIFEST_ALIASES/s,
    );
    // A few honest anchors are fine.
    const ok = parseManifestText('kind: Pod\nmetadata: &m {name: p}\nx: *m\n', 'ok.yaml');
    expect(ok).toHaveLength(1);
  });

  it('refuses text above the size budget, naming the limit and the variable', () => {
    const limits = { ...DEFAULT_LIMITS, manifestBytes: 100 };
    expectInputError(
      () => parseManifestText(`kind: Pod\n#${'x'.repeat(200)}\n`, 'big.yaml', limits),
      /manifestBytes.*SHIPSHAPE_MAX_MANIFEST_BYTES/s,
    );
  });

  it('refuses deeply nested input without a crash', () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    expectInputError(() => parseManifestText(deep, 'deep.json'), /deep\.json/);
  });

  it('refuses nesting past 256 levels, however it is written, before yaml recurses into it', () => {
    const blocks = (n: number) =>
      `kind: Pod\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`;
    const cases = [
      `kind: Pod\nx: ${'['.repeat(300)}${']'.repeat(300)}\n`,
      `kind: Pod\nx:\n${'- '.repeat(300)}a\n`,
      blocks(300),
    ];
    for (const text of cases) {
      expectInputError(
        () => parseManifestText(text, 'nest.yaml'),
        /^nest\.yaml: nesting too deep to read \(more than 256 levels\)/,
      );
    }
    // Deep but below the limit: read (past the block reader's own depth, by yaml), with positions.
    const [ok] = parseManifestText(blocks(150), 'ok.yaml');
    const path = Array.from({ length: 150 }, () => 'k');
    expect(at(ok?.object, path)).toBe(1);
    if (ok) expect(locate(ok, path)).toEqual({ line: 151, column: 150 });
  });
});

describe('files, directories and stdin', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shipshape-k8s-parse-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('walks directories recursively for yaml/yml/json, skipping node_modules and .git', async () => {
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'a', 'b', 'pod.yml'), 'kind: Pod\n');
    writeFileSync(join(dir, 'a', 'list.json'), '{"kind": "List", "items": []}');
    writeFileSync(join(dir, 'a', 'notes.txt'), 'kind: Pod\n');
    writeFileSync(join(dir, 'node_modules', 'x', 'p.yaml'), 'kind: Pod\n');
    writeFileSync(join(dir, '.git', 'p.yaml'), 'kind: Pod\n');
    writeFileSync(join(dir, 'ci.yaml'), 'on: push\njobs: {}\n');
    const found = await discoverManifests(['.'], dir);
    expect(found.map((f) => f.path)).toEqual(['./a/b/pod.yml', './a/list.json', './ci.yaml']);
    // ci.yaml has no kind/apiVersion: found in a directory, it is not a manifest and is left alone.
    const files = await loadManifests(['.'], { cwd: dir });
    expect(files.map((f) => f.path)).toEqual(['./a/b/pod.yml', './a/list.json']);
  });

  it('reads stdin within the budget', async () => {
    async function* chunks() {
      yield 'kind: ';
      yield Buffer.from('Pod\n');
    }
    expect(await readManifestStdin(chunks(), 100)).toBe('kind: Pod\n');
    await expect(readManifestStdin('x'.repeat(101), 100)).rejects.toThrow(/manifestBytes/);
    const files = await loadManifests(['-'], { cwd: dir, stdin: async () => 'kind: Pod\n' });
    expect(files[0]?.objects).toHaveLength(1);
  });

  it('refuses a file above the budget before reading it', async () => {
    writeFileSync(join(dir, 'big.yaml'), `kind: Pod\n${'#'.repeat(2048)}\n`);
    const limits = { ...DEFAULT_LIMITS, manifestBytes: 1024 };
    await expect(loadManifests(['big.yaml'], { cwd: dir, limits })).rejects.toThrow(
      /big\.yaml: manifest too large/,
    );
    await expect(loadManifests(['missing.yaml'], { cwd: dir })).rejects.toThrow(/no such file/);
  });
});
