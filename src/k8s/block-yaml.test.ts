// The block reader against the `yaml` package: same objects, document indexes and positions, or it stands aside.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readBlockYaml } from './block-yaml.js';
import { locate, type ManifestObject, parseManifestText, parseWithDocuments } from './parse.js';
import type { FieldPath } from './types.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Every path to a node of `value`, and for each node a child that does not exist. */
function pathsOf(value: unknown, prefix: FieldPath = [], out: FieldPath[] = []): FieldPath[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      pathsOf(v, [...prefix, i], out);
    });
    out.push([...prefix, value.length], [...prefix, 'missing']);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
    out.push([...prefix, 'missing'], [...prefix, 0]);
  }
  return out;
}

function outcome(fn: () => ManifestObject[]): { objects: ManifestObject[] } | { error: string } {
  try {
    return { objects: fn() };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Compares the block reader with the Document path on one text. Returns whether the block reader took the text;
 * when it does, objects, bases, indexes and the position of every path (and of missing children) must agree, and
 * when `yaml` refuses the text the block reader must not take it.
 */
function expectSame(text: string, what: string): boolean {
  const reference = outcome(() => parseWithDocuments(text, 'f.yaml'));
  const block = readBlockYaml(text);
  if (block === null) return false;
  if ('error' in reference) {
    throw new Error(
      `${what}: yaml refuses the text (${reference.error}) but the block reader took it:\n${text}`,
    );
  }
  const fast = parseManifestText(text, 'f.yaml');
  const ref = reference.objects;
  expect(
    fast.map((o) => o.object),
    `${what}: values\n${text}`,
  ).toStrictEqual(ref.map((o) => o.object));
  expect(
    fast.map((o) => [o.base, o.source.file, o.source.index]),
    `${what}: bases and documents`,
  ).toStrictEqual(ref.map((o) => [o.base, o.source.file, o.source.index]));
  fast.forEach((o, i) => {
    const r = ref[i] as ManifestObject;
    for (const path of pathsOf(o.object)) {
      expect(locate(o, path), `${what}: position of ${JSON.stringify(path)}\n${text}`).toEqual(
        locate(r, path),
      );
    }
  });
  return true;
}

describe('readBlockYaml', () => {
  it('reads what k8s manifests are made of, with the values yaml gives (YAML 1.1)', () => {
    const text = [
      '# header',
      '---',
      '# Source: chart/templates/deploy.yaml',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: "web"',
      "  labels: {app: web, 'tier': front}",
      '  annotations:',
      '    note: it\'s "quoted" # comment',
      '    empty:',
      'spec:',
      '  replicas: 0x10',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: app',
      '        args: ["--port", 8080, yes, ~]',
      '        command:',
      '          - sh',
      '          - -c',
      '          - |',
      '            echo one',
      '',
      '            echo two',
      '        env:',
      '        -   name: MODE',
      '            value: >-',
      '              folded',
      '              text',
      '        securityContext:',
      '          privileged: off',
      '          runAsUser: 0755',
      '          extra: 1_000',
      '---',
      '---',
      'kind: Service',
    ].join('\n');
    const block = readBlockYaml(text);
    expect(block?.documents.map((d) => d.index)).toEqual([0, 2]);
    expect(block?.documents[0]?.value).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        labels: { app: 'web', tier: 'front' },
        annotations: { note: 'it\'s "quoted"', empty: null },
      },
      spec: {
        replicas: 16,
        template: {
          spec: {
            containers: [
              {
                name: 'app',
                args: ['--port', 8080, true, null],
                command: ['sh', '-c', 'echo one\n\necho two\n'],
                env: [{ name: 'MODE', value: 'folded text' }],
                securityContext: { privileged: false, runAsUser: 493, extra: 1000 },
              },
            ],
          },
        },
      },
    });
    expect(expectSame(text, 'sample')).toBe(true);
  });

  it.each([
    ['an anchor', 'kind: Pod\nmetadata: &m\n  name: p\n'],
    ['an alias', 'kind: Pod\na: &x 1\nb: *x\n'],
    ['a tag', 'kind: Pod\nx: !!str 1\n'],
    ['a merge key', 'kind: Pod\nb:\n  <<: {a: 1}\n'],
    ['a duplicate key', 'kind: Pod\nkind: Service\n'],
    ['a multi-line plain scalar', 'kind: Pod\nx: a\n  b\n'],
    ['a multi-line quoted scalar', 'kind: Pod\nx: "a\n  b"\n'],
    ['a non-string key', 'kind: Pod\n80: http\n'],
    ['a YAML 1.1 boolean key', 'kind: Pod\non: push\n'],
    ['a timestamp', 'kind: Pod\nat: 2001-12-14\n'],
    ['a tab', 'kind: Pod\nx:\ty\n'],
    ['a CR that does not end a line', 'kind: Pod\rx: y\n'],
    ['JSON', '{"kind": "Pod"}\n'],
    ['a root list', '- a\n- b\n'],
    ['a root scalar', 'just text\n'],
    ['an empty list item', 'kind: Pod\nx:\n-\n- a\n'],
    ['a YAML-only escape', 'kind: Pod\nx: "\\x41"\n'],
    ['a directive', '%YAML 1.1\n---\nkind: Pod\n'],
    ['a document end marker', 'kind: Pod\n...\n'],
    ['a helm template', '{{- if .Values.on }}\nkind: Pod\n{{- end }}\n'],
    ['invalid indentation', 'kind: Pod\nspec:\n    a: 1\n  b: 2\n'],
    ['a nested mapping on one line', 'kind: Pod\nx: a: b\n'],
    ['an explicit key', 'kind: Pod\n? x\n: y\n'],
    [
      'deep nesting',
      `kind: Pod\n${Array.from({ length: 120 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`,
    ],
  ])('leaves %s to yaml', (_what, text) => {
    expect(readBlockYaml(text)).toBeNull();
  });

  it('agrees with yaml on hand-picked edge cases', () => {
    const cases = [
      '',
      '# only a comment\n',
      '---\n',
      'kind: Pod\n---\n',
      '---\n# c\n---\nkind: Pod\n',
      '\n\n# c\n  kind: Pod\n  x: 1\n',
      'kind: Pod\nx:\n- a\n- b\nyy: 1\n',
      'kind: Pod\nx:\n  - a\n  -   b: 1\n      c: 2\n  - - n1\n    - n2\n',
      'kind: Pod\nx:\n  # comment\n  yy: 1\n# col 0 comment\n  z: 2\n',
      'kind: Pod\nx: [ ]\nyy: { }\nz: [a, [b, c], {d: e}]\n',
      'kind: Pod\nx: [\'it\'\'s\', "\\u00e9\\t\\"", ""]\n',
      'kind: Pod\nx: a:b\nyy: http://h:1/p\nz: a #comment\nw: a#b\n',
      'kind: Pod\nx: -1\nyy: --flag\nz: .inf\nw: -.5\nv: 1e3\nu: 190:20:30\nt: 0b101\ns: +12\n',
      'kind: Pod\nx: Yes\nyy: NO\nz: y\nw: n\nv: Null\nu: ~\nt: TRUE\n',
      'kind: Pod\n"quoted key": 1\n\'single\': 2\n"80": 3\n',
      'kind: Pod\nx: |\n  a\n  b\n',
      'kind: Pod\nx: |-\n  a\n\n',
      'kind: Pod\nx: |+\n  a\n\n\nyy: 1\n',
      'kind: Pod\nx: |\n  a\n   \n',
      'kind: Pod\nx: |\n\n  a\n',
      'kind: Pod\nx: >\n  a\n  b\n\n  c\n',
      'kind: Pod\nx: >+\n\n  a\n\n',
      'kind: Pod\nx: |\n  a\n  b',
      'kind: Pod\nx: | # comment\n    indented\n     more\nyy: 2\n',
      'kind: Pod\nx:\n- |\n  a\n- >-\n  b\n  c\n',
      'kind: Pod\nitems:\n- kind: Pod\n  spec:\n    hostPID: true\n',
      'apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata: {name: a}\n- kind: Deployment\n  spec: {}\n',
      'kind: Pod\nx:\n  y\n',
      'kind: Pod\nx:   \n  - a\n',
      'kind: Pod\nx:\n- a: 1\n  b:\n  - c\n  d: 2\n- e\n',
      'kind: Pod\nempty:\nnext: 1\n',
      'kind: Pod\nx: "a" # c\nyy: \'b\'   \n',
      'kind: Pod\nx: 1 \n',
      'a: 1\n',
      'kind: Pod\nx: [a, b\n',
      'kind: Pod\nx: [a,]\n',
      'kind: Pod\nx: "unterminated\n',
      'kind: Pod\n  x: 1\n',
      'kind: Pod\nx: 1\n yy: 2\n',
      'kind: Pod\n- a\n',
      'kind: Pod\nx: |\n  a\n b\n',
      'kind: Pod\nx: @a\n',
      'kind: Pod\nx: `a\n',
      'kind: Pod\nx: {a: 1, a: 2}\n',
      'kind: Pod\nx: ["a": 1]\n',
      'kind: Pod\nx: "a"b\n',
      '--- # comment\nkind: Pod\n',
      '---\nkind: Pod\n--- x\n',
      '----\nkind: Pod\n',
      'kind: Pod\nx: ---\n',
      'kind: Pod\nx: [-]\ny: [-1, -a, a-]\nz: -]\n',
      'kind: Pod\r\nx: |\r\n  a\r\n\r\n  b\r\ny: 1\r\n',
    ];
    let taken = 0;
    for (const text of cases) if (expectSame(text, 'case')) taken++;
    expect(taken).toBeGreaterThan(35);
  });

  it('agrees with yaml on generated documents and on random edits of them', () => {
    // Edits make keys out of collections, and yaml warns about those through process warnings.
    const quiet = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const rand = rng(20240611);
    const taken = { generated: 0, edited: 0 };
    const N = 400;
    const EDITS_PER_TEXT = 8;
    for (let i = 0; i < N; i++) {
      const text = generateDocuments(rand);
      if (expectSame(text, `generated #${i}`)) taken.generated++;
      // Windows line ends: the same values, positions on the same lines and columns.
      expect(expectSame(text.replaceAll('\n', '\r\n'), `generated #${i} with CRLF`)).toBe(
        readBlockYaml(text) !== null,
      );
      for (let m = 0; m < EDITS_PER_TEXT; m++) {
        if (expectSame(mutate(text, rand), `generated #${i}, edit ${m}`)) taken.edited++;
      }
    }
    quiet.mockRestore();
    // Most generated text stays inside the subset, so the comparison exercises the reader, not the fallback.
    expect(taken.generated).toBeGreaterThan(N / 2);
    expect(taken.edited).toBeGreaterThan((N * EDITS_PER_TEXT) / 10);
  }, 120_000);
  it('agrees with yaml on random one-line flow collections', () => {
    const rand = rng(7);
    const atoms = [
      'a',
      'a b',
      '-',
      '-1',
      '-a',
      'a-',
      '.5',
      'yes',
      '~',
      '""',
      "'q'",
      '"x,y"',
      'a:b',
      'a: b',
      '#c',
      'a#b',
      '',
    ];
    const flow = (depth: number): string => {
      const seq = rand() < 0.5;
      const n = Math.floor(rand() * 4);
      const items = Array.from({ length: n }, (_, i) => {
        const item = depth < 2 && rand() < 0.25 ? flow(depth + 1) : pick(rand, atoms);
        return seq ? item : `${rand() < 0.2 ? pick(rand, atoms) : `k${i}`}:${rand() < 0.8 ? ' ' : ''}${item}`;
      });
      const sep = pick(rand, [', ', ',', ' , ']);
      const [open, close] = seq ? ['[', ']'] : ['{', '}'];
      return `${open}${rand() < 0.2 ? ' ' : ''}${items.join(sep)}${rand() < 0.1 ? ',' : ''}${close}`;
    };
    let taken = 0;
    for (let i = 0; i < 1500; i++) {
      if (
        expectSame(`kind: Pod\nx: ${flow(0)}${rand() < 0.2 ? ' # c' : ''}\nw:\n- ${flow(0)}\n`, `flow #${i}`)
      )
        taken++;
    }
    expect(taken).toBeGreaterThan(150);
  });
});

