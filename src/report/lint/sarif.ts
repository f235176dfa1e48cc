// SARIF 2.1.0 for code scanning (GitHub and others): one run, the rules that fired, one result per finding.
import type { LintLevel } from '../../core/severity.js';
import type { RuleMeta } from '../../dockerfile/rule.js';
import { flatten, type LintFormatOptions, type LintReport, PARSE_ERROR_CODE } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const PROJECT_URL = 'https://github.com/shipshape-dev/shipshape';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** The SARIF 2.1.0 log around one shipshape run: the envelope every shipshape SARIF report shares. */
export function sarifLog(
  version: string | undefined,
  rules: unknown[],
  results: unknown[],
  run: Record<string, unknown> = {},
): string {
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'shipshape', version: version ?? '0.0.0', informationUri: PROJECT_URL, rules },
        },
        results,
        columnKind: 'utf16CodeUnits',
        ...run,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

export function sarifLevel(level: LintLevel): SarifLevel {
  switch (level) {
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'ignore':
      return 'none';
    default:
      return 'note';
  }
}

/** Where a rule is documented: its own page when it has one, else ours, hadolint's wiki, or ShellCheck's. */
export function helpUri(id: string, meta?: RuleMeta): string {
  if (meta?.url) return meta.url;
  if (meta) return `${PROJECT_URL}/blob/main/docs/rules/${encodeURIComponent(id)}.md`;
  if (/^SC\d+$/.test(id)) return `https://www.shellcheck.net/wiki/${id}`;
  if (id === PARSE_ERROR_CODE) return 'https://github.com/hadolint/hadolint#rules';
  if (/^DL\d+$/.test(id)) return `https://github.com/hadolint/hadolint/wiki/${id}`;
  return `${PROJECT_URL}/blob/main/docs/rules/${encodeURIComponent(id)}.md`;
}

/** A path as a SARIF artifact URI: relative paths stay relative (to the repository root), others become file:. */
export function toUri(path: string): string {
  const p = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  const encoded = p
    .split('/')
    .map((seg) => (/^[A-Za-z]:$/.test(seg) ? seg : encodeURIComponent(seg)))
    .join('/');
  if (p.startsWith('/')) return `file://${encoded}`;
  if (/^[A-Za-z]:\//.test(p)) return `file:///${encoded}`;
  return encoded;
}

interface SarifRule {
  id: string;
  name?: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[] };
}

function describeRule(id: string, meta: RuleMeta | undefined): SarifRule {
  const uri = helpUri(id, meta);
  if (meta) {
    return {
      id,
      shortDescription: { text: meta.description },
      fullDescription: { text: meta.help || meta.description },
      help: {
        text: `${meta.help || meta.description}\n\nSee ${uri}`,
        markdown: `${meta.help || meta.description}\n\n[${id} documentation](${uri})`,
      },
      helpUri: uri,
      defaultConfiguration: { level: sarifLevel(meta.severity) },
      properties: { tags: ['dockerfile', meta.origin] },
    };
  }
  const isShellcheck = /^SC\d+$/.test(id);
  const text =
    id === PARSE_ERROR_CODE
      ? 'The Dockerfile could not be parsed'
      : isShellcheck
        ? `ShellCheck ${id} in a RUN script`
        : `Rule ${id}`;
  return {
    id,
    shortDescription: { text },
    fullDescription: { text },
    help: { text: `${text}\n\nSee ${uri}`, markdown: `${text}\n\n[${id} documentation](${uri})` },
    helpUri: uri,
    defaultConfiguration: { level: id === PARSE_ERROR_CODE ? 'error' : 'warning' },
    properties: { tags: isShellcheck ? ['dockerfile', 'shellcheck'] : ['dockerfile'] },
  };
}

export function formatSarif(report: LintReport, options: LintFormatOptions = {}): string {
  const metas = new Map((options.rules ?? []).map((m) => [m.id, m]));
  const items = flatten(report, options);
  const ids = [...new Set(items.map((i) => i.finding.code))].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const results = items.map(({ path, finding: f }) => ({
    ruleId: f.code,
    ruleIndex: index.get(f.code)!,
    level: sarifLevel(f.level),
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(path) },
          region: {
            startLine: Math.max(1, f.line),
            startColumn: Math.max(1, f.column),
            endLine: Math.max(1, f.line, f.endLine ?? f.line),
            sourceLanguage: /^SC\d+$/.test(f.code) ? 'sh' : 'dockerfile',
          },
        },
      },
    ],
  }));
  return sarifLog(
    options.toolVersion,
    ids.map((id) => describeRule(id, metas.get(id))),
    results,
    { defaultSourceLanguage: 'dockerfile' },
  );
}
