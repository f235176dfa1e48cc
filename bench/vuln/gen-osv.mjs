// Generates a seeded OSV corpus shaped like osv.dev's bulk data (one zip per ecosystem) and the 5,000-package
// matching set. Records are cloned from the real samples (details, references, severity vectors, database_specific
// kept) with new ids, aliases, names and version ranges. Names the benchmark image really has (Debian source
// packages, npm packages, at their installed versions) get records above, at and below their versions, so that
// matching the image does real work; the rest is a long tail of made-up names.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createZipWriter } from './zip-writer.mjs';

/** Bump when the generator's output changes, so cached corpora are rebuilt. */
export const GENERATOR_VERSION = 4;

/** Share of records per ecosystem zip, roughly osv.dev's proportions without most of npm's malware reports. */
const SHARES = [
  ['Debian', 0.26],
  ['Ubuntu', 0.18],
  ['npm', 0.2],
  ['PyPI', 0.09],
  ['Alpine', 0.07],
  ['Maven', 0.06],
  ['Go', 0.05],
  ['AlmaLinux', 0.02],
  ['crates.io', 0.02],
  ['RubyGems', 0.02],
  ['Packagist', 0.02],
  ['NuGet', 0.01],
];

const WORDS = `
  able acid alpha amber anchor apex arc argon array arrow ash atlas atom aura axis badge bamboo banner basil
  beacon bean bear bee berry birch bison blade blaze bloom bolt bond boost brick bridge brook buffer bug cable
  cache cactus camel candle canvas canyon carbon cargo cedar chain chalk charm chart chip cider cipher citrus
  clay cliff cloud clover coast cobalt comet coral core cosmos crane crest crypt cube cursor dash dawn delta
  dune eagle echo edge ember engine falcon fern fiber field flame flask fleet flint flux forge fox frost fuse
  gale garnet gate gear glade glow goat grain graph grid grove gull harbor hawk haze helix heron hive honey hook
  husk ink iris iron ivy jade jet jolt kale kelp kernel kite lake lantern laser leaf ledger lemon lens lime
  linen link lotus lumen lynx magnet maple marble mesa meteor mint moss moth nebula needle nest nexus nickel
  noble nova oak oasis ocean olive onyx opal orbit otter owl oxide panda parcel pebble pepper pixel plasma plume
  polar pollen prism pulse quartz quill radar raven reef ridge river robin rocket root ruby rune saber sage
  salt sand shard shell sierra silk slate socket solar spark spruce stack star stone storm swift tango thorn
  tide tiger timber token topaz torch trail tulip tundra union vapor vector velvet vertex viper vista volt
  walnut wave willow wind wolf yarn yeti zephyr zinc
`
  .trim()
  .split(/\s+/);

export function makeRandom(seed) {
  let s = seed | 0;
  // mulberry32: small and seeded, so the same seed gives the same corpus.
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version a little above `v` in every scheme used here: the last number goes up by one or two. */
export function higherVersion(v, random) {
  const m = /(\d+)(\D*)$/.exec(v);
  if (!m) return `${v}.1`;
  return `${v.slice(0, m.index)}${Number(m[1]) + 1 + Math.floor(random() * 2)}${m[2]}`;
}

/** A version below `v`: the first non-zero number goes down. */
export function lowerVersion(v) {
  const re = /\d+/g;
  for (let m = re.exec(v); m; m = re.exec(v)) {
    const n = Number(m[0]);
    if (n > 0) return `${v.slice(0, m.index)}${n - 1}${v.slice(m.index + m[0].length)}`;
  }
  return undefined;
}

function loadTemplates(samplesDir) {
  const by = {};
  const vectors = { CVSS_V3: [], CVSS_V4: [], CVSS_V2: [] };
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.json')) {
        const r = JSON.parse(readFileSync(join(d, e.name), 'utf8'));
        const prefix = e.name.split(/[-:]/)[0];
        by[prefix] = [...(by[prefix] ?? []), r];
        for (const s of r.severity ?? []) if (vectors[s.type]) vectors[s.type].push(s.score);
      }
    }
  };
  walk(samplesDir);
  return { by, vectors };
}

/**
 * Writes `<dir>/<Ecosystem>.zip` files with `count` records in all, plus `<dir>/match-set.json` (5,000 packages
 * for matchPackages) and `<dir>/corpus.json`. `image` is the benchmark image's inventory: { packages, distro }.
 */
