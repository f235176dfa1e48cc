// Every fix, over every fixture: the fixed text parses, no fixable finding is left, and a second --fix changes nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's corpus generator is plain JavaScript without types.
import { generateCorpus } from '../bench/lint/gen-corpus.mjs';
import { fixText, lintText } from '../src/dockerfile/lint.js';
import { RULES } from '../src/dockerfile/rules/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function fixtures(): [string, string][] {
  const out: [string, string][] = [];
  const docs = join(root, 'docs', 'rules');
  for (const f of readdirSync(docs).filter((x) => x.endsWith('.md'))) {
    const text = readFileSync(join(docs, f), 'utf8');
    let i = 0;
    for (const m of text.matchAll(/```dockerfile[ \t]+(bad|good)\n([\s\S]*?)```/g)) {
      out.push([`docs/rules/${f} #${++i} (${m[1]})`, m[2]!]);
    }
  }
  out.push(['examples/goof/Dockerfile', readFileSync(join(root, 'examples', 'goof', 'Dockerfile'), 'utf8')]);
  // 300 generated real-world shapes (multi-stage, heredocs, ONBUILD, pragmas, escape=`, messy files).
  for (const [name, text] of generateCorpus(300, 7) as [string, string][]) out.push([`corpus/${name}`, text]);
  return out;
}

const ALL = fixtures();
// Every rule on, so fixes of off-by-default rules are exercised too.
const settings = { enabled: RULES.map((r) => r.meta.id) };

describe('fixes over every fixture', () => {
  it('has fixtures from docs, examples and the corpus', () => {
    expect(ALL.length).toBeGreaterThan(400);
  });

  it.each(ALL)('%s', (_name, text) => {
    const before = lintText(text, { settings });
    const first = fixText(text, { settings });
    const after = lintText(first.text, { settings });
    if (!before.model.problem) expect(after.model.problem, 'fixed text parses').toBeNull();
    // What could be fixed was fixed: no finding that carries a fix is left.
    expect(after.findings.filter((f) => f.fix).map((f) => `${f.code}@${f.line}`)).toEqual([]);
    // Each fixed finding's code is gone or fewer than before (a fix may not remove another instance's finding).
    for (const code of new Set(first.fixed.map((f) => f.code))) {
      const n = (fs: { code: string }[]) => fs.filter((f) => f.code === code).length;
      expect(n(after.findings), code).toBeLessThan(n(before.findings));
    }
    expect(fixText(first.text, { settings }).text, 'a second fix changes nothing').toBe(first.text);
  });
});
