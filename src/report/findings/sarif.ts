// SARIF 2.1.0 for code scanning: the rules that fired (with help), one result per finding, suppressed ones marked.
import type { Severity } from '../../core/severity.js';
import { PROJECT_URL, type SarifLevel, sarifLog, toUri } from '../lint/sarif.js';
import type { FindingsFormatOptions, FindingsReport, ReportFinding } from './types.js';

export function severityToSarif(s: Severity): SarifLevel {
  if (s === 'critical' || s === 'high') return 'error';
  if (s === 'medium') return 'warning';
  return 'note';
}

/** GitHub code scanning ranks security results by this number (as a string). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

export function ruleHelpUri(ruleId: string, kind: ReportFinding['kind']): string {
  const folder = kind === 'misconfiguration' ? 'k8s' : kind;
  return `${PROJECT_URL}/blob/main/docs/rules/${folder}/${ruleId.split('/').map(encodeURIComponent).join('/')}.md`;
}

/** osv.dev's page for the record that matched (every id in the database has one there). */
export function vulnerabilityUri(id: string): string {
  return `https://osv.dev/vulnerability/${encodeURIComponent(id)}`;
}

function describeVulnerability(f: ReportFinding) {
  const v = f.vulnerability;
  const uri = vulnerabilityUri(v?.id ?? f.ruleId);
  const cvss = v?.cvss ? `CVSS ${v.cvss.version} ${v.cvss.score} (${v.cvss.vector})` : '';
  const facts = [
    `Severity: ${f.severity}${cvss ? `, ${cvss}` : ''}`,
    v?.aliases.length ? `Also known as: ${v.aliases.join(', ')}` : '',
    v?.status ? `Distribution triage: ${v.status}` : '',
  ].filter(Boolean);
  return {
    id: f.ruleId,
    shortDescription: { text: f.title },
    fullDescription: { text: f.title },
    help: {
      text: [f.title, ...facts, `See ${uri}`].join('\n\n'),
      markdown: [`**${f.title}**`, ...facts, `[${v?.id ?? f.ruleId} on osv.dev](${uri})`].join('\n\n'),
    },
    helpUri: uri,
    defaultConfiguration: { level: severityToSarif(f.severity) },
    properties: {
      tags: ['security', 'vulnerability'],
      // GitHub ranks by this number: the CVSS base score when the record has one.
      'security-severity': v?.cvss ? v.cvss.score.toFixed(1) : SECURITY_SEVERITY[f.severity],
    },
  };
}

function describeRule(f: ReportFinding) {
  if (f.kind === 'vulnerability') return describeVulnerability(f);
  const uri = ruleHelpUri(f.ruleId, f.kind);
  const how = f.fix ? `How to fix: ${f.fix}` : '';
  return {
    id: f.ruleId,
    shortDescription: { text: f.title },
    fullDescription: { text: f.title },
    help: {
      text: [f.title, how, `See ${uri}`].filter(Boolean).join('\n\n'),
      markdown: [`**${f.title}**`, how, `[${f.ruleId} documentation](${uri})`].filter(Boolean).join('\n\n'),
    },
    helpUri: uri,
    defaultConfiguration: { level: severityToSarif(f.severity) },
    properties: {
      tags: ['security', f.kind === 'misconfiguration' ? 'kubernetes' : f.kind],
      'security-severity': SECURITY_SEVERITY[f.severity],
    },
  };
}

export function formatFindingsSarif(report: FindingsReport, options: FindingsFormatOptions = {}): string {
  const all = [...report.findings, ...(report.suppressed ?? [])];
  const firstById = new Map<string, ReportFinding>();
  for (const f of all) if (!firstById.has(f.ruleId)) firstById.set(f.ruleId, f);
  const ids = [...firstById.keys()].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  let inImage = false;
  const result = (f: ReportFinding) => {
    const loc = f.location;
    // A path inside the image is not a file of the repository: it is relative to the IMAGE base (described below).
    if (f.kind === 'vulnerability' && loc?.file === undefined && loc?.path !== undefined) {
      inImage = true;
      return {
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId),
        level: severityToSarif(f.severity),
        message: { text: f.fix ? `${f.message}\nFix: ${f.fix}` : f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: toUri(loc.path.replace(/^\/+/, '')), uriBaseId: 'IMAGE' },
            },
          },
        ],
        ...(f.suppression
          ? { suppressions: [{ kind: 'external', justification: f.suppression.reason }] }
          : {}),
      };
    }
    const file = loc?.file ?? loc?.path;
    const out: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: severityToSarif(f.severity),
      message: { text: f.fix ? `${f.message}\nFix: ${f.fix}` : f.message },
      locations: file
        ? [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(file) },
                ...(loc?.line !== undefined
                  ? {
                      region: {
                        startLine: Math.max(1, loc.line),
                        startColumn: Math.max(1, loc.column ?? 1),
                      },
                    }
                  : {}),
              },
              ...(f.resource
                ? {
                    logicalLocations: [
                      {
                        name: f.resource.container ?? f.resource.name,
                        fullyQualifiedName: [
                          f.resource.kind,
                          f.resource.namespace,
                          f.resource.name,
                          f.resource.container,
                        ]
                          .filter(Boolean)
                          .join('/'),
                        kind: f.resource.container ? 'container' : 'resource',
                      },
                    ],
                  }
                : {}),
            },
          ]
        : [],
    };
    if (f.suppression) {
      out.suppressions = [
        {
          kind: f.suppression.kind === 'annotation' ? 'inSource' : 'external',
          justification: f.suppression.reason,
        },
      ];
    }
    return out;
  };
  const results = all.map(result);
  return sarifLog(
    options.toolVersion,
    ids.map((id) => describeRule(firstById.get(id) as ReportFinding)),
    results,
    inImage
      ? {
          originalUriBaseIds: { IMAGE: { description: { text: `the file system of ${report.target.ref}` } } },
        }
      : {},
  );
}
