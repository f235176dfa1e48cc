// The lint engine: runs every enabled rule's visitors over a parsed Dockerfile, applies levels and pragmas.
import type { LintLevel } from '../core/severity.js';
import { commandIndex } from './command-names.js';
import { applyEdits } from './fix.js';
import {
  type DockerfileModel,
  type Instruction,
  type ParseOptions,
  parseDockerfile,
  shellOf,
} from './parse.js';
import type {
  Edit,
  FileFacts,
  InstructionVisitor,
  Rule,
  RuleConfig,
  RuleContext,
  RuleReport,
  RuleVisitors,
} from './rule.js';
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
  const settings: LintSettings = options.settings
    ? { ...DEFAULT_SETTINGS, ...options.settings }
    : (DEFAULT_SETTINGS as LintSettings);
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
    settings === DEFAULT_SETTINGS ||
    (settings.enabled.length === 0 &&
      Object.getPrototypeOf(settings.overrides) === Object.prototype &&
      Reflect.ownKeys(settings.overrides).length === 0);
  const levelsNow = () =>
    infos.map((info) => (defaults && !info.inObjectPrototype ? info.severity : levelOf(info, settings)));
  // A plan holds while the levels are the same, and the config: a rule's visitor keys may depend on it (rules
  // that need a label schema have none without one).
  let plan = plans.get(infos);
  if (plan && !(defaults && plan.defaults) && !sameList(levelsNow(), plan.levels)) plan = undefined;
  if (plan && !sameConfig(plan.config, settings)) plan = undefined;
  // With a plan, rules are created lazily: only when a visitor of theirs is due (or at the end, for `done`).
  if (plan && new FileLint(plan, model, settings, facts, findings).lint())
    return finish(findings, model, settings);
  findings.length = 0;
  // No plan yet, or a rule returned other visitor keys than planned: create every rule first and plan from them.
  const levels = plan ? plan.levels : levelsNow();
  const active = plan ? plan.active : infos.filter((_, r) => levels[r] !== 'ignore');
  const activeLevels = plan ? plan.activeLevels : levels.filter((l) => l !== 'ignore');
  const created: RuleVisitors[] = new Array(active.length);
  const keys: string[][] = new Array(active.length);
  for (let a = 0; a < active.length; a++) {
    const info = active[a]!;
    created[a] = createRule(info, activeLevels[a]!, model, settings, facts, findings);
    keys[a] = Object.keys(created[a]!);
  }
  plan = makePlan(levels, defaults, settings, active, activeLevels, keys);
  plans.set(infos, plan);
  const eager = new FileLint(plan, model, settings, facts, findings);
  for (let a = 0; a < active.length; a++) eager.adopt(a, created[a]!);
  eager.lint();
  return finish(findings, model, settings);
}

/** Drops suppressed and ignored findings, in line order. */
function finish(findings: LintFinding[], model: DockerfileModel, settings: LintSettings): LintFinding[] {
  const { pragmas } = model;
  const anyPragma = pragmas.next.size > 0 || pragmas.global.length > 0 || pragmas.stage.length > 0;
  const kept =
    settings.disableIgnorePragma || !anyPragma ? findings : findings.filter((f) => !suppressed(f, model));
  const ignored = settings.ignored.length > 0 ? new Set(settings.ignored) : null;
  const out = ignored ? kept.filter((f) => !ignored.has(f.code)) : kept;
  // Visitors report in line order except for `done` hooks; the sort is stable, so a sorted list stays as it is.
  for (let i = 1; i < out.length; i++) if (out[i]!.line < out[i - 1]!.line) return out.sort(byLine);
  return out;
}

const byLine = (a: LintFinding, b: LintFinding) => a.line - b.line;

/** Whether `visitors` has exactly `keys` as its own enumerable keys, in that order (no array allocated). */
function hasKeys(visitors: RuleVisitors, keys: readonly string[]): boolean {
  let j = 0;
  for (const k in visitors) if (j >= keys.length || keys[j++] !== k) return false;
  return j === keys.length;
}

/**
 * One file's run of a plan. A rule is created when the first visitor of its is due, so a rule about HEALTHCHECK
 * or `apk` costs nothing in a file without one: rules are pure (create reports nothing and reads only its
 * context), so creating one later gives the same findings.
 */
