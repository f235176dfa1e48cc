// Runs evaluatePss over upstream's pod-security-admission fixtures (shared/conformance/pss) per level and version.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Json } from '../types.js';
import { isMapping } from '../workloads.js';
import { evaluatePss } from './evaluate.js';
import { PSS_CHECKS } from './index.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const root = join(repoRoot, '..', 'shared', 'conformance', 'pss');
const present = existsSync(root);

/** Baseline checks that restricted replaces, and the restricted id that reports them (README, point 2). */
const REPLACED_BY: Record<string, string> = {
  hostpathvolumes: 'restrictedVolumes',
  seccompprofile_baseline: 'seccompProfile_restricted',
  capabilities_baseline: 'capabilities_restricted',
  procmount: 'procMount_restricted',
};

const IDS = PSS_CHECKS.map((c) => c.id);

/** The check a fail file is built to break: its name minus the running index, matched case-insensitively. */
function expectedId(stem: string): string | undefined {
  const base = stem.replace(/\d+$/, '');
  return IDS.find((id) => id.toLowerCase() === base);
}

interface Case {
  level: 'baseline' | 'restricted';
  version: string;
  verdict: 'pass' | 'fail';
  file: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const level of ['baseline', 'restricted'] as const) {
    const levelDir = join(root, level);
    if (!existsSync(levelDir)) continue;
    for (const version of readdirSync(levelDir).sort()) {
      for (const verdict of ['pass', 'fail'] as const) {
        const dir = join(levelDir, version, verdict);
        if (!existsSync(dir)) continue;
        for (const f of readdirSync(dir).sort()) {
          if (f.endsWith('.yaml')) out.push({ level, version, verdict, file: join(dir, f) });
        }
      }
    }
  }
  return out;
}

function decide(c: Case, yamlVersion: '1.1' | '1.2'): { agrees: boolean; ids: string[] } {
  const doc: unknown = parse(readFileSync(c.file, 'utf8'), { version: yamlVersion });
  const pod: Json = isMapping(doc) ? doc : {};
  const meta = isMapping(pod.metadata) ? pod.metadata : {};
  const spec = isMapping(pod.spec) ? pod.spec : {};
  const ids = evaluatePss(meta, spec, c.level, c.version).map((r) => r.id);
  if (c.verdict === 'pass') return { agrees: ids.length === 0, ids };
  const stem = c.file.replace(/^.*\//, '').replace(/\.yaml$/, '');
  // The named check (or, at restricted, the check that replaces it) must be among the results.
  const want = expectedId(stem);
  const alt = c.level === 'restricted' ? REPLACED_BY[stem.replace(/\d+$/, '')] : undefined;
  const named = want !== undefined && (ids.includes(want) || (alt !== undefined && ids.includes(alt)));
  return { agrees: ids.length > 0 && named, ids };
}

describe.skipIf(!present && !process.env.CI)('PSS conformance (upstream fixtures)', () => {
  it('finds the fixtures', () => {
    // In CI the shared folder must be beside the repository; a missing folder is a failure, not a skip.
    expect(present, `missing ${root}`).toBe(true);
  });

  const all = present ? cases() : [];
  const groups = new Map<string, Case[]>();
  for (const c of all) {
    const key = `${c.level}/${c.version}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }

  for (const [key, group] of groups) {
    const results = group.map((c) => ({ c, ...decide(c, '1.1') }));
    const agreed = results.filter((r) => r.agrees).length;
    it(`${key}: ${agreed}/${group.length} fixtures agree`, () => {
      console.log(`pss conformance ${key}: ${agreed}/${group.length}`);
      const wrong = results
        .filter((r) => !r.agrees)
        .map((r) => `${r.c.verdict}/${r.c.file.replace(/^.*\//, '')} -> [${r.ids.join(', ')}]`);
      expect(wrong).toEqual([]);
    });
    it(`${key}: YAML 1.2 and 1.1 readings give the same verdicts`, () => {
      // The upstream fixtures use only plain booleans, so both readings must agree; 1.1 is what kubectl uses.
      for (const c of group) expect(decide(c, '1.2').agrees, c.file).toBe(decide(c, '1.1').agrees);
    });
  }
});

if (!present && !process.env.CI) {
  console.warn(`pss conformance: skipped, ${root} not found (set CI to make this a failure)`);
}
