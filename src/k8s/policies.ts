// The policies `--policy` names, built over the PSS evaluator and the recommended checks.
import { inputError } from '../core/errors.js';
import type { Policy } from './engine.js';
import { evaluatePss, parsePssVersion, toCheckResults } from './pss/evaluate.js';
import { evaluateRecommended } from './recommended/evaluate.js';
import type { Json } from './types.js';
import { workloadOf } from './workloads.js';

export const POLICY_NAMES = ['pss-baseline', 'pss-restricted', 'recommended'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];
export const DEFAULT_POLICIES: readonly PolicyName[] = ['pss-restricted', 'recommended'];

export function isPolicyName(s: string): s is PolicyName {
  return (POLICY_NAMES as readonly string[]).includes(s);
}

/** `--k8s-version`: `latest`, `v1.30` or `1.30`, as the PSS library's version string. */
export function normalizeK8sVersion(raw: string | undefined): string {
  if (raw === undefined || raw === '' || raw === 'latest') return 'latest';
  const v = /^1\.\d+$/.test(raw) ? `v${raw}` : raw.replace(/^(v1\.\d+)\.\d+$/, '$1');
  const parsed = parsePssVersion(v);
  if (parsed.error) {
    throw inputError(
      'usage',
      `k8s: --k8s-version ${raw} is not a Kubernetes version`,
      'write latest or v1.<minor> (e.g. v1.30)',
    );
  }
  return v;
}

function pssPolicy(level: 'baseline' | 'restricted', version: string): Policy {
  return {
    name: `pss-${level}`,
    check(obj: Json) {
      const w = workloadOf(obj);
      if (!w) return [];
      return toCheckResults(w, evaluatePss(w.podMeta, w.podSpec, level, version), level);
    },
  };
}

/** The policies for the names given (in the order of POLICY_NAMES). */
export function buildPolicies(names: readonly PolicyName[], version: string): Policy[] {
  const out: Policy[] = [];
  if (names.includes('pss-baseline')) out.push(pssPolicy('baseline', version));
  if (names.includes('pss-restricted')) out.push(pssPolicy('restricted', version));
  if (names.includes('recommended')) {
    out.push({ name: 'recommended', check: (obj, ctx) => evaluateRecommended(obj, { all: ctx.all }) });
  }
  return out;
}