class FileLint {
  private readonly created: (RuleVisitors | undefined)[];
  private readonly fns: (InstructionVisitor | undefined)[];

  constructor(
    private readonly plan: Plan,
    private readonly model: DockerfileModel,
    private readonly settings: LintSettings,
    private readonly facts: FileFacts,
    private readonly findings: LintFinding[],
  ) {
    this.created = new Array(plan.active.length);
    this.fns = new Array(plan.slotCount);
  }

  /** Creates rule `a`; false when it returned other visitor keys than the plan has (the file is then redone). */
  make(a: number): boolean {
    const { plan } = this;
    const info = plan.active[a]!;
    const visitors = createRule(
      info,
      plan.activeLevels[a]!,
      this.model,
      this.settings,
      this.facts,
      this.findings,
    );
    if (!hasKeys(visitors, plan.keys[a]!)) return false;
    this.adopt(a, visitors);
    return true;
  }

  /** Takes rule `a`'s visitors (whose keys are the plan's) into its slots. */
  adopt(a: number, visitors: RuleVisitors): void {
    this.created[a] = visitors;
    const k = this.plan.keys[a]!;
    const base = this.plan.base[a]!;
    for (let j = 0; j < k.length; j++) {
      const fn = visitors[k[j]!];
      this.fns[base + j] = typeof fn === 'function' ? fn : undefined;
    }
  }

  /** Runs every instruction, then the `done` hooks; false when a rule's keys did not match the plan. */
  lint(): boolean {
    const { plan } = this;
    const { instructions } = this.model;
    for (let i = 0; i < instructions.length; i++) {
      const instr = instructions[i]!;
      if (!this.run(plan.byKeyword.get(instr.keyword) ?? plan.starOnly, instr, false)) return false;
      const trigger = instr.trigger;
      if (trigger && !this.run(plan.byKeyword.get(trigger.keyword) ?? plan.starOnly, trigger, true))
        return false;
    }
    const { doneRules, doneSlots } = plan;
    for (let d = 0; d < doneRules.length; d++) {
      const a = doneRules[d]!;
      if (this.created[a] === undefined && !this.make(a)) return false;
      (this.fns[doneSlots[d]!] as (() => void) | undefined)?.();
    }
    return true;
  }

  private run(d: Dispatch, instr: Instruction, onbuildOnly: boolean): boolean {
    const { slots, infos, star, filter, rule } = d;
    const { fns, created } = this;
    // Non-POSIX shells (pwsh, cmd) switch shell rules off for RUN; '*' visitors still see the RUN.
    const nonPosixRun = instr.keyword === 'RUN' && !instr.posixShell;
    // Which declared command lists the RUN's script satisfies, found when a visitor that declares one first asks.
    let matched: Uint8Array | undefined;
    for (let k = 0; k < slots.length; k++) {
      const info = infos[k]!;
      if (onbuildOnly && !info.onbuild) continue;
      if (nonPosixRun && info.shell && star[k] === 0) continue;
      const f = filter[k]!;
      if (f !== -1) {
        matched ??= d.matching!(shellOf(instr));
        if (matched[f] === 0) continue;
      }
      let fn = fns[slots[k]!];
      if (fn === undefined) {
        const a = rule[k]!;
        if (created[a] !== undefined) continue;
        if (!this.make(a)) return false;
        fn = fns[slots[k]!];
        if (fn === undefined) continue;
      }
      fn(instr);
    }
    return true;
  }
}

/** One rule's visitors for one file, reporting at `level` into `findings`. */
function createRule(
  info: RuleInfo,
  level: LintLevel,
  model: DockerfileModel,
  settings: LintSettings,
  facts: FileFacts,
  findings: LintFinding[],
): RuleVisitors {
  return info.rule.create(new Context(model, settings, facts, info, level, findings));
}

