// The lint engine: runs every enabled rule's visitors over a parsed Dockerfile, applies levels and pragmas.
import type { LintLevel } from '../core/severity.js';
import { applyEdits } from './fix.js';
import {
  type DockerfileModel,
  type Instruction,
  type ParseOptions,
  parseDockerfile,
  shellOf,
} from './parse.js';
import type { Edit, FileFacts, Rule, RuleConfig, RuleContext, RuleVisitors } from './rule.js';
import { RULES } from './rules/index.js';

export interface LintFinding {
  code: string;
  level: LintLevel;
  message: string;
  file: string;
  line: number;
  column: number;
  /** Last line of the instruction the finding is about. */
  endLine?: number;
  fix?: Edit[];
  suggestion?: string;
}

export interface LintSettings extends RuleConfig {
  /** Codes to drop. */
  ignored: string[];
  /** Level overrides by code (the winner after hadolint's error > warning > info > style order). */
  overrides: Record<string, LintLevel>;
  /** Off-by-default rules switched on at their `enabledSeverity`. */
  enabled: string[];
  disableIgnorePragma: boolean;
}

export const DEFAULT_SETTINGS: Readonly<LintSettings> = Object.freeze({
  ignored: [],
  overrides: {},
  enabled: [],
  disableIgnorePragma: false,
  trustedRegistries: [],
  labelSchema: {},
  strictLabels: false,
});

export interface LintOptions extends ParseOptions {
  settings?: Partial<LintSettings>;
  facts?: FileFacts;
  rules?: readonly Rule[];
}

export interface LintResult {
  model: DockerfileModel;
  findings: LintFinding[];
}

export function lintText(text: string, options: LintOptions = {}): LintResult {
  const model = parseDockerfile(text, options);
  return { model, findings: lintModel(model, options) };
}

export function lintModel(model: DockerfileModel, options: LintOptions = {}): LintFinding[] {
  const settings: LintSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const file = model.path;
  if (model.problem) {
    return [
      {
        code: 'DL1000',
        level: 'error',
        message: model.problem.message,
        file,
        line: model.problem.line,
        column: model.problem.column,
      },
    ];
  }
  const rules = options.rules ?? RULES;
  const findings: LintFinding[] = [];
  const active: { rule: Rule; visitors: RuleVisitors }[] = [];
  for (const rule of rules) {
    const level = levelFor(rule, settings);
    if (level === 'ignore') continue;
    const context: RuleContext = {
      file: model,
      config: settings,
      facts: options.facts ?? {},
      shell: shellOf,
      report(r) {
        const line = r.line ?? r.instr.onbuild?.line ?? r.instr.line;
        findings.push({
          code: rule.meta.id,
          level,
          message: r.message ?? rule.meta.description,
          file,
          line,
          column: 1,
          endLine: r.line ?? (r.instr.onbuild ?? r.instr).endLine,
          ...(r.fix && r.fix.length > 0 ? { fix: r.fix } : {}),
          ...(r.suggestion ? { suggestion: r.suggestion } : {}),
        });
      },
    };
    active.push({ rule, visitors: rule.create(context) });
  }
  // Dispatch table: for each keyword, the visitors that want it (plus '*'), in rule order.
  const byKeyword = new Map<string, Handler[]>();
  const star: Handler[] = [];
  for (const { rule, visitors } of active) {
    for (const key of Object.keys(visitors)) {
      const fn = visitors[key];
      if (key === 'done' || typeof fn !== 'function') continue;
      const h: Handler = {
        fn: fn as (i: Instruction) => void,
        shell: rule.meta.shell === true,
        onbuild: rule.meta.onbuild === true,
        keyword: key,
      };
      if (key === '*') star.push(h);
      else {
        const list = byKeyword.get(key);
        if (list) list.push(h);
        else byKeyword.set(key, [h]);
      }
    }
  }
  const all = [...star];
  const dispatch = (instr: Instruction, onbuildOnly: boolean) => {
    const handlers = byKeyword.get(instr.keyword);
    const run = (h: Handler) => {
      if (onbuildOnly && !h.onbuild) return;
      // Non-POSIX shells (pwsh, cmd) switch shell rules off for RUN; '*' visitors still see the RUN.
      if (h.shell && h.keyword !== '*' && instr.keyword === 'RUN' && !instr.posixShell) return;
      h.fn(instr);
    };
    if (all.length > 0 && handlers) {
      // Keep rule order between '*' and keyword visitors of the same rule.
      for (const h of all) run(h);
      for (const h of handlers) run(h);
    } else if (handlers) {
      for (const h of handlers) run(h);
    } else {
      for (const h of all) run(h);
    }
  };
  for (const instr of model.instructions) {
    dispatch(instr, false);
    if (instr.trigger) dispatch(instr.trigger, true);
  }
  for (const { visitors } of active) visitors.done?.();
  const kept = settings.disableIgnorePragma ? findings : findings.filter((f) => !suppressed(f, model));
  const ignored = new Set(settings.ignored);
  return kept.filter((f) => !ignored.has(f.code)).sort((a, b) => a.line - b.line);
}

interface Handler {
  fn: (instr: Instruction) => void;
  shell: boolean;
  onbuild: boolean;
  keyword: string;
}

/** The level of a rule after overrides; `ignore` when it is off. */
export function levelFor(rule: Rule, settings: LintSettings): LintLevel {
  const override = settings.overrides[rule.meta.id];
  if (override) return override;
  if (rule.meta.severity === 'ignore' && settings.enabled.includes(rule.meta.id)) {
    return rule.meta.enabledSeverity ?? 'info';
  }
  return rule.meta.severity;
}

/** Whether an inline, stage or global pragma suppresses the finding. */
export function suppressed(finding: { code: string; line: number }, model: DockerfileModel): boolean {
  const { pragmas } = model;
  if (pragmas.next.get(finding.line)?.codes.includes(finding.code)) return true;
  if (pragmas.global.some((p) => p.codes.includes(finding.code))) return true;
  for (const p of pragmas.stage) {
    if (!p.codes.includes(finding.code)) continue;
    // From the line after the comment to the next FROM after that line.
    if (finding.line <= p.line) continue;
    const nextFrom = model.stages.find((s) => s.from.line > p.line + 1);
    if (!nextFrom || finding.line < nextFrom.from.line) return true;
  }
  return false;
}

export interface FixResult {
  text: string;
  /** Findings whose fixes were applied, over all passes. */
  fixed: LintFinding[];
  passes: number;
}

/** Applies every fix, re-linting until nothing more changes (at most `maxPasses` passes). */
export function fixText(text: string, options: LintOptions = {}, maxPasses = 10): FixResult {
  let current = text;
  const fixed: LintFinding[] = [];
  let passes = 0;
  while (passes < maxPasses) {
    const { findings, model } = lintText(current, options);
    if (model.problem) break;
    const fixable = findings.filter((f) => f.fix && f.fix.length > 0);
    if (fixable.length === 0) break;
    // Edits of one finding apply together or not at all: check each finding's edits against those kept so far.
    const edits: Edit[] = [];
    const taken: LintFinding[] = [];
    for (const f of fixable) {
      const candidate = f.fix!;
      if (candidate.some((e) => edits.some((k) => overlaps(e, k)))) continue;
      edits.push(...candidate);
      taken.push(f);
    }
    const result = applyEdits(current, edits);
    passes++;
    if (result.text === current) break;
    current = result.text;
    fixed.push(...taken);
  }
  return { text: current, fixed, passes };
}

function overlaps(a: Edit, b: Edit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end ? true : a.start === b.start;
}
