// Lint levels (hadolint's names and order) and the shipshape severities they map to.

export type LintLevel = 'error' | 'warning' | 'info' | 'style' | 'ignore';
export const LINT_LEVELS: readonly LintLevel[] = ['error', 'warning', 'info', 'style', 'ignore'];

/** Threshold names hadolint accepts: the levels plus `none`, which (like `ignore`) fails on any finding. */
export type FailureThreshold = LintLevel | 'none';

export function isLintLevel(s: string): s is LintLevel {
  return (LINT_LEVELS as readonly string[]).includes(s);
}

/** Rank for comparisons: error is highest. */
export function levelRank(level: LintLevel): number {
  return 4 - LINT_LEVELS.indexOf(level);
}

/** True when a finding at `level` makes the run fail at `threshold`. */
export function failsAt(level: LintLevel, threshold: FailureThreshold): boolean {
  if (level === 'ignore') return false;
  if (threshold === 'none' || threshold === 'ignore') return true;
  return levelRank(level) >= levelRank(threshold);
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function lintLevelToSeverity(level: LintLevel): Severity {
  switch (level) {
    case 'error':
      return 'high';
    case 'warning':
      return 'medium';
    case 'info':
      return 'low';
    default:
      return 'info';
  }
}
