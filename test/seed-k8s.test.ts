// Acceptance for `shipshape k8s`: the seed article's goof-deployment.yaml (shared/seeds/001, "Testing on local
// Kubernetes"), with comments added, through the real CLI; and the bad inputs the issue lists.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = join(root, 'src', 'k8s', 'fixtures', 'goof-deployment-commented.yaml');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-k8s-'));
  copyFileSync(SEED, join(dir, 'goof-deployment.yaml'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function k8s(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['k8s', ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { HOME: dir, PATH: process.env.PATH },
    cwd: dir,
  });
  return { code, stdout, stderr };
}

interface Finding {
  ruleId: string;
  severity: string;
  resource?: { name?: string; container?: string };
  location?: { line?: number };
}

const ids = (out: string) =>
  (JSON.parse(out).findings as Finding[]).map(
    (f) => `${f.ruleId}:${f.resource?.container ?? f.resource?.name}`,
  );

describe('seed 001: goof-deployment.yaml', () => {
  it("reports what the article's IaC scan reports, plus tags and limits; exit 1", async () => {
    const r = await k8s(['--format', 'json', 'goof-deployment.yaml']);
    expect(r.code).toBe(1);
    const found = ids(r.stdout);
    // The article: the goof container lacks runAsNonRoot and keeps the default capabilities.
    expect(found).toContain('pss/runAsNonRoot:goof');
    expect(found).toContain('pss/capabilities_restricted:goof');
    // goof-mongo drops `all` in lower case, which PSS does not accept as ALL.
    expect(found).toContain('pss/capabilities_restricted:goof-mongo');
    expect(found).not.toContain('pss/runAsNonRoot:goof-mongo');
    expect(found).toContain('image-tag-latest:goof');
    expect(found).toContain('image-tag-latest:goof-mongo');
    expect(found).toContain('no-memory-limits:goof');
    expect(found).toContain('no-memory-limits:goof-mongo');
    const located = JSON.parse(r.stdout).findings as Finding[];
    expect(located.every((f) => typeof f.location?.line === 'number' && f.location.line > 0)).toBe(true);
  });

  it('--fix makes it pass pss-restricted, keeps comments, anchors, quoting and layout, and is idempotent', async () => {
    const before = readFileSync(join(dir, 'goof-deployment.yaml'), 'utf8');
    await k8s(['--fix', 'goof-deployment.yaml']);
    const after = readFileSync(join(dir, 'goof-deployment.yaml'), 'utf8');
    for (const line of before.split('\n').filter((l) => l.includes('#'))) {
      expect(after, `comment kept: ${line.trim()}`).toContain(line.slice(line.indexOf('#')));
    }
    // Layout survives: every original line is still there, byte for byte, except the one the fix changes.
    const kept = after.split('\n');
    for (const line of before.split('\n').filter((l) => !/- all/.test(l))) expect(kept).toContain(line);
    expect(after).toContain('&frontend-labels');
    expect(after).toContain("name: 'goof-mongo'");
    expect(after.match(/^---$/gm)?.length).toBe(before.match(/^---$/gm)?.length);
    expect(after).toMatch(/- ALL/);
    const check = await k8s(['--policy', 'pss-restricted', '--format', 'json', 'goof-deployment.yaml']);
    expect(check.code).toBe(0);
    expect(ids(check.stdout).filter((id) => id.startsWith('pss/'))).toEqual([]);
    await k8s(['--fix', 'goof-deployment.yaml']);
    expect(readFileSync(join(dir, 'goof-deployment.yaml'), 'utf8')).toBe(after);
  });
});

describe('k8s: bad input', () => {
  const noStack = (s: string) => expect(s).not.toMatch(/^\s+at /m);

  it('invalid YAML: exit 2 with file:line', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n');
    const r = await k8s(['bad.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+/);
    noStack(r.stderr);
  });

  it('a YAML alias bomb: capped with a clear error', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      bomb.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    writeFileSync(join(dir, 'bomb.yaml'), `${bomb.join('\n')}\nkind: Pod\n`);
    const r = await k8s(['bomb.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/alias/i);
    noStack(r.stderr);
  });

  it('a 100 MB file: refused by the size budget, naming it', async () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, '');
    truncateSync(big, 100 * 1024 * 1024);
    const r = await k8s(['big.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SHIPSHAPE_MAX_MANIFEST_BYTES/);
    noStack(r.stderr);
  });

  it('a document that is not a mapping: exit 2 with its position', async () => {
    writeFileSync(
      join(dir, 'list.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\n- just\n- a list\n',
    );
    const r = await k8s(['list.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/list\.yaml:5/);
    noStack(r.stderr);
  });

  it('unknown kinds are skipped and wrong field types do not crash', async () => {
    writeFileSync(
      join(dir, 'odd.yaml'),
      'apiVersion: x/v1\nkind: Widget\nmetadata: {name: w}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: "not a list"\n  securityContext: 7\n',
    );
    const r = await k8s(['--format', 'json', 'odd.yaml']);
    expect([0, 1]).toContain(r.code);
    noStack(r.stderr);
    expect(JSON.parse(r.stdout).findings.every((f: Finding) => f.resource?.name !== 'w')).toBe(true);
  });
});
