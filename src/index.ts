// The library API at the package root: lint engine, rules, config, formatters, and the error type.

export { type CliIO, main } from './cli/main.js';
export { type ErrorCode, type ExitCode, isShipshapeError, ShipshapeError } from './core/errors.js';
export { DEFAULT_LIMITS, type Limits } from './core/limits.js';
export { type FailureThreshold, failsAt, type LintLevel, type Severity } from './core/severity.js';
export {
  CONFIG_MAX_ALIASES,
  type IgnoreEntry,
  LINT_FORMATS,
  type LintConfig,
  type LintFlags,
  type LintFormat,
  type LoadLintConfigOptions,
  loadLintConfig,
} from './dockerfile/config.js';
export {
  DEFAULT_SETTINGS,
  type FixResult,
  fixText,
  type LintFinding,
  type LintOptions,
  type LintResult,
  type LintSettings,
  lintModel,
  lintText,
} from './dockerfile/lint.js';
export {
  discoverDockerfiles,
  type FileResult,
  isDockerfileName,
  type LintFilesOptions,
  type LintFilesResult,
  lintFiles,
} from './dockerfile/lint-files.js';
export {
  type DockerfileModel,
  type Instruction,
  type ParseOptions,
  type ParseProblem,
  parseDockerfile,
  type Stage,
} from './dockerfile/parse.js';
export type {
  Edit,
  FileFacts,
  LabelType,
  Rule,
  RuleConfig,
  RuleContext,
  RuleMeta,
} from './dockerfile/rule.js';
export { RULES } from './dockerfile/rules/index.js';
export {
  formatCheckstyle,
  formatCodeclimate,
  formatGitlabCodeclimate,
  formatGnu,
  formatJson,
  formatLintReport,
  formatSarif,
  formatTty,
  type LintFormatOptions,
  type LintReport,
  type LintReportFile,
} from './report/lint/index.js';
export { compareVersions, type Versioning, versioningFor } from './vuln/versioning/index.js';