export function generateCorpus({ dir, seed, count, samplesDir, image, matchPackages = 5000 }) {
  const random = makeRandom(seed);
  const pick = (a) => a[Math.floor(random() * a.length)];
  const chance = (p) => random() < p;
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const { by, vectors } = loadTemplates(samplesDir);
  const templates = {
    Debian: [
      ...(by.DLA ?? []),
      ...(by.DSA ?? []),
      ...(by.CVE ?? []).filter((r) => /Debian/.test(JSON.stringify(r.affected))),
    ],
    Ubuntu: by.UBUNTU ?? [],
    Alpine: [
      ...(by.ALPINE ?? []),
      ...(by.CVE ?? []).filter((r) => /Alpine/.test(JSON.stringify(r.affected))),
    ],
    AlmaLinux: by.ALSA ?? [],
    GHSA: by.GHSA ?? [],
    PYSEC: by.PYSEC ?? [],
    GO: by.GO ?? [],
    RUSTSEC: by.RUSTSEC ?? [],
  };
  for (const [k, v] of Object.entries(templates))
    if (v.length === 0) throw new Error(`no ${k} sample in ${samplesDir}`);

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  // Image names: Debian source packages at their source versions, npm packages at their versions.
  const debSources = new Map();
  const imageNpm = new Map();
  for (const p of image.packages) {
    if (p.type === 'deb') debSources.set(p.source?.name ?? p.name, p.source?.version ?? p.version);
    if (p.type === 'npm' && !imageNpm.has(p.name)) imageNpm.set(p.name, p.version);
  }
  // Shuffled (seeded) so the names with the most records are not simply the first in alphabetical order.
  const debNames = [...debSources.keys()].sort();
  for (let k = debNames.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [debNames[k], debNames[j]] = [debNames[j], debNames[k]];
  }
  const imageRelease = image.distro?.versionId ?? '12';

  let cveSeq = 0;
  const cve = () => `CVE-${2014 + (cveSeq % 12)}-${10000 + cveSeq++}`;
  const ghsaChars = '23456789cfghjmpqrvwx';
  const ghsa = () => {
    let s = 'GHSA';
    for (let g = 0; g < 3; g++) {
      s += '-';
      for (let i = 0; i < 4; i++) s += ghsaChars[Math.floor(random() * ghsaChars.length)];
    }
    return s;
  };
  const dates = (i) => {
    const published = new Date(Date.UTC(2014, 0, 1) + ((i * 7919) % 4000) * 86_400_000);
    return {
      published: published.toISOString().replace('.000', ''),
      modified: new Date(published.getTime() + int(0, 800) * 86_400_000).toISOString(),
    };
  };
  const severityOf = (kind) => {
    if (kind === 'ghsa') {
      const out = [{ type: 'CVSS_V3', score: pick(vectors.CVSS_V3) }];
      if (vectors.CVSS_V4.length && chance(0.3)) out.push({ type: 'CVSS_V4', score: pick(vectors.CVSS_V4) });
      return out;
    }
    if (kind === 'ubuntu')
      return [{ type: 'Ubuntu', score: pick(['negligible', 'low', 'low', 'medium', 'medium', 'high']) }];
    if (kind === 'alpine' && chance(0.6)) return [{ type: 'CVSS_V3', score: pick(vectors.CVSS_V3) }];
    return undefined;
  };

  // Long-tail names per ecosystem, drawn with a skew so some names have many records, as real packages do.
  const tailName = (eco, k) => {
    const a = WORDS[k % WORDS.length];
    const b = WORDS[Math.floor(k / WORDS.length) % WORDS.length];
    const n = Math.floor(k / (WORDS.length * WORDS.length));
    const sfx = n ? `${n + 1}` : '';
    switch (eco) {
      case 'npm':
        return k % 7 === 0 ? `@${a}/${b}${sfx}` : `${a}-${b}${sfx}`;
      case 'PyPI':
        return k % 5 === 0 ? `${a.charAt(0).toUpperCase()}${a.slice(1)}_${b}${sfx}` : `${a}-${b}${sfx}`;
      case 'Maven':
        return `org.${a}${sfx}.${b}:${b}-${pick(['core', 'api', 'client', 'server', 'common'])}`;
      case 'Go':
        return `github.com/${a}${sfx}/${b}`;
      case 'crates.io':
        return `${a}_${b}${sfx}`;
      case 'Packagist':
        return `${a}${sfx}/${b}`;
      case 'NuGet':
        return `${a.charAt(0).toUpperCase()}${a.slice(1)}.${b.charAt(0).toUpperCase()}${b.slice(1)}${sfx}`;
      default:
        return `${a}-${b}${sfx}`;
    }
  };
  // Distribution long tail: lib<word>, <word>-<word>; the first few hundred resemble real source names.
  const distroTail = (k) =>
    k % 3 === 0 ? `lib${WORDS[k % WORDS.length]}${Math.floor(k / WORDS.length) || ''}` : tailName('deb', k);
  const skewed = (n) => Math.floor(n * random() ** 2.2);

  const TAIL = {
    npm: 30_000,
    PyPI: 12_000,
    Maven: 8_000,
    Go: 5_000,
    'crates.io': 2_500,
    RubyGems: 2_500,
    Packagist: 2_500,
    NuGet: 1_500,
  };
  const usedTail = Object.fromEntries(Object.keys(TAIL).map((e) => [e, new Map()]));

  /** Language ranges around a version (affected when `hit`), in one of the shapes real advisories have. */
  const languageRanges = (type, installed, hit) => {
    const base = installed ?? `${int(0, 6)}.${int(0, 20)}.${int(0, 15)}`;
    const fixedAbove = higherVersion(base, random);
    const below = lowerVersion(base) ?? '0.0.1';
    const shape = random();
    let ranges;
    if (hit === 'unfixed') ranges = [{ type, events: [{ introduced: '0' }] }];
    else if (hit === true) {
      ranges =
        shape < 0.6
          ? [{ type, events: [{ introduced: '0' }, { fixed: fixedAbove }] }]
          : shape < 0.85
            ? [{ type, events: [{ introduced: below }, { fixed: fixedAbove }] }]
            : [{ type, events: [{ introduced: '0' }, { last_affected: base }] }];
    } else {
      // Not affected: fixed at or below the version, or a range entirely above it.
      ranges =
        shape < 0.7
          ? [{ type, events: [{ introduced: '0' }, { fixed: chance(0.5) ? base : below }] }]
          : [
              {
                type,
                events: [
                  { introduced: higherVersion(fixedAbove, random) },
                  { fixed: higherVersion(higherVersion(fixedAbove, random), random) },
                ],
              },
            ];
    }
    if (chance(0.15)) {
      // A second, older branch (as in path-to-regexp's five ranges).
      const old = lowerVersion(below) ?? '0.0.1';
      ranges.push({ type, events: [{ introduced: '0' }, { fixed: old }] });
    }
    return ranges;
  };
  const enumerate = (ranges) => {
    // osv.dev lists the affected versions it knows of; a few of the range's endpoints stand in for them.
    const out = new Set();
    for (const r of ranges)
      for (const e of r.events) for (const v of Object.values(e)) if (v !== '0') out.add(v);
    return [...out];
  };

  /** One language record: GHSA for most ecosystems, PYSEC/GO/RUSTSEC for theirs. */
  const languageRecord = (eco, i, name, installed, hit) => {
    const prefix =
      eco === 'PyPI' && chance(0.5)
        ? 'PYSEC'
        : eco === 'Go'
          ? 'GO'
          : eco === 'crates.io' && chance(0.7)
            ? 'RUSTSEC'
            : 'GHSA';
    const t = structuredClone(pick(templates[prefix]));
    const type =
      eco === 'npm' || eco === 'Go' || eco === 'crates.io' || (prefix === 'GHSA' && chance(0.5))
        ? 'SEMVER'
        : 'ECOSYSTEM';
    const id =
      prefix === 'GHSA'
        ? ghsa()
        : prefix === 'GO'
          ? `GO-${2020 + (i % 7)}-${1000 + i}`
          : `${prefix}-${2018 + (i % 8)}-${1000 + i}`;
    const c = cve();
    const aliases = prefix === 'GHSA' ? [c] : [c, ghsa()];
    const entry = (n) => {
      const ranges = languageRanges(type, installed, hit);
      const a = {
        package: {
          name: n,
          ecosystem: eco,
          ...(eco === 'npm' ? { purl: `pkg:npm/${n.replace('@', '%40')}` } : {}),
        },
        ranges,
      };
      if (chance(0.3)) a.versions = enumerate(ranges);
      if (prefix === 'GO' && t.affected?.[0]?.ecosystem_specific)
        a.ecosystem_specific = t.affected[0].ecosystem_specific;
      if (prefix === 'GHSA')
        a.database_specific = {
          source: `https://github.com/github/advisory-database/blob/main/advisories/github-reviewed/${id}.json`,
        };
      return a;
    };
    // Some advisories name a sibling package too (lodash and lodash-es).
    const affected = [entry(name)];
    if (chance(0.08)) affected.push(entry(`${name}-${pick(WORDS)}`));
    const r = {
      schema_version: '1.6.0',
      id,
      ...dates(i),
      aliases,
      ...(t.related?.length && chance(0.3) ? { related: t.related.slice(0, 3) } : {}),
      summary:
        t.summary ??
        `${name}: ${pick(['denial of service', 'prototype pollution', 'path traversal', 'ReDoS', 'SSRF'])}`,
      details: t.details,
      affected,
      references: t.references,
      ...(prefix === 'GHSA'
        ? {
            database_specific: {
              severity: pick(['LOW', 'MODERATE', 'HIGH', 'CRITICAL']),
              github_reviewed: true,
              cwe_ids: ['CWE-400'],
            },
          }
        : {}),
    };
    const sev = prefix === 'GHSA' || chance(0.5) ? severityOf('ghsa') : undefined;
    if (sev) r.severity = sev;
    if (chance(0.004)) r.withdrawn = r.modified;
    return r;
  };

  /** A malware report: one made-up package name, listed versions, no fix (osv.dev's MAL- records). */
  const malRecord = (i) => ({
    schema_version: '1.5.0',
    id: `MAL-${2022 + (i % 4)}-${i}`,
    ...dates(i),
    summary: 'Malicious code in a package',
    details: 'This package contains code that exfiltrates environment variables on install.',
    affected: [
      {
        package: { ecosystem: 'npm', name: `${pick(WORDS)}-${pick(WORDS)}-${i.toString(36)}` },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }],
        versions: ['1.0.0', '1.0.1'].slice(0, int(1, 2)),
        database_specific: { 'malicious-packages-origins': [{ source: 'ghsa-malware' }] },
      },
    ],
    database_specific: { 'malicious-packages-origins': [{ source: 'ghsa-malware' }] },
  });

  /** Distribution ranges for one release: fixed above (affected), unfixed, or fixed at/below the version. */
  const distroEntry = (eco, release, name, installed, template) => {
    const v = installed ?? `${int(0, 9)}.${int(0, 30)}-${int(1, 9)}`;
    const roll = random();
    const events = [{ introduced: '0' }];
    let urgency;
    if (installed && roll < 0.03) events.push({ fixed: higherVersion(v, random) });
    else if (roll < (installed ? 0.14 : 0.2))
      urgency = pick(['unimportant', 'unimportant', 'low', 'not yet assigned']);
    else events.push({ fixed: chance(0.3) ? v : (lowerVersion(v) ?? v) });
    const a = {
      package: {
        name,
        ecosystem: `${eco}:${release}`,
        purl: `pkg:${eco === 'Alpine' ? 'apk' : 'deb'}/${eco.toLowerCase()}/${name}?arch=source`,
      },
      ranges: [{ type: 'ECOSYSTEM', events }],
    };
    if (chance(0.4)) {
      const vs = [lowerVersion(v) ?? v];
      for (let k = int(0, 12); k > 0; k--) vs.push(lowerVersion(vs[vs.length - 1]) ?? vs[0]);
      a.versions = [...new Set(vs)];
    }
    if (eco === 'Debian' && urgency) a.ecosystem_specific = { urgency };
    else if (eco === 'Ubuntu')
      a.ecosystem_specific = { ubuntu_priority: pick(['negligible', 'low', 'medium']) };
    if (template?.affected?.[0]?.database_specific)
      a.database_specific = template.affected[0].database_specific;
    return a;
  };

  const DEBIAN_RELEASES = ['11', '12', '13'];
  const UBUNTU_RELEASES = ['20.04:LTS', '22.04:LTS', '24.04:LTS', 'Pro:18.04:LTS'];
  const ALPINE_RELEASES = ['v3.18', 'v3.19', 'v3.20', 'v3.21', 'v3.22'];

  const distroRecord = (eco, i) => {
    const t = pick(templates[eco]);
    const c = cve();
    // 15% of Debian records are about a package the image has (the image is Debian 12); Ubuntu and Alpine reuse
    // the same source names now and then, as real distributions share upstreams.
    const onImage = eco === 'Debian' ? chance(0.15) : chance(0.05);
    const name = onImage
      ? debNames[skewed(debNames.length)]
      : distroTail(skewed(eco === 'Debian' ? 20_000 : 15_000));
    const releases =
      eco === 'Debian' ? DEBIAN_RELEASES : eco === 'Ubuntu' ? UBUNTU_RELEASES : ALPINE_RELEASES;
    const chosen = releases.filter(() => chance(0.7));
    if (chosen.length === 0) chosen.push(pick(releases));
    if (eco === 'Debian' && onImage && !chosen.includes(imageRelease)) chosen.push(imageRelease);
    const affected = chosen.map((rel) =>
      distroEntry(
        eco,
        rel,
        name,
        eco === 'Debian' && rel === imageRelease && onImage ? debSources.get(name) : undefined,
        t,
      ),
    );
    const dla = eco === 'Debian' && chance(0.1);
    const prefix = eco === 'Debian' ? 'DEBIAN' : eco === 'Ubuntu' ? 'UBUNTU' : 'ALPINE';
    const r = {
      schema_version: '1.7.3',
      id: dla ? `DLA-${3000 + i}-1` : `${prefix}-${c}`,
      ...dates(i),
      upstream: dla ? [c, cve(), cve()].slice(0, int(1, 3)) : [c],
      ...(dla ? { summary: `${name} - security update` } : {}),
      details: t.details ?? `An issue was found in ${name}.`,
      affected: dla
        ? affected.slice(0, 1).map((a) => ({ ...a, package: { ...a.package, ecosystem: 'Debian:11' } }))
        : affected,
      ...(t.references ? { references: t.references.slice(0, 8) } : {}),
    };
    const sev = severityOf(eco === 'Ubuntu' ? 'ubuntu' : eco === 'Alpine' ? 'alpine' : 'debian');
    if (sev) r.severity = sev;
    return r;
  };

  const almaRecord = (i) => {
    const t = pick(templates.AlmaLinux);
    const rel = pick(['8', '9', '10']);
    const base = chance(0.3)
      ? pick(['openssl', 'curl', 'glibc', 'kernel', 'systemd', 'python3', 'nss'])
      : distroTail(skewed(6000));
    const v = `${int(1, 5)}.${int(0, 40)}.${int(0, 9)}-${int(1, 60)}.el${rel}_${int(0, 6)}`;
    const names = [
      base,
      `${base}-devel`,
      `${base}-libs`,
      `${base}-debuginfo`,
      `${base}-doc`,
      `lib${base}`,
    ].slice(0, int(2, 6));
    return {
      schema_version: '1.7.0',
      id: `ALSA-${2021 + (i % 6)}:${10000 + i}`,
      ...dates(i),
      summary: `Important: ${base} security update`,
      details: t.details,
      affected: names.map((n) => ({
        package: { ecosystem: `AlmaLinux:${rel}`, name: n },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: chance(0.2) ? `1:${v}` : v }] }],
      })),
      references: t.references?.slice(0, 6),
      related: [cve()],
      ...(t.severity ? { severity: t.severity } : {}),
    };
  };

  const counts = {};
  let left = count;
  SHARES.forEach(([eco, share], k) => {
    counts[eco] = k === SHARES.length - 1 ? left : Math.round(count * share);
    left -= counts[eco];
  });
  const files = [];
  let i = 0;
  let jsonBytes = 0;
  for (const [eco] of SHARES) {
    const zipPath = join(dir, `${eco}.zip`);
    const zip = createZipWriter(zipPath);
    const add = (r) => {
      jsonBytes += zip.add(`${r.id}.json`, JSON.stringify(r, null, 2)).bytes;
    };
    let n = counts[eco];
    if (eco === 'npm') {
      // The image's npm packages: 0 to 6 advisories each, above, at and below the installed version.
      for (const [name, version] of [...imageNpm].sort()) {
        for (let k = int(0, 6); k > 0 && n > 0; k--, n--) {
          const roll = random();
          add(languageRecord('npm', i++, name, version, roll < 0.2 ? true : roll < 0.25 ? 'unfixed' : false));
        }
      }
    }
    for (; n > 0; n--, i++) {
      if (eco === 'Debian' || eco === 'Ubuntu' || eco === 'Alpine') add(distroRecord(eco, i));
      else if (eco === 'AlmaLinux') add(almaRecord(i));
      else if (eco === 'npm' && chance(0.3)) add(malRecord(i));
      else {
        const k = skewed(TAIL[eco]);
        const name = tailName(eco, k);
        usedTail[eco].set(name, (usedTail[eco].get(name) ?? 0) + 1);
        add(languageRecord(eco, i, name, undefined, chance(0.5)));
      }
    }
    const z = zip.close();
    files.push({ ecosystem: eco, file: `${eco}.zip`, records: z.entries, bytes: z.bytes });
  }

  // The matching set: the image's packages, then language packages, about a third of them with records.
  const pkgs = image.packages.filter((p) => p.type === 'deb' || p.type === 'npm').map((p) => ({ ...p }));
  const mix = [
    ['npm', 0.45],
    ['PyPI', 0.18],
    ['Maven', 0.14],
    ['Go', 0.1],
    ['crates.io', 0.05],
    ['RubyGems', 0.04],
    ['Packagist', 0.02],
    ['NuGet', 0.02],
  ];
  const TYPE = {
    npm: 'npm',
    PyPI: 'pypi',
    Maven: 'maven',
    Go: 'golang',
    'crates.io': 'cargo',
    RubyGems: 'gem',
    Packagist: 'composer',
    NuGet: 'nuget',
  };
  const purlOf = (eco, name, version) => {
    const enc = (s) => encodeURIComponent(s);
    switch (eco) {
      case 'npm':
        return `pkg:npm/${name.startsWith('@') ? `%40${name.slice(1)}` : name}@${enc(version)}`;
      case 'Maven': {
        const [g, a] = name.split(':');
        return `pkg:maven/${g}/${a}@${enc(version)}`;
      }
      case 'Go':
        return `pkg:golang/${name}@v${version}`;
      case 'Packagist':
        return `pkg:composer/${name}@${version}`;
      default:
        return `pkg:${TYPE[eco]}/${name}@${enc(version)}`;
    }
  };
  const remaining = matchPackages - pkgs.length;
  const seen = new Set(pkgs.map((p) => `${p.type}\0${p.name}`));
  for (const [eco, share] of mix) {
    const hits = [...usedTail[eco].keys()];
    const want = Math.round(remaining * share);
    for (let k = 0, guard = 0; k < want && guard < want * 20; guard++) {
      const name =
        chance(0.35) && hits.length ? pick(hits) : tailName(eco, TAIL[eco] + skewed(TAIL[eco] * 3));
      if (seen.has(`${TYPE[eco]}\0${name}`)) continue;
      seen.add(`${TYPE[eco]}\0${name}`);
      const version = `${int(0, 6)}.${int(0, 20)}.${int(0, 15)}`;
      pkgs.push({
        name: eco === 'Maven' ? name.split(':')[1] : name,
        version: eco === 'Go' ? `v${version}` : version,
        type: TYPE[eco],
        purl: purlOf(eco, name, version),
        locations: [],
      });
      k++;
    }
  }
  while (pkgs.length > matchPackages) pkgs.pop();
  const corpus = {
    version: GENERATOR_VERSION,
    seed,
    count,
    jsonBytes,
    files,
    matchSet: pkgs.length,
    distro: image.distro,
  };
  writeFileSync(join(dir, 'match-set.json'), JSON.stringify(pkgs));
  writeFileSync(join(dir, 'corpus.json'), `${JSON.stringify(corpus, null, 2)}\n`);
  return corpus;
}

/** The cached corpus in `dir` when it was made by this generator with this seed and count. */
export function cachedCorpus(dir, seed, count) {
  const f = join(dir, 'corpus.json');
  if (!existsSync(f) || !existsSync(join(dir, 'match-set.json'))) return undefined;
  const c = JSON.parse(readFileSync(f, 'utf8'));
  return c.version === GENERATOR_VERSION && c.seed === seed && c.count === count ? c : undefined;
}
