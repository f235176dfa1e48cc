import { describe, expect, it } from 'vitest';
import { type FindingsReport, formatFindings, summaryLine } from './index.js';

const report: FindingsReport = {
  target: { type: 'k8s', ref: 'deploy.yaml' },
  findings: [
    {
      kind: 'misconfiguration',
      ruleId: 'pss/runAsNonRoot',
      severity: 'medium',
      title: 'Runs as root',
      message: 'container "app" may run as root',
      location: { file: 'deploy.yaml', line: 12, column: 9 },
      resource: { kind: 'Deployment', name: 'web', namespace: 'prod', container: 'app' },
      fix: 'set runAsNonRoot: true',
    },
    {
      kind: 'misconfiguration',
      ruleId: 'pss/privileged',
      severity: 'critical',
      title: 'Privileged',
      message: 'privileged \u001b[31m',
      location: { file: 'deploy.yaml', line: 14, column: 11 },
      resource: { kind: 'Deployment', name: 'web', namespace: 'prod', container: 'app' },
    },
  ],
  suppressed: [
    {
      kind: 'misconfiguration',
      ruleId: 'pss/hostNamespaces',
      severity: 'high',
      title: 'Host namespaces',
      message: 'hostNetwork',
      location: { file: 'deploy.yaml', line: 8, column: 7 },
      resource: { kind: 'Deployment', name: 'web', namespace: 'prod' },
      suppression: { kind: 'annotation', reason: 'OPS-12' },
    },
  ],
};

describe('findings formatters', () => {
  it('table: grouped by object, sanitized, with fix and a summary line', () => {
    const out = formatFindings('table', report);
    expect(out).toContain('Deployment prod/web (deploy.yaml)\n');
    expect(out).toMatch(/MEDIUM\s+pss\/runAsNonRoot deploy\.yaml:12:9 \[app\]/);
    expect(out).toContain('fix: set runAsNonRoot: true');
    expect(out).not.toContain('\u001b');
    expect(out.trimEnd().split('\n').at(-1)).toBe(
      '2 findings (1 critical, 1 medium) in 1 object, 1 suppressed',
    );
    expect(formatFindings('table', report, { color: true })).toContain('\u001b[');
    expect(summaryLine({ ...report, findings: [], suppressed: [] })).toBe('no findings');
  });

  it('json: SPEC object with summary counts of the active findings', () => {
    const out = JSON.parse(formatFindings('json', report, { toolVersion: '1.2.3' }));
    expect(out.schemaVersion).toBe(1);
    expect(out.tool).toEqual({ name: 'shipshape', version: '1.2.3' });
    expect(out.target).toEqual({ type: 'k8s', ref: 'deploy.yaml' });
    expect(out.findings[0]).toEqual(report.findings[0]);
    expect(out.suppressed).toHaveLength(1);
    expect(out.summary).toEqual({ critical: 1, high: 0, medium: 1, low: 0, info: 0 });
  });

  it('sarif: 2.1.0 with rules (help), regions, levels and suppressions', () => {
    const log = JSON.parse(formatFindings('sarif', report));
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'pss/hostNamespaces',
      'pss/privileged',
      'pss/runAsNonRoot',
    ]);
    expect(run.tool.driver.rules[2].help.text).toContain('set runAsNonRoot: true');
    expect(run.results[0].level).toBe('warning');
    expect(run.results[1].level).toBe('error');
    expect(run.results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'deploy.yaml' },
      region: { startLine: 12, startColumn: 9 },
    });
    expect(run.results[2].suppressions).toEqual([{ kind: 'inSource', justification: 'OPS-12' }]);
    expect(run.results[0].ruleIndex).toBe(2);
  });
});
