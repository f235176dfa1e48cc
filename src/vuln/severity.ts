// A vulnerability's severity: CVSS base scores computed from the record's vectors (v4, then v3.x, then v2), else the
// qualitative word the record's database gives (GHSA, Ubuntu priority, Debian urgency).
import type { Severity } from '../core/severity.js';

export interface CvssScore {
  version: '2.0' | '3.0' | '3.1' | '4.0';
  vector: string;
  score: number;
}

type Calculator = typeof import('ae-cvss-calculator');
let calculator: Calculator | undefined;
async function load(): Promise<Calculator> {
  calculator ??= await import('ae-cvss-calculator');
  return calculator;
}

/** Loads the CVSS calculator once, before the synchronous matching loop needs it. */
export async function prepareCvss(): Promise<void> {
  await load();
}

/** The base score of one vector, or undefined when the vector is not one the calculator accepts. */
export function cvssScore(vector: string): CvssScore | undefined {
  if (!calculator) throw new Error('prepareCvss() was not awaited');
  const v = vector.trim();
  const version = v.startsWith('CVSS:4.0/')
    ? '4.0'
    : v.startsWith('CVSS:3.1/')
      ? '3.1'
      : v.startsWith('CVSS:3.0/')
        ? '3.0'
        : /^\(?AV:[LAN]\//.test(v)
          ? '2.0'
          : undefined;
  if (!version) return undefined;
  try {
    const scores = calculator.fromVector(v.replace(/^\((.*)\)$/, '$1'))?.calculateScores() as
      | { base?: number; overall?: number }
      | undefined;
    const score = scores?.base ?? scores?.overall;
    return typeof score === 'number' && Number.isFinite(score) ? { version, vector: v, score } : undefined;
  } catch {
    return undefined;
  }
}

/** CVSS v3/v4 qualitative ratings (v2 has no "critical"; its scores use the same bands here, as Trivy and Grype do). */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

/** GHSA's LOW/MODERATE/HIGH/CRITICAL, Ubuntu priorities, Debian urgencies (`low**` means "not yet assigned"). */
export function severityOfLabel(label: string | undefined): Severity | undefined {
  switch (label?.toLowerCase().replace(/\*+$/, '')) {
    case 'critical':
      return 'critical';
    case 'high':
    case 'important':
      return 'high';
    case 'moderate':
    case 'medium':
      return 'medium';
    case 'low':
      return 'low';
    case 'negligible':
    case 'unimportant':
    case 'not yet assigned':
      return 'info';
    default:
      return undefined;
  }
}

/** The best score the record offers: v4 over v3.x over v2 (newer versions describe the same flaw better). */
export function bestCvss(vectors: { v2?: string; v3?: string; v4?: string }): CvssScore | undefined {
  for (const v of [vectors.v4, vectors.v3, vectors.v2]) {
    if (!v) continue;
    const s = cvssScore(v);
    if (s) return s;
  }
  return undefined;
}

/**
 * bestCvss over one set of vectors, remembered by vectors: a database holds hundreds of thousands of
 * records and a few thousand distinct vectors, a scan thousands of findings. prepareCvss() must have been awaited.
 */
export function cvssScorer(): (
  v2: string | null | undefined,
  v3: string | null | undefined,
  v4: string | null | undefined,
) => CvssScore | undefined {
  const memo = new Map<string, CvssScore | undefined>();
  return (v2, v3, v4) => {
    if (!v2 && !v3 && !v4) return undefined;
    const key = `${v4 ?? ''}\n${v3 ?? ''}\n${v2 ?? ''}`;
    let s = memo.get(key);
    if (s === undefined && !memo.has(key)) {
      s = bestCvss({ ...(v2 ? { v2 } : {}), ...(v3 ? { v3 } : {}), ...(v4 ? { v4 } : {}) });
      memo.set(key, s);
    }
    return s;
  };
}