describe('readBlockYaml on real manifests', () => {
  it('agrees with yaml on the k8s fixtures and the PSS conformance fixtures', () => {
    const files = [
      ...listYaml(join(repoRoot, 'src', 'k8s', 'fixtures')),
      ...listYaml(join(repoRoot, '..', 'shared', 'conformance', 'pss')),
    ];
    expect(files.length).toBeGreaterThan(0);
    let taken = 0;
    for (const f of files) if (expectSame(readFileSync(f, 'utf8'), f)) taken++;
    expect(taken).toBeGreaterThan(files.length / 2);
  }, 120_000);

  let corpus: string | undefined;
  afterAll(() => {
    if (corpus) rmSync(corpus, { recursive: true, force: true });
  });

  it('takes every file of the bench corpus, with the same objects and positions as yaml', async () => {
    corpus = mkdtempSync(join(tmpdir(), 'shipshape-k8s-corpus-'));
    const gen = await import(pathToFileURL(join(repoRoot, 'bench', 'k8s', 'gen-corpus.mjs')).href);
    gen.ensureCorpus(corpus, 400, 20240611);
    const names: string[] = gen.corpusFiles(corpus);
    expect(names).toHaveLength(400);
    for (const n of names) {
      const text = readFileSync(join(corpus, n), 'utf8');
      expect(expectSame(text, n), `${n} left to yaml`).toBe(true);
    }
    for (const n of names.slice(0, 40)) {
      const text = readFileSync(join(corpus, n), 'utf8').replaceAll('\n', '\r\n');
      expect(expectSame(text, `${n} with CRLF`), `${n} with CRLF left to yaml`).toBe(true);
    }
  }, 120_000);
});

