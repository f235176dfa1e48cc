import { describe, expect, it } from 'vitest';
import type { Package } from '../catalog/types.js';
import { parseYamlConfig } from '../dockerfile/config.js';
import {
  applyIgnores,
  grypeRulesFrom,
  isVulnerabilityId,
  parseTrivyignore,
  scanConfigFrom,
} from './ignore.js';
import type { VulnMatch } from './scan.js';

const pkg = (p: Partial<Package>): Package => ({
  name: 'libssl3',
  version: '3.0.11-1~deb12u2',
  type: 'deb',
  purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
  source: { name: 'openssl', version: '3.0.11-1~deb12u2' },
  locations: ['/var/lib/dpkg/status'],
  ...p,
});

const match = (m: Partial<VulnMatch>): VulnMatch => ({
  id: 'DEBIAN-CVE-2024-0727',
  ruleId: 'CVE-2024-0727',
  aliases: ['CVE-2024-0727'],
  package: pkg({}),
  query: { ecosystem: 'Debian:12', name: 'openssl', version: '3.0.11-1~deb12u2' },
  fixedVersions: ['3.0.13-1~deb12u1'],
  severity: 'medium',
  severitySource: 'cvss',
  knownExploited: false,
  ...m,
});

describe('which ids are vulnerabilities', () => {
  it('tells vulnerability ids from lint codes, slugs and Trivy misconfiguration ids', () => {
    for (const id of [
      'CVE-2024-1234',
      'GHSA-29mw-wpgm-hmr9',
      'DLA-3008-1',
      'ALSA-2024:6783',
      'GO-2022-0969',
      'PYSEC-2023-228',
    ]) {
      expect(isVulnerabilityId(id), id).toBe(true);
    }
    for (const id of ['DL3008', 'SC2086', 'numeric-user', 'pss/runAsNonRoot', 'AVD-DS-0002', 'cve-2024-1']) {
      expect(isVulnerabilityId(id), id).toBe(false);
    }
  });
});

describe('matching rules', () => {
  it('package by binary name, source name, or purl with or without a version', () => {
    const m = match({});
    const rules = (pkgSpec: string) =>
      scanConfigFrom(
        parseYamlConfig(
          `ignore:\n  - id: CVE-2024-0727\n    package: '${pkgSpec}'\n    reason: r\n`,
          's.yaml',
        ),
        '2026-01-01',
      ).rules;
    for (const spec of [
      'libssl3',
      'openssl',
      'pkg:deb/debian/libssl3',
      'pkg:deb/debian/libssl3@3.0.11-1~deb12u2',
    ]) {
      expect(applyIgnores([m], rules(spec)).suppressed, spec).toHaveLength(1);
    }
    for (const spec of ['libssl', 'pkg:deb/debian/libssl3@3.0.13-1~deb12u1', 'pkg:npm/libssl3']) {
      expect(applyIgnores([m], rules(spec)).kept, spec).toHaveLength(1);
    }
  });

  it('an id matches the record id or any alias; .trivyignore lines that are not ids are skipped', () => {
    const rules = parseTrivyignore('debian-cve-2024-0727\n', '.trivyignore', '2026-01-01').rules;
    // Lower case is not an id Trivy writes: the line is skipped.
    expect(rules).toEqual([]);
    const r = parseTrivyignore('DEBIAN-CVE-2024-0727\nGHSA-xxxx\n', '.trivyignore', '2026-01-01');
    const out = applyIgnores([match({})], r.rules);
    expect(out.suppressed[0]?.rule.origin).toBe('.trivyignore:1');
    expect(out.unused.map((u) => u.id)).toEqual(['GHSA-xxxx']);
  });

  it('.trivyignore: a malformed exp: is kept without expiry and said once', () => {
    const r = parseTrivyignore('CVE-2024-0727 exp:tomorrow\n', '.trivyignore', '2026-01-01');
    expect(r.rules).toHaveLength(1);
    expect(r.notices).toEqual([
      ".trivyignore:1: 'tomorrow' is not a date (write exp:YYYY-MM-DD); the ignore of CVE-2024-0727 applies without expiry",
    ]);
  });

  it('.grype.yaml: wont-fix is an unfixed record the distribution will not fix; unknown criteria skip the rule', () => {
    const src = parseYamlConfig(
      'ignore:\n  - fix-state: wont-fix\n  - vulnerability: CVE-2024-0727\n    namespace: debian:distro:debian:12\n',
      '.grype.yaml',
    );
    const { rules, notices } = grypeRulesFrom(src);
    expect(notices).toEqual(['.grype.yaml:3: namespace is not supported; this ignore rule is skipped']);
    const triaged = match({ fixedVersions: [], status: 'unimportant' });
    const open = match({ fixedVersions: [] });
    const out = applyIgnores([triaged, open, match({})], rules);
    expect(out.suppressed.map((s) => s.match)).toEqual([triaged]);
    expect(() => grypeRulesFrom(parseYamlConfig('ignore:\n  - fix-state: maybe\n', '.grype.yaml'))).toThrow(
      /'maybe' is not a fix state/,
    );
  });

  it('.shipshape.yaml scan: section is checked', () => {
    const parse = (text: string) => scanConfigFrom(parseYamlConfig(text, 's.yaml'), '2026-01-01');
    expect(parse('scan:\n  ignoreStatus: [Unimportant]\n  ignoreUnfixed: true\n')).toMatchObject({
      ignoreStatus: ['unimportant'],
      ignoreUnfixed: true,
    });
    expect(() => parse('scan:\n  ignoreStatuses: [x]\n')).toThrow(
      /s\.yaml:2: scan\.ignoreStatuses: unknown key/,
    );
    expect(() => parse('scan:\n  ignoreUnfixed: yes please\n')).toThrow(/expected true or false/);
  });
});
