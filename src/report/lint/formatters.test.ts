import { describe, expect, it } from 'vitest';
import type { LintFinding } from '../../dockerfile/lint.js';
import type { RuleMeta } from '../../dockerfile/rule.js';
import {
  escapeXml,
  formatCheckstyle,
  formatCodeclimate,
  formatGitlabCodeclimate,
  formatGnu,
  formatJson,
  formatSarif,
  formatTty,
  type LintReport,
  summaryLine,
  toUri,
} from './index.js';

const TEXT = 'FROM node:20\nADD . /app\nRUN cd /app && \\\n  npm ci\nUSER <evil> & "q"\n';

const f = (
  code: string,
  level: LintFinding['level'],
  line: number,
  extra: Partial<LintFinding> = {},
): LintFinding => ({
  code,
  level,
  message: `${code} message`,
  file: 'Dockerfile',
  line,
  column: 1,
  ...extra,
});

const REPORT: LintReport = {
  files: [
    {
      path: 'Dockerfile',
      text: TEXT,
      findings: [
        f('DL3003', 'warning', 3, { endLine: 4, suggestion: 'use WORKDIR\nsecond line' }),
        f('DL3020', 'error', 2, { endLine: 2 }),
        f('DL9999', 'style', 5, { message: `quote ' amp & lt < gt > dq " ctrl \u0007 end` }),
        f('SC2086', 'info', 3),
      ],
    },
    { path: 'clean/Dockerfile', text: 'FROM x\n', findings: [] },
  ],
};

const PARSE_ERROR: LintReport = {
  files: [
    {
      path: 'bad/Dockerfile',
      findings: [f('DL1000', 'error', 3, { column: 7, message: 'unexpected token' })],
    },
  ],
};

const EMPTY: LintReport = { files: [{ path: 'Dockerfile', findings: [] }] };

const META: RuleMeta[] = [
  {
    id: 'DL3020',
    severity: 'error',
    description: 'Use COPY instead of ADD',
    help: 'ADD does more than copy.',
    origin: 'hadolint',
    fixable: true,
  },
  {
    id: 'DL3003',
    severity: 'warning',
    description: 'Use WORKDIR',
    help: 'cd lasts one RUN.',
    origin: 'hadolint',
  },
];

describe('json', () => {
  it("prints hadolint's flat array, keys in alphabetical order, sorted by line", () => {
    const out = formatJson(REPORT);
    const items = JSON.parse(out) as Record<string, unknown>[];
    expect(items.map((i) => i.code)).toEqual(['DL3020', 'DL3003', 'SC2086', 'DL9999']);
    for (const i of items)
      expect(Object.keys(i)).toEqual(['code', 'column', 'file', 'level', 'line', 'message']);
    expect(items[0]).toEqual({
      code: 'DL3020',
      column: 1,
      file: 'Dockerfile',
      level: 'error',
      line: 2,
      message: 'DL3020 message',
    });
  });

  it('prints [] when there is nothing', () => {
    expect(formatJson(EMPTY)).toBe('[]\n');
  });

  it('honours --file-path-in-report', () => {
    const items = JSON.parse(formatJson(REPORT, { filePathInReport: 'real/Dockerfile' })) as {
      file: string;
    }[];
    expect(new Set(items.map((i) => i.file))).toEqual(new Set(['real/Dockerfile']));
  });
});

