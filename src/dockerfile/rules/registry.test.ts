// Contract tests over the rule registry: unique ids, a test file and a docs page per rule, tested examples.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { lintText } from '../lint.js';
import { parseDockerfile, shellOf } from '../parse.js';
import type { LabelType, RuleConfig } from '../rule.js';
import { RULES } from './index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fileOf = (id: string) => id.toLowerCase();

// Every DL rule of hadolint 2.15 (shared/reference/hadolint.md, section a).
const HADOLINT_CODES = [
  'DL1001',
  'DL3000',
  'DL3001',
  'DL3002',
  'DL3003',
  'DL3004',
  'DL3006',
  'DL3007',
  'DL3008',
  'DL3009',
  'DL3010',
  'DL3011',
  'DL3012',
  'DL3013',
  'DL3014',
  'DL3015',
  'DL3016',
  'DL3018',
  'DL3019',
  'DL3020',
  'DL3021',
  'DL3022',
  'DL3023',
  'DL3024',
  'DL3025',
  'DL3026',
  'DL3027',
  'DL3028',
  'DL3029',
  'DL3030',
  'DL3032',
  'DL3033',
  'DL3034',
  'DL3035',
  'DL3036',
  'DL3037',
  'DL3038',
  'DL3040',
  'DL3041',
  'DL3042',
  'DL3043',
  'DL3044',
  'DL3045',
  'DL3046',
  'DL3047',
  'DL3048',
  'DL3049',
  'DL3050',
  'DL3051',
  'DL3052',
  'DL3053',
  'DL3054',
  'DL3055',
  'DL3056',
  'DL3057',
  'DL3058',
  'DL3059',
  'DL3060',
  'DL3061',
  'DL3062',
  'DL3063',
  'DL3064',
  'DL3065',
  'DL3066',
  'DL3067',
  'DL4000',
  'DL4001',
  'DL4003',
  'DL4004',
  'DL4005',
  'DL4006',
];

const SHIPSHAPE_IDS = [
  'root-final-stage',
  'secret-in-build',
  'dockerignore-missing',
  'build-tools-in-final-stage',
  'cache-bust-order',
  'pid1-signals',
  'debug-port-exposed',
  'delete-in-later-layer',
  'curl-pipe-shell',
  'add-remote-without-checksum',
  'chmod-world-writable',
  'sudo-installed',
  'base-image-unpinned-digest',
];

interface DocExample {
  kind: 'bad' | 'good';
  text: string;
}

function readDoc(id: string) {
  const text = readFileSync(join(root, 'docs', 'rules', `${id}.md`), 'utf8');
  const examples: DocExample[] = [];
  let config: Record<string, unknown> = {};
  let dockerignore: string | null | undefined;
  for (const m of text.matchAll(/```(\w+)[ \t]+(bad|good|config|dockerignore)\n([\s\S]*?)```/g)) {
    if (m[2] === 'config') config = (parseYaml(m[3]!) as Record<string, unknown>) ?? {};
    else if (m[2] === 'dockerignore') dockerignore = m[3]!;
    else examples.push({ kind: m[2] as 'bad' | 'good', text: m[3]! });
  }
  return { text, examples, config, dockerignore };
}

describe('rule registry', () => {
  it('has unique ids', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('index.ts is generated from the folder', () => {
    expect(() =>
      execFileSync('node', [join(root, 'scripts', 'gen-rule-index.mjs'), '--check']),
    ).not.toThrow();
  });

  it.each(HADOLINT_CODES)('has hadolint rule %s', (code) => {
    expect(RULES.some((r) => r.meta.id === code)).toBe(true);
  });

  it.each(SHIPSHAPE_IDS)('has shipshape rule %s', (id) => {
    expect(RULES.some((r) => r.meta.id === id)).toBe(true);
  });

  describe.each(RULES.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
    it('has a test file, a help text and an id that fits its origin', () => {
      expect(existsSync(join(root, 'src', 'dockerfile', 'rules', `${fileOf(id)}.test.ts`))).toBe(true);
      expect(rule.meta.help.length).toBeGreaterThan(40);
      if (rule.meta.origin === 'hadolint') expect(id).toMatch(/^DL\d{4}$/);
      else expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    });

    // The engine creates a rule only when a visitor of it is due and plans by the keys of an earlier file.
    it('is pure: create reports nothing, and its visitor keys depend on the config alone', () => {
      const doc = readDoc(id);
      const configs: RuleConfig[] = [
        { trustedRegistries: [], labelSchema: {}, strictLabels: false },
        { trustedRegistries: ['docker.io'], labelSchema: { version: 'semver' }, strictLabels: true },
      ];
      const texts = [...doc.examples.map((e) => e.text), 'FROM a\nRUN b', 'ONBUILD RUN x'];
      for (const config of configs) {
        const keys = new Set<string>();
        for (const text of texts) {
          let reports = 0;
          const visitors = rule.create({
            file: parseDockerfile(text),
            config,
            facts: {},
            report: () => reports++,
            shell: shellOf,
          });
          expect(reports).toBe(0);
          keys.add(Object.keys(visitors).join(','));
        }
        expect(keys.size, `visitor keys of ${id}: ${[...keys].join(' | ')}`).toBe(1);
      }
    });

    it('has a docs page whose examples behave as documented', () => {
      const doc = readDoc(id);
      expect(doc.text.startsWith(`# ${id} `)).toBe(true);
      const bad = doc.examples.filter((e) => e.kind === 'bad');
      const good = doc.examples.filter((e) => e.kind === 'good');
      expect(bad.length).toBeGreaterThan(0);
      expect(good.length).toBeGreaterThan(0);
      const settings = {
        trustedRegistries: (doc.config.trustedRegistries as string[]) ?? [],
        labelSchema: (doc.config['label-schema'] as Record<string, LabelType>) ?? {},
        strictLabels: (doc.config['strict-labels'] as boolean) ?? false,
        enabled: [id],
      };
      const facts = doc.dockerignore === undefined ? {} : { dockerignore: doc.dockerignore };
      for (const ex of bad) {
        const codes = lintText(ex.text, { rules: [rule], settings, facts }).findings.map((f) => f.code);
        expect(codes, `bad example of ${id}:\n${ex.text}`).toContain(id);
      }
      for (const ex of good) {
        const codes = lintText(ex.text, { rules: [rule], settings, facts }).findings.map((f) => f.code);
        expect(codes, `good example of ${id}:\n${ex.text}`).not.toContain(id);
      }
    });
  });
});
