// The lint engine: runs every enabled rule's visitors over a parsed Dockerfile, applies levels and pragmas.
import type { LintLevel } from '../core/severity.js';
import { type CommandFilter, commandFilter, commandNames } from './command-names.js';
import { applyEdits } from './fix.js';
import {
  type DockerfileModel,
  type Instruction,
  type ParseOptions,
  parseDockerfile,
  shellOf,
} from './parse.js';
import type { Edit, FileFacts, Rule, RuleConfig, RuleContext, RuleReport, RuleVisitors } from './rule.js';
import { RULES } from './rules/index.js';
import type { ShellScript } from './shell.js';

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
  const infos = ruleInfos(rules);
  const findings: LintFinding[] = [];
  const facts = options.facts ?? {};
  // Without overrides or enabled rules, a rule's level is its default one (the common case: no lookups).
  const defaults =
    settings.enabled.length === 0 &&
    Object.getPrototypeOf(settings.overrides) === Object.prototype &&
    Reflect.ownKeys(settings.overrides).length === 0;
  // Visitors by keyword, in rule order; '*' visitors run before the keyword's own (as they always have).
  const star: Handler[] = [];
  const byKeyword = new Map<string, Handler[]>();
  const created: RuleVisitors[] = [];
  for (let r = 0; r < rules.length; r++) {
    const info = infos[r]!;
    const level = defaults && !info.inObjectPrototype ? info.severity : levelOf(info, settings);
    if (level === 'ignore') continue;
    const visitors = info.rule.create(new Context(model, settings, facts, info, level, findings));
    created.push(visitors);
    const keys = Object.keys(visitors);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      const fn = visitors[key];
      if (key === 'done' || typeof fn !== 'function') continue;
      const h: Handler = { fn, info, star: key === '*', commands: key === 'RUN' ? info.commands : null };
      if (h.star) star.push(h);
      else {
        const list = byKeyword.get(key);
        if (list) list.push(h);
        else byKeyword.set(key, [h]);
      }
    }
  }
  for (const instr of model.instructions) {
    dispatch(star, byKeyword, instr, false);
    if (instr.trigger) dispatch(star, byKeyword, instr.trigger, true);
  }
  for (let i = 0; i < created.length; i++) created[i]!.done?.();
  const kept = settings.disableIgnorePragma ? findings : findings.filter((f) => !suppressed(f, model));
  const ignored = settings.ignored.length > 0 ? new Set(settings.ignored) : null;
  const out = ignored ? kept.filter((f) => !ignored.has(f.code)) : kept;
  return out.sort((a, b) => a.line - b.line);
}

/** The context of one rule on one file (a class: one object per rule and file, methods shared). */
class Context implements RuleContext {
  constructor(
    readonly file: DockerfileModel,
    readonly config: LintSettings,
    readonly facts: FileFacts,
    private readonly info: RuleInfo,
    private readonly level: LintLevel,
    private readonly findings: LintFinding[],
  ) {}

  shell(instr: Instruction): ShellScript | null {
    return shellOf(instr);
  }

  report(r: RuleReport): void {
    const finding: LintFinding = {
      code: this.info.id,
      level: this.level,
      message: r.message ?? this.info.description,
      file: this.file.path,
      line: r.line ?? r.instr.onbuild?.line ?? r.instr.line,
      column: 1,
      endLine: r.line ?? (r.instr.onbuild ?? r.instr).endLine,
    };
    if (r.fix && r.fix.length > 0) finding.fix = r.fix;
    if (r.suggestion) finding.suggestion = r.suggestion;
    this.findings.push(finding);
  }
}

function dispatch(
  star: readonly Handler[],
  byKeyword: ReadonlyMap<string, Handler[]>,
  instr: Instruction,
  onbuildOnly: boolean,
): void {
  const nonPosixRun = instr.keyword === 'RUN' && !instr.posixShell;
  if (star.length > 0) run(star, instr, onbuildOnly, nonPosixRun);
  const handlers = byKeyword.get(instr.keyword);
  if (handlers) run(handlers, instr, onbuildOnly, nonPosixRun);
}

function run(list: readonly Handler[], instr: Instruction, onbuildOnly: boolean, nonPosixRun: boolean): void {
  // The command names of a RUN's script, read when a rule that declares `commands` first asks.
  let names: ReadonlySet<string> | undefined;
  for (let k = 0; k < list.length; k++) {
    const h = list[k]!;
    if (onbuildOnly && !h.info.onbuild) continue;
    // Non-POSIX shells (pwsh, cmd) switch shell rules off for RUN; '*' visitors still see the RUN.
    if (nonPosixRun && h.info.shell && !h.star) continue;
    if (h.commands) {
      names ??= commandNames(shellOf(instr));
      if (!h.commands.matches(names)) continue;
    }
    h.fn(instr);
  }
}

interface Handler {
  fn: (instr: Instruction) => void;
  info: RuleInfo;
  star: boolean;
  /** For a RUN visitor: the command names it needs (the rule's `commands`), or null. */
  commands: CommandFilter | null;
}

/** What the engine reads of a rule's meta, in one shape for every rule (rules' meta objects differ in shape). */
interface RuleInfo {
  rule: Rule;
  id: string;
  description: string;
  severity: LintLevel;
  enabledSeverity: LintLevel | undefined;
  shell: boolean;
  onbuild: boolean;
  commands: CommandFilter | null;
  /** `overrides[id]` may find an Object.prototype member (`constructor`): such ids always take the lookup. */
  inObjectPrototype: boolean;
}

const infoByRule = new WeakMap<Rule, RuleInfo>();
const infosByList = new WeakMap<readonly Rule[], RuleInfo[]>();

function ruleInfo(rule: Rule): RuleInfo {
  let info = infoByRule.get(rule);
  if (!info) {
    const { meta } = rule;
    info = {
      rule,
      id: meta.id,
      description: meta.description,
      severity: meta.severity,
      enabledSeverity: meta.enabledSeverity,
      shell: meta.shell === true,
      onbuild: meta.onbuild === true,
      commands: meta.commands ? commandFilter(meta.commands) : null,
      inObjectPrototype: meta.id in Object.prototype,
    };
    infoByRule.set(rule, info);
  }
  return info;
}

/** The infos of a rule list, kept per list and checked against it (a caller may change the list). */
function ruleInfos(rules: readonly Rule[]): RuleInfo[] {
  let list = infosByList.get(rules);
  if (list && list.length === rules.length && list.every((info, i) => info.rule === rules[i])) return list;
  list = rules.map(ruleInfo);
  infosByList.set(rules, list);
  return list;
}

function levelOf(info: RuleInfo, settings: LintSettings): LintLevel {
  const override = settings.overrides[info.id];
  if (override) return override;
  if (info.severity === 'ignore' && settings.enabled.includes(info.id)) return info.enabledSeverity ?? 'info';
  return info.severity;
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