describe('tty', () => {
  it('prints file:line CODE level: message, suggestions and a summary', () => {
    const out = formatTty(REPORT);
    expect(out.split('\n')).toEqual([
      'Dockerfile:2 DL3020 error: DL3020 message',
      'Dockerfile:3 DL3003 warning: DL3003 message',
      '  suggestion: use WORKDIR',
      '    second line',
      'Dockerfile:3 SC2086 info: SC2086 message',
      `Dockerfile:5 DL9999 style: quote ' amp & lt < gt > dq " ctrl \\x07 end`,
      '4 problems (1 error, 1 warning, 1 info, 1 style) in 1 file',
      '',
    ]);
  });

  it('prints parse errors as file:line:col message', () => {
    expect(formatTty(PARSE_ERROR)).toBe(
      'bad/Dockerfile:3:7 unexpected token\n1 problem (1 error) in 1 file\n',
    );
  });

  it('prints nothing for a clean run', () => {
    expect(formatTty(EMPTY)).toBe('');
  });

  it('colours only when asked', () => {
    expect(formatTty(REPORT)).not.toContain('\u001b[');
    expect(formatTty(REPORT, { color: true })).toContain('\u001b[31merror:\u001b[0m');
  });

  it('shows the offending lines with --verbose', () => {
    const out = formatTty(REPORT, { verbose: true });
    expect(out).toContain(
      'Dockerfile:3 DL3003 warning: DL3003 message\n  3 | RUN cd /app && \\\n  4 |   npm ci\n',
    );
  });

  it('can leave out the summary', () => {
    expect(formatTty(REPORT, { summary: false })).not.toMatch(/problems/);
  });

  it('counts and pluralises', () => {
    expect(summaryLine(EMPTY)).toBe('');
    expect(
      summaryLine({ files: [{ path: 'a', findings: [f('X', 'warning', 1), f('Y', 'warning', 2)] }] }),
    ).toBe('2 problems (2 warnings) in 1 file');
  });
});

describe('gnu', () => {
  it('prints program:file:line: CODE level: message', () => {
    const lines = formatGnu(REPORT).trimEnd().split('\n');
    expect(lines[0]).toBe('shipshape:Dockerfile:2: DL3020 error: DL3020 message');
    expect(lines).toHaveLength(4);
    expect(formatGnu(PARSE_ERROR)).toBe('shipshape:bad/Dockerfile:3:7: unexpected token\n');
  });
});

describe('checkstyle', () => {
  it('escapes XML and groups by file', () => {
    const out = formatCheckstyle(REPORT);
    expect(
      out.startsWith(
        "<?xml version='1.0' encoding='UTF-8'?><checkstyle version='4.3'><file name='Dockerfile'>",
      ),
    ).toBe(true);
    expect(out).toContain(
      "<error line='2' column='1' severity='error' message='DL3020 message' source='DL3020'/>",
    );
    expect(out).toContain('quote &apos; amp &amp; lt &lt; gt &gt; dq &quot; ctrl \uFFFD end');
    expect(out).not.toContain('clean/Dockerfile');
    expect(out.trimEnd().endsWith('</file></checkstyle>')).toBe(true);
    expect(formatCheckstyle(EMPTY)).toBe(
      "<?xml version='1.0' encoding='UTF-8'?><checkstyle version='4.3'></checkstyle>\n",
    );
  });

  it('escapes every special character', () => {
    expect(escapeXml(`a&b<c>d"e'f\ng\u0000h\u{1F600}`)).toBe(
      'a&amp;b&lt;c&gt;d&quot;e&apos;f&#10;g\uFFFDh\u{1F600}',
    );
  });
});

describe('codeclimate', () => {
  it('prints NUL-terminated issues', () => {
    const out = formatCodeclimate(REPORT, { filePathInReport: 'x/Dockerfile' });
    const parts = out.split('\0');
    expect(parts.pop()).toBe('');
    const issues = parts.map((p) => JSON.parse(p));
    expect(issues).toHaveLength(4);
    expect(issues[1]).toEqual({
      type: 'issue',
      check_name: 'DL3003',
      description: 'DL3003 message',
      categories: ['Bug Risk'],
      location: { path: 'x/Dockerfile', lines: { begin: 3, end: 4 } },
      severity: 'major',
    });
    expect(issues.map((i) => i.severity)).toEqual(['blocker', 'major', 'info', 'minor']);
    expect(formatCodeclimate(EMPTY)).toBe('');
  });

  it('gitlab: a JSON array with stable fingerprints', () => {
    const issues = JSON.parse(formatGitlabCodeclimate(REPORT)) as {
      fingerprint: string;
      check_name: string;
    }[];
    expect(issues).toHaveLength(4);
    for (const i of issues) expect(i.fingerprint).toMatch(/^[0-9a-f]{40}$/);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(4);
    expect(JSON.parse(formatGitlabCodeclimate(REPORT))).toEqual(issues);
    // Moving the code down a line keeps the fingerprint.
    const shifted: LintReport = {
      files: [{ path: 'Dockerfile', text: `# comment\n${TEXT}`, findings: [f('DL3020', 'error', 3)] }],
    };
    const moved = JSON.parse(formatGitlabCodeclimate(shifted)) as { fingerprint: string }[];
    expect(moved[0]!.fingerprint).toBe(issues.find((i) => i.check_name === 'DL3020')!.fingerprint);
    expect(formatGitlabCodeclimate(EMPTY)).toBe('[]\n');
  });
});

