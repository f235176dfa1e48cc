// Vulnerability matches as report findings (SPEC's finding object): message, fix, package, location and attribution.
import type { ReportFinding, TargetLayer } from '../report/findings/types.js';
import type { Attribution, LayerOrigin } from './attribution.js';
import type { IgnoreRule } from './ignore.js';
import type { VulnMatch } from './scan.js';

function versionText(m: VulnMatch): string {
  const p = m.package;
  const src = p.source;
  if (p.type === 'deb' && src?.name && (src.name !== p.name || (src.version && src.version !== p.version))) {
    return `${p.name} ${p.version} (source ${src.name} ${src.version ?? p.version})`;
  }
  return `${p.name} ${p.version}`;
}

/** The version to move to: the lowest fixed version of the ranges the installed one is in. */
export function fixOf(m: VulnMatch): string | undefined {
  const to = m.fixedVersions[0];
  if (to === undefined) return undefined;
  const p = m.package;
  const src = p.source?.name;
  // Debian and Alpine fixes are versions of the source package, which the binary packages built from it share.
  const via =
    (p.type === 'deb' || p.type === 'apk') && src && src !== p.name ? ` (source package ${src})` : '';
  return `upgrade ${p.name} to ${to} or later${via}`;
}

export function findingOf(m: VulnMatch, origin: LayerOrigin | undefined): ReportFinding {
  const p = m.package;
  const others = [m.id, ...m.aliases].filter((i) => i !== m.ruleId);
  const also =
    others.length > 0 ? ` (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''})` : '';
  const fixed =
    m.fixedVersions.length > 0
      ? `fixed in ${m.fixedVersions.join(', ')}`
      : 'no fixed version is available yet';
  const fix = fixOf(m);
  const layer = p.layer;
  const location: NonNullable<ReportFinding['location']> = {
    ...(origin?.instruction ? { file: origin.instruction.file, line: origin.instruction.line } : {}),
    ...(layer !== undefined ? { layer } : {}),
    ...(p.locations[0] !== undefined ? { path: p.locations[0] } : {}),
  };
  return {
    kind: 'vulnerability',
    ruleId: m.ruleId,
    severity: m.severity,
    title: m.title ?? `${m.ruleId} in ${p.name}`,
    message: `${versionText(m)} is affected by ${m.ruleId}${also}; ${fixed}`,
    location,
    package: { name: p.name, version: p.version, type: p.type, purl: p.purl },
    vulnerability: {
      id: m.id,
      aliases: m.aliases,
      fixedVersions: m.fixedVersions,
      ...(m.cvss ? { cvss: { version: m.cvss.version, vector: m.cvss.vector, score: m.cvss.score } } : {}),
      knownExploited: m.knownExploited,
      ...(m.epss !== undefined ? { epss: m.epss } : {}),
      ...(m.status !== undefined ? { status: m.status } : {}),
    },
    ...(fix ? { fix } : {}),
  };
}

export function suppressedFindingOf(
  m: VulnMatch,
  rule: IgnoreRule,
  origin: LayerOrigin | undefined,
): ReportFinding {
  return {
    ...findingOf(m, origin),
    suppression: { kind: 'config', reason: `${rule.reason} (${rule.origin})` },
  };
}

/** SPEC's target layers with what attribution learnt: base image or not, and the Dockerfile line. */
export function attributedLayers(
  layers: readonly { index: number; digest: string; size: number; createdBy?: string }[],
  attribution: Attribution,
): TargetLayer[] {
  return layers.map((l) => {
    const a = attribution.layers[l.index];
    return {
      ...l,
      ...(a?.base !== undefined ? { base: a.base } : {}),
      ...(a?.instruction ? { file: a.instruction.file, line: a.instruction.line } : {}),
    };
  });
}
