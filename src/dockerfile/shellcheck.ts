// ShellCheck findings for shell-form RUN scripts, from the real `shellcheck` program (one process per run).
// PLACEHOLDER: the ShellCheck bridge is being written; until then this reports nothing.
import type { LintFinding, LintSettings } from './lint.js';
import type { DockerfileModel } from './parse.js';

export interface ShellcheckOptions {
  settings: Partial<LintSettings>;
  /** Fail (input error) when shellcheck is missing instead of a notice. */
  required: boolean;
  env?: Record<string, string | undefined>;
}

export async function runShellcheck(
  models: DockerfileModel[],
  _options: ShellcheckOptions,
): Promise<{ findings: LintFinding[][]; notices: string[] }> {
  return { findings: models.map(() => []), notices: [] };
}