function listYaml(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listYaml(p));
    else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mostly scalars of the subset, now and then one of the others. */
function scalar(r: () => number): string {
  return r() < 0.005 ? pick(r, OUTSIDE) : pick(r, SCALARS);
}

/** Scalars whose YAML 1.1 reading is easy to get wrong. */
const SCALARS = [
  'nginx:1.25',
  'IfNotPresent',
  '100m',
  '"quoted"',
  "'single ''q'''",
  '"esc \\" \\\\ \\n \\u00e9 \\/"',
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  'n',
  '~',
  'null',
  'NULL',
  '0755',
  '0x1F',
  '0b101',
  '1_000',
  '1e3',
  '6.02e+23',
  '.5',
  '-.inf',
  '.NaN',
  '1:20',
  '190:20:30.15',
  '-1',
  '+1',
  '0',
  '-0',
  '08',
  'a:b',
  'http://x:80/y',
  '--flag=1',
  'a #comment',
  'a#b',
  'with  two  spaces',
  'ends with space ',
  '[]',
  '{}',
  '[a, "b", 1, yes]',
  '{k: v, "q": 1}',
  '[a, [b], {c: d}]',
  'é ü 日本',
];

/** Scalars (or not) outside the subset. */
const OUTSIDE = [
  '2001-12-14',
  '&anchor x',
  '*alias',
  '!!str 1',
  '"\\x41"',
  '@at',
  '%pct',
  '? q',
  ': c',
  '- x',
  'a: b',
];

