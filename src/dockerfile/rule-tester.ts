// Test helpers for rules: lint with one rule, check fixes parse, remove their finding, and are idempotent.
import { expect } from 'vitest';
import { fixText, type LintFinding, type LintSettings, lintText } from './lint.js';
import type { FileFacts, Rule } from './rule.js';

export interface TestOptions {
  settings?: Partial<LintSettings>;
  facts?: FileFacts;
}

function settingsFor(rule: Rule, options: TestOptions): Partial<LintSettings> {
  const s = { ...options.settings };
  // Off-by-default rules are switched on for their own tests.
  if (rule.meta.severity === 'ignore') s.enabled = [...(s.enabled ?? []), rule.meta.id];
  return s;
}

/** Findings of `rule` alone on `text`. */
export function lintWith(rule: Rule, text: string, options: TestOptions = {}): LintFinding[] {
  const { findings } = lintText(text, {
    rules: [rule],
    settings: settingsFor(rule, options),
    facts: options.facts,
  });
  return findings.filter((f) => f.code === rule.meta.id);
}

/** Asserts the rule reports exactly at `lines` (1-based, in order). */
export function expectLines(rule: Rule, text: string, lines: number[], options: TestOptions = {}) {
  const found = lintWith(rule, text, options).map((f) => f.line);
  expect(found, `${rule.meta.id} on:\n${text}`).toEqual(lines);
}

export function expectClean(rule: Rule, text: string, options: TestOptions = {}) {
  expectLines(rule, text, [], options);
}

/**
 * Asserts that fixing `text` with `rule` gives `expected`, that the result parses, no longer has the rule's
 * finding (unless `remains` says how many stay), and that a second fix changes nothing.
 */
export function expectFix(
  rule: Rule,
  text: string,
  expected: string,
  options: TestOptions & { remains?: number } = {},
) {
  const settings = settingsFor(rule, options);
  const first = fixText(text, { rules: [rule], settings, facts: options.facts });
  expect(first.text).toBe(expected);
  const relint = lintText(first.text, { rules: [rule], settings, facts: options.facts });
  expect(relint.model.problem, 'fixed text must parse').toBeNull();
  expect(relint.findings.filter((f) => f.code === rule.meta.id).length).toBe(options.remains ?? 0);
  const second = fixText(first.text, { rules: [rule], settings, facts: options.facts });
  expect(second.text, 'a second fix changes nothing').toBe(first.text);
}

/** Joins lines into a Dockerfile text. */
export function df(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
