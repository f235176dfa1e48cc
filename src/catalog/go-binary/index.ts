// Go binary cataloger: the modules and the Go standard library compiled into executables, from their build info.
import { purl } from '../purl.js';
import type { Cataloger, Package, Unknown } from '../types.js';
import { type ExtractedBuildInfo, GO_BUILDINFO_EXTRACTOR_ID, goBuildInfoExtractor } from './extractor.js';
import { type GoBuildInfo, type GoModule, parseModinfo, stdlibVersion } from './parse-buildinfo.js';

/** `pkg:golang/<module path>@<version>`: the last path element is the purl name, the rest its namespace. */
export function golangPurl(modulePath: string, version: string): string {
  const slash = modulePath.lastIndexOf('/');
  return slash > 0
    ? purl('golang', modulePath.slice(0, slash), modulePath.slice(slash + 1), version)
    : purl('golang', undefined, modulePath, version);
}

/** What `go build` names the main module of `go build file.go`: not a module anyone can look up. */
const COMMAND_LINE_ARGUMENTS = 'command-line-arguments';
const DEVEL = '(devel)';

/** A replacement by a directory (`=> ../fork`) rather than by another module version. */
function isDirectory(path: string): boolean {
  return /^(\.{1,2}[/\\]|\/|[A-Za-z]:[/\\]|\\\\)/.test(path) || path === '.' || path === '..';
}

export interface GoModuleRef {
  path: string;
  version: string;
}

/**
 * The modules a binary contains: the main module (from its `mod` line, or, as Syft does for GOPATH builds such as
 * Debian's, its `path` line, versioned `(devel)`), then every dependency after replacements, then `stdlib`.
 * A dependency replaced by another module is reported as that module; one replaced by a local directory keeps
 * its own path at `(devel)`, since a directory has no module path or version a purl could carry.
 */
export function goModules(info: GoBuildInfo, goVersion: string | undefined): GoModuleRef[] {
  const out: GoModuleRef[] = [];
  const main = info.main?.path ? info.main : info.path ? { path: info.path, version: DEVEL } : undefined;
  if (main && main.path !== COMMAND_LINE_ARGUMENTS)
    out.push({ path: main.path, version: main.version || DEVEL });
  for (const dep of info.deps) out.push(effective(dep));
  const std = goVersion === undefined ? undefined : stdlibVersion(goVersion);
  if (std) out.push({ path: 'stdlib', version: std });
  return out.filter((m) => m.path !== '' && m.version !== '');
}

function effective(dep: GoModule): GoModuleRef {
  const r = dep.replace;
  if (!r) return { path: dep.path, version: dep.version };
  if (isDirectory(r.path) || !r.version) return { path: dep.path, version: DEVEL };
  return { path: r.path, version: r.version };
}

/** The extractor's JSON, checked anyway: a stale or damaged result becomes an unknown, not a crash. */
function decode(data: Buffer): ExtractedBuildInfo | undefined {
  try {
    const v = JSON.parse(data.toString('utf8')) as Partial<Record<string, unknown>>;
    if (v.format === 'inline' && typeof v.goVersion === 'string' && typeof v.modinfo === 'string')
      return { format: 'inline', goVersion: v.goVersion, modinfo: v.modinfo };
    if (v.format === 'pointer')
      return typeof v.modinfo === 'string'
        ? { format: 'pointer', modinfo: v.modinfo }
        : { format: 'pointer' };
    if (v.format === 'invalid' && typeof v.reason === 'string')
      return { format: 'invalid', reason: v.reason };
  } catch {
    // fall through: reported as unreadable
  }
  return undefined;
}

export const goBinaryCataloger: Cataloger = {
  name: 'go-binary',
  version: 1,
  kind: 'language',
  globs: [],
  extractors: [goBuildInfoExtractor],
  catalog(fs) {
    const packages: Package[] = [];
    const unknowns: Unknown[] = [];
    for (const { path, data } of fs.extracted(GO_BUILDINFO_EXTRACTOR_ID)) {
      const x = decode(data);
      if (!x) {
        unknowns.push({ path, reason: 'Go build info: unreadable extractor result' });
        continue;
      }
      if (x.format === 'invalid') {
        unknowns.push({ path, reason: `Go build info: ${x.reason}` });
        continue;
      }
      let goVersion: string | undefined;
      if (x.format === 'pointer') {
        unknowns.push({
          path,
          reason:
            'Go < 1.18 build info: the Go version is stored by address and not read, so stdlib is not reported' +
            (x.modinfo === undefined ? '; no module information found either' : ''),
        });
      } else {
        goVersion = x.goVersion;
      }
      const { info, error } = parseModinfo(x.modinfo ?? '');
      if (error)
        unknowns.push({ path, reason: `Go build info: modinfo line ${error.line}: ${error.message}` });
      const layer = fs.layerOf(path);
      const seen = new Set<string>();
      for (const m of goModules(info, goVersion)) {
        const p = golangPurl(m.path, m.version);
        if (seen.has(p)) continue;
        seen.add(p);
        packages.push({
          name: m.path,
          version: m.version,
          type: 'golang',
          purl: p,
          ...(layer !== undefined ? { layer } : {}),
          locations: [path],
        });
      }
    }
    return { packages, unknowns };
  },
};
