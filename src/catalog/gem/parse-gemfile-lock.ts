// Gemfile.lock (Bundler): the gems a Ruby application declares, from the `specs:` of its GEM and GIT sources.

export interface LockedGem {
  name: string;
  version: string;
  /** `x86_64-linux` from `nokogiri (1.15.4-x86_64-linux)`; absent for pure-Ruby gems. */
  platform?: string;
}

export type GemfileLockOutcome = { ok: true; value: LockedGem[] } | { ok: false; reason: string };

// Four spaces, a name, one space, a parenthesised version: `[^ (]+` and `[^)]+` cannot overlap, so no backtracking.
const SPEC_RE = /^ {4}([^ (]+) \(([^)]+)\)$/;
const SECTIONS = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);

/**
 * Every `    name (version)` line under `specs:` of a GEM or GIT source. PATH sources are the application's own
 * code (or a vendored copy), not published gems, so they are left out. RubyGems versions never contain `-`, so
 * the first `-` starts the platform.
 */
export function parseGemfileLock(text: string): GemfileLockOutcome {
  const out: LockedGem[] = [];
  let section: string | undefined;
  let inSpecs = false;
  let sawSource = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.startsWith('<<<<<<<') || line.startsWith('>>>>>>>'))
      return { ok: false, reason: `line ${i + 1}: merge conflict marker` };
    if (line === '') continue;
    if (!line.startsWith(' ')) {
      section = line.trim();
      inSpecs = false;
      if (SECTIONS.has(section)) sawSource = true;
      continue;
    }
    if (!section || !SECTIONS.has(section)) continue;
    if (line === '  specs:') {
      inSpecs = true;
      continue;
    }
    if (!inSpecs || line.startsWith('      ')) continue; // dependency lines of the spec above
    if (!line.startsWith('    ')) {
      inSpecs = false; // `  remote:`, `  revision:`: another key of the source
      continue;
    }
    const m = SPEC_RE.exec(line);
    if (!m) return { ok: false, reason: `line ${i + 1}: expected "    name (version)" in specs` };
    if (section !== 'GEM' && section !== 'GIT') continue;
    const [version, ...platform] = m[2]!.split('-');
    out.push({
      name: m[1]!,
      version: version!,
      ...(platform.length ? { platform: platform.join('-') } : {}),
    });
  }
  if (!sawSource) return { ok: false, reason: 'no GEM, GIT or PATH section: not a Gemfile.lock' };
  return { ok: true, value: out };
}
