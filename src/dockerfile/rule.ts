// The rule interface: data (meta) plus create(context) returning visitors per instruction keyword.
import type { LintLevel } from '../core/severity.js';
import type { DockerfileModel, Instruction } from './parse.js';
import type { ShellScript } from './shell.js';

export type LabelType = 'text' | 'url' | 'semver' | 'hash' | 'rfc3339' | 'spdx' | 'email';

export interface RuleMeta {
  /** hadolint's code (`DL3008`) or our slug (`root-final-stage`). */
  id: string;
  /** Default level; `ignore` means off until enabled by an override (hadolint's DL1001, DL3057). */
  severity: LintLevel;
  /** Level used when an off-by-default rule is switched on with `enable:` rather than an override. */
  enabledSeverity?: LintLevel;
  /** One-line summary (also the default message). */
  description: string;
  /** Why it matters and what to write instead: the help text of docs and SARIF. */
  help: string;
  /** Link to the rule's documentation page. */
  url?: string;
  /** The rule also runs on instructions wrapped in ONBUILD. */
  onbuild?: boolean;
  /** The rule reads parsed shell (RUN); it is skipped for non-POSIX shells. */
  shell?: boolean;
  /**
   * The command names without which the rule's RUN visitor does nothing (no report, no state): the engine skips
   * it for a RUN whose script runs none of them (as written, by base name, or behind sudo/env). `pip*` is a prefix.
   */
  commands?: readonly string[];
  /** The rule offers automatic fixes. */
  fixable?: boolean;
  /** Config the rule needs before it can fire. */
  needs?: 'trustedRegistries' | 'labelSchema' | 'strictLabels';
  origin: 'hadolint' | 'shipshape';
}

/** A text edit on the Dockerfile: replace [start, end) with `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface RuleReport {
  /** The instruction the finding is about (its first line is reported). */
  instr: Instruction;
  message?: string;
  /** Override the reported line (e.g. a pragma comment). */
  line?: number;
  /** Edits that fix the finding while keeping behaviour. */
  fix?: Edit[];
  /** A change we suggest but do not apply, because it can change behaviour. */
  suggestion?: string;
}

export interface RuleConfig {
  trustedRegistries: string[];
  labelSchema: Record<string, LabelType>;
  strictLabels: boolean;
}

/** Facts about the file's surroundings, gathered by the caller so rules stay pure. */
export interface FileFacts {
  /** Content of the `.dockerignore` beside the Dockerfile; null when there is none; undefined when unknown (stdin). */
  dockerignore?: string | null;
}

export interface RuleContext {
  readonly file: DockerfileModel;
  readonly config: RuleConfig;
  readonly facts: FileFacts;
  report(report: RuleReport): void;
  /** The parsed shell of a RUN (cached; null for exec form and non-POSIX shells). */
  shell(instr: Instruction): ShellScript | null;
}

export type InstructionVisitor = (instr: Instruction) => void;

/** Visitors by upper-case keyword; `'*'` sees every instruction; `done` runs after the last one. */
export interface RuleVisitors {
  [keyword: string]: InstructionVisitor | undefined;
  done?: () => void;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleVisitors;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