function sameConfig(a: RuleConfig, b: RuleConfig): boolean {
  if (a.strictLabels !== b.strictLabels || !sameList(a.trustedRegistries, b.trustedRegistries)) return false;
  if (a.labelSchema === b.labelSchema) return true;
  const ka = Object.keys(a.labelSchema);
  const kb = Object.keys(b.labelSchema);
  return sameList(ka, kb) && ka.every((k) => a.labelSchema[k] === b.labelSchema[k]);
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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

/**
 * The keyword dispatch of one rule list at one set of levels, built once and reused while every rule returns the
 * same visitor keys: a file then only creates its rules and fills their visitors into slots (one per rule and key).
 */
interface Plan {
  /** Level per rule of the list (`ignore`: not created), and whether they are the default levels. */
  levels: readonly LintLevel[];
  defaults: boolean;
  /** The config the visitor keys were seen under. */
  config: RuleConfig;
  active: readonly RuleInfo[];
  activeLevels: readonly LintLevel[];
  /** Each active rule's visitor keys as its `create` returned them, and its first slot. */
  keys: readonly string[][];
  base: readonly number[];
  slotCount: number;
  /** What runs for each keyword ('*' visitors first, then the keyword's own, in rule order), and for others. */
  byKeyword: ReadonlyMap<string, Dispatch>;
  starOnly: Dispatch;
  /** The rules with a `done` key (in rule order) and the slot of each one's `done`. */
  doneRules: Int32Array;
  doneSlots: Int32Array;
}

/** The visitors one keyword runs, as parallel lists. */
interface Dispatch {
  slots: Int32Array;
  /** The active rule each visitor belongs to. */
  rule: Int32Array;
  infos: RuleInfo[];
  star: Uint8Array;
  /** Index of a RUN visitor's `commands` in `matching`, or -1 without one. */
  filter: Int32Array;
  matching: ((script: ShellScript | null) => Uint8Array) | null;
}

const plans = new WeakMap<readonly RuleInfo[], Plan>();

function makePlan(
  levels: readonly LintLevel[],
  defaults: boolean,
  config: RuleConfig,
  active: readonly RuleInfo[],
  activeLevels: readonly LintLevel[],
  keys: readonly string[][],
): Plan {
  const base: number[] = [];
  const star: { slot: number; info: RuleInfo; a: number }[] = [];
  const own = new Map<string, { slot: number; info: RuleInfo; a: number }[]>();
  const doneRules: number[] = [];
  const doneSlots: number[] = [];
  let slot = 0;
  for (let a = 0; a < active.length; a++) {
    base.push(slot);
    for (const key of keys[a]!) {
      const entry = { slot: slot++, info: active[a]!, a };
      if (key === 'done') {
        doneRules.push(a);
        doneSlots.push(entry.slot);
        continue;
      }
      if (key === '*') star.push(entry);
      else {
        const list = own.get(key);
        if (list) list.push(entry);
        else own.set(key, [entry]);
      }
    }
  }
  const dispatchOf = (keyword: string | null): Dispatch => {
    const entries = [...star, ...(keyword === null ? [] : own.get(keyword)!)];
    const declared: (readonly string[])[] = [];
    const filter = new Int32Array(entries.length).fill(-1);
    entries.forEach((e, k) => {
      if (k < star.length || keyword !== 'RUN' || !e.info.commands) return;
      filter[k] = declared.length;
      declared.push(e.info.commands);
    });
    return {
      slots: Int32Array.from(entries, (e) => e.slot),
      rule: Int32Array.from(entries, (e) => e.a),
      infos: entries.map((e) => e.info),
      star: Uint8Array.from(entries, (_, k) => (k < star.length ? 1 : 0)),
      filter,
      matching: declared.length > 0 ? commandIndex(declared) : null,
    };
  };
  const byKeyword = new Map<string, Dispatch>();
  for (const keyword of own.keys()) byKeyword.set(keyword, dispatchOf(keyword));
  return {
    levels,
    defaults,
    config: {
      trustedRegistries: config.trustedRegistries,
      labelSchema: config.labelSchema,
      strictLabels: config.strictLabels,
    },
    active,
    activeLevels,
    keys,
    base,
    slotCount: slot,
    byKeyword,
    starOnly: dispatchOf(null),
    doneRules: Int32Array.from(doneRules),
    doneSlots: Int32Array.from(doneSlots),
  };
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
  /** The rule's `commands` (RUN visitors are skipped for scripts that run none of them), or null. */
  commands: readonly string[] | null;
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
      commands: meta.commands ?? null,
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
