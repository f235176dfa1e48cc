// The report model shared by scan, k8s and check: SPEC's JSON object, which every format renders.
import type { Severity } from '../../core/severity.js';

export type FindingKind = 'vulnerability' | 'lint' | 'misconfiguration' | 'secret' | 'hygiene' | 'crosscheck';

export interface FindingLocation {
  file?: string;
  line?: number;
  column?: number;
  layer?: number;
  path?: string;
}

export interface FindingResource {
  kind: string;
  name: string;
  namespace?: string;
  container?: string;
}

export interface ReportFinding {
  kind: FindingKind;
  ruleId: string;
  severity: Severity;
  title: string;
  message: string;
  location?: FindingLocation;
  resource?: FindingResource;
  fix?: string;
  /** Why the finding is turned off (an annotation, a config ignore entry); only on `suppressed` findings. */
  suppression?: { kind: 'annotation' | 'config'; reason: string };
}

export interface FindingsReport {
  target: { type: 'image' | 'dockerfile' | 'k8s' | 'check'; ref: string };
  findings: ReportFinding[];
  /** Findings turned off on purpose, kept visible; not counted in the summary nor for the exit code. */
  suppressed?: ReportFinding[];
}

export interface FindingsFormatOptions {
  /** table: ANSI colour. */
  color?: boolean;
  toolVersion?: string;
  /** table: print the closing summary line (default true). */
  summary?: boolean;
}

export type Summary = Record<Severity, number>;

export function summarize(findings: readonly ReportFinding[]): Summary {
  const s: Summary = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) s[f.severity]++;
  return s;
}