const KEYS = ['name', 'image', 'x', 'app.kubernetes.io/name', '"quoted key"', "'k'", 'a b'];
/** Keys that are not strings in YAML 1.1, or not plain keys: the block reader leaves them to yaml. */
const ODD_KEYS = ['on', 'y', '1', '<<', '? k', '[k]'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

/** Block YAML in the styles manifests use, with a sprinkling of everything else. */
function generateDocuments(r: () => number): string {
  const docs: string[] = [];
  const n = 1 + Math.floor(r() * 3);
  for (let d = 0; d < n; d++) {
    let s = r() < 0.3 ? '# Source: chart/templates/x.yaml\n' : '';
    s += 'kind: Pod\n';
    s += mapping(r, 0, 0);
    docs.push(s);
  }
  return (r() < 0.5 ? '---\n' : '') + docs.join(r() < 0.8 ? '---\n' : '---\n# empty\n---\n');
}

function mapping(r: () => number, indent: number, depth: number): string {
  const p = ' '.repeat(indent);
  let s = '';
  const used = new Set<string>(['kind']);
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    let key = r() < 0.01 ? pick(r, ODD_KEYS) : pick(r, KEYS);
    if (used.has(key)) key = `k${i}`;
    used.add(key);
    if (r() < 0.1) s += `${p}# a comment\n`;
    if (r() < 0.05) s += '\n';
    s += `${p}${key}:${value(r, indent, depth)}`;
  }
  return s;
}

