// The report model shared by scan, k8s and check: SPEC's JSON object, which every format renders.
import type { Package, Unknown } from '../../catalog/types.js';
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

/** The package a vulnerability finding is about. */
export interface FindingPackage {
  name: string;
  version: string;
  type: string;
  purl: string;
}

/** SPEC's `vulnerability` block, plus the distribution's own triage word when the record carries one. */
export interface FindingVulnerability {
  id: string;
  aliases: string[];
  fixedVersions: string[];
  cvss?: { version: string; vector: string; score: number };
  knownExploited: boolean;
  epss?: number;
  /** Debian urgency (`unimportant`), Ubuntu priority (`negligible`), as the record writes it. */
  status?: string;
}

export interface ReportFinding {
  kind: FindingKind;
  ruleId: string;
  severity: Severity;
  title: string;
  message: string;
  location?: FindingLocation;
  resource?: FindingResource;
  package?: FindingPackage;
  vulnerability?: FindingVulnerability;
  fix?: string;
  /** Why the finding is turned off (an annotation, a config ignore entry); only on `suppressed` findings. */
  suppression?: { kind: 'annotation' | 'config'; reason: string };
}

/** An image layer as SPEC's target lists it, with what scan learnt about where it came from. */
export interface TargetLayer {
  index: number;
  digest: string;
  size: number;
  createdBy?: string;
  /** Whether the layer came with the base image; absent when that cannot be told. */
  base?: boolean;
  /** The Dockerfile instruction that made the layer (scan --dockerfile). */
  file?: string;
  line?: number;
}

export interface FindingsTarget {
  type: 'image' | 'dockerfile' | 'k8s' | 'check';
  ref: string;
  digest?: string;
  os?: { id: string; version?: string };
  platform?: string;
  layers?: TargetLayer[];
}

export interface FindingsReport {
  target: FindingsTarget;
  /** The image's packages (scan). */
  packages?: Package[];
  /** Files that could not be read (scan). */
  unknowns?: Unknown[];
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