describe('sarif', () => {
  // The parts of SARIF 2.1.0 that are required by the schema and that GitHub code scanning reads.
  // biome-ignore lint/suspicious/noExplicitAny: walking untyped parsed JSON; every field is checked below
  function validateSarif(log: any) {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(Array.isArray(log.runs)).toBe(true);
    for (const run of log.runs) {
      const driver = run.tool.driver;
      expect(typeof driver.name).toBe('string');
      expect(typeof driver.version).toBe('string');
      expect(driver.informationUri).toMatch(/^https:\/\//);
      const ids = new Set<string>();
      for (const rule of driver.rules) {
        expect(typeof rule.id).toBe('string');
        expect(ids.has(rule.id)).toBe(false);
        ids.add(rule.id);
        expect(typeof rule.shortDescription.text).toBe('string');
        expect(typeof rule.fullDescription.text).toBe('string');
        expect(typeof rule.help.text).toBe('string');
        expect(typeof rule.help.markdown).toBe('string');
        expect(rule.helpUri).toMatch(/^https:\/\//);
        expect(['none', 'note', 'warning', 'error']).toContain(rule.defaultConfiguration.level);
      }
      expect(Array.isArray(run.results)).toBe(true);
      for (const result of run.results) {
        expect(typeof result.message.text).toBe('string');
        expect(ids.has(result.ruleId)).toBe(true);
        expect(driver.rules[result.ruleIndex].id).toBe(result.ruleId);
        expect(['none', 'note', 'warning', 'error']).toContain(result.level);
        expect(result.locations.length).toBeGreaterThan(0);
        for (const loc of result.locations) {
          expect(typeof loc.physicalLocation.artifactLocation.uri).toBe('string');
          const region = loc.physicalLocation.region;
          expect(Number.isInteger(region.startLine) && region.startLine >= 1).toBe(true);
          expect(Number.isInteger(region.startColumn) && region.startColumn >= 1).toBe(true);
          expect(region.endLine).toBeGreaterThanOrEqual(region.startLine);
        }
      }
    }
  }

  it('is structurally valid SARIF 2.1.0', () => {
    const log = JSON.parse(formatSarif(REPORT, { rules: META, toolVersion: '1.2.3' }));
    validateSarif(log);
    const run = log.runs[0];
    expect(run.tool.driver.version).toBe('1.2.3');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'DL3003',
      'DL3020',
      'DL9999',
      'SC2086',
    ]);
    const dl3020 = run.tool.driver.rules[1];
    expect(dl3020.shortDescription.text).toBe('Use COPY instead of ADD');
    expect(dl3020.fullDescription.text).toBe('ADD does more than copy.');
    expect(dl3020.helpUri).toMatch(/docs\/rules\/DL3020\.md$/);
    expect(dl3020.defaultConfiguration.level).toBe('error');
    expect(run.tool.driver.rules[2].helpUri).toBe('https://github.com/hadolint/hadolint/wiki/DL9999');
    expect(run.tool.driver.rules[3].helpUri).toBe('https://www.shellcheck.net/wiki/SC2086');
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(['error', 'warning', 'note', 'note']);
    expect(run.results[1].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'Dockerfile' },
      region: { startLine: 3, startColumn: 1, endLine: 4, sourceLanguage: 'dockerfile' },
    });
  });

  it('is valid with parse errors and with no findings', () => {
    validateSarif(JSON.parse(formatSarif(PARSE_ERROR)));
    const empty = JSON.parse(formatSarif(EMPTY));
    validateSarif(empty);
    expect(empty.runs[0].results).toEqual([]);
  });

  it('turns paths into URIs', () => {
    expect(toUri('./a dir/Dockerfile')).toBe('a%20dir/Dockerfile');
    expect(toUri('/abs/x#y/Dockerfile')).toBe('file:///abs/x%23y/Dockerfile');
    expect(toUri('C:\\src\\Dockerfile')).toBe('file:///C:/src/Dockerfile');
  });
});