function value(r: () => number, indent: number, depth: number): string {
  const x = r();
  if (depth < 4 && x < 0.25) return `\n${mapping(r, indent + 2, depth + 1)}`;
  if (depth < 4 && x < 0.45) {
    const seqIndent = r() < 0.5 ? indent : indent + 2;
    return `\n${sequence(r, seqIndent, depth + 1)}`;
  }
  if (x < 0.5) return blockScalar(r, indent);
  if (x < 0.53) return '\n';
  return ` ${scalar(r)}${r() < 0.1 ? ' # trailing' : ''}\n`;
}

function sequence(r: () => number, indent: number, depth: number): string {
  const p = ' '.repeat(indent);
  let s = '';
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const gap = ' '.repeat(1 + Math.floor(r() * 2));
    const x = r();
    if (depth < 4 && x < 0.4) {
      const m = mapping(r, indent + 1 + gap.length, depth + 1);
      s += `${p}-${gap}${m.slice(indent + 1 + gap.length)}`;
    } else if (x < 0.5) s += `${p}-${blockScalar(r, indent)}`;
    else s += `${p}-${gap}${scalar(r)}\n`;
  }
  return s;
}

function blockScalar(r: () => number, indent: number): string {
  const header = r() < 0.05 ? '|2' : pick(r, ['|', '|-', '|+', '>', '>-', '>+']);
  const p = ' '.repeat(indent + 2);
  const lines = pick(r, [
    ['one', 'two'],
    ['', 'after blank'],
    ['a', '', 'b', ''],
    ['x', '  more indented', 'y'],
    ['# not a comment', 'z'],
    ['trailing', ' '],
  ]);
  return ` ${header}\n${lines.map((l) => (l === '' ? (r() < 0.5 ? '' : p) : `${p}${l}`)).join('\n')}\n`;
}

const EDITS = [
  ' ',
  '  ',
  ':',
  ': ',
  '- ',
  '-',
  '#',
  ' #',
  '"',
  "'",
  '{',
  '[',
  ']',
  '}',
  ',',
  '|',
  '>',
  '&a ',
  '*a',
  '!',
  '\n',
  '\n  ',
  '? ',
  '---\n',
  '...\n',
  'x',
  '\\',
  '%',
];

/** One random insertion or deletion, or a line indented one or two columns more or less. */
function mutate(text: string, r: () => number): string {
  const at = Math.floor(r() * (text.length + 1));
  const x = r();
  if (x < 0.2) {
    const start = text.lastIndexOf('\n', at - 1) + 1;
    const by = 1 + Math.floor(r() * 2);
    if (r() < 0.5) return `${text.slice(0, start)}${' '.repeat(by)}${text.slice(start)}`;
    return text.slice(start, start + by).trim() === '' ? text.slice(0, start) + text.slice(start + by) : text;
  }
  if (x < 0.45) return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 3));
  return text.slice(0, at) + pick(r, EDITS) + text.slice(at);
}
