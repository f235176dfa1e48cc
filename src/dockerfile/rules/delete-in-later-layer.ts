// delete-in-later-layer: a RUN deletes files an earlier layer added, which leaves their bytes in the image.
import type { Instruction } from '../parse.js';
import { defineRule } from '../rule.js';
import { copyOperands, dropQuotes, isArchive, isUrl } from '../rule-util.js';
import { baseName, cleanPath, globMatch, hasGlob, packageInstall, unwrap } from '../seed-util.js';
import type { Command } from '../shell.js';

interface Entry {
  /** Absolute path, or under an unknown working directory (`/\0cwd…/x`). */
  path: string;
  /** A directory whose contents we do not know: anything below it counts as added too. */
  tree: boolean;
  instr: Instruction;
}

interface StageState {
  entries: Entry[];
  cwd: string;
}

/** Adds an entry unless the same path is already known (the first adder is the one to report). */
function add(s: StageState, entry: Entry) {
  for (const e of s.entries) if (e.path === entry.path && e.tree === entry.tree) return;
  s.entries.push(entry);
}

function resolve(path: string, cwd: string): string {
  return cleanPath(path.startsWith('/') ? path : `${cwd}/${path}`);
}

function inside(path: string, dir: string): boolean {
  return path !== dir && path.startsWith(dir === '/' ? '/' : `${dir}/`);
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  let p = path;
  while (p.lastIndexOf('/') > 0) {
    p = p.slice(0, p.lastIndexOf('/'));
    out.push(p);
  }
  return out;
}

/** Whether deleting `target` (resolved; may hold a glob) removes bytes of `entry`. */
export function deletes(target: string, entry: Entry): boolean {
  if (!hasGlob(target)) {
    return target === entry.path || inside(entry.path, target) || (entry.tree && inside(target, entry.path));
  }
  if (globMatch(target, entry.path) || ancestors(entry.path).some((a) => globMatch(target, a))) return true;
  const segs = target.split('/');
  const firstGlob = segs.findIndex(hasGlob);
  const prefix = segs.slice(0, firstGlob).join('/') || '/';
  return entry.tree && (prefix === entry.path || inside(prefix, entry.path));
}

// Caches package managers leave behind (Debian's docker-clean already empties /var/cache/apt).
function packageCaches(cmd: Command): string[] {
  const { name, args } = unwrap(cmd);
  if ((name === 'apt-get' || name === 'apt') && args.includes('update')) return ['/var/lib/apt/lists'];
  if (name === 'apk' && (args.includes('update') || (packageInstall(cmd) && !args.includes('--no-cache')))) {
    return ['/var/cache/apk'];
  }
  if ((name === 'yum' || name === 'dnf') && packageInstall(cmd)) return ['/var/cache/yum', '/var/cache/dnf'];
  return [];
}

/** Value of an option written `-o X`, `-oX`, `--output X` or `--output=X` (short flags may be bundled: `-qO-`). */
function optionValue(args: string[], short: string, long: string): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `--${long}`) return args[i + 1] ?? null;
    if (a.startsWith(`--${long}=`)) return a.slice(long.length + 3);
    if (/^-[A-Za-z]+/.test(a) && !a.startsWith('--')) {
      const at = a.indexOf(short, 1);
      if (at !== -1) return at + 1 < a.length ? a.slice(at + 1) : (args[i + 1] ?? null);
    }
  }
  return null;
}

function urlName(args: string[]): string | null {
  const url = args.find((a) => /^(?:https?|ftp):\/\//.test(a));
  if (!url) return null;
  const path = url.replace(/[?#][\s\S]*$/, '').replace(/^[a-z]+:\/\/[^/]*/, '');
  const name = baseName(path);
  return name === '' ? null : name;
}

const CREATORS = new Set(['curl', 'wget', 'tar', 'unzip', 'git']);

/** Paths a command writes (downloads, extractions, clones), relative paths as written. */
function created(cmd: Command): { path: string; tree: boolean }[] {
  const { name, args } = unwrap(cmd);
  if (!CREATORS.has(name) || !cmd.args.every((a) => a.literal)) return [];
  const file = (path: string | null) =>
    path && path !== '-' && !path.startsWith('/dev/') ? [{ path, tree: false }] : [];
  if (name === 'curl') {
    const out = optionValue(args, 'o', 'output');
    if (out) return file(out);
    if (args.some((a) => a === '-O' || a === '--remote-name' || /^-[A-Za-z]*O[A-Za-z]*$/.test(a))) {
      const dir = optionValue(args, '\u0000', 'output-dir');
      const n = urlName(args);
      return n ? file(dir ? `${dir}/${n}` : n) : [];
    }
    return [];
  }
  if (name === 'wget') {
    const out = optionValue(args, 'O', 'output-document');
    if (out) return file(out);
    const dir = optionValue(args, 'P', 'directory-prefix');
    const n = urlName(args);
    return n ? file(dir ? `${dir}/${n}` : n) : [];
  }
  if (name === 'tar' && args.some((a) => /^-?[A-Za-z]*x/.test(a) || a === '--extract')) {
    const dir = optionValue(args, 'C', 'directory');
    return dir && cleanPath(dir) !== '/' ? [{ path: dir, tree: true }] : [];
  }
  if (name === 'unzip') {
    const dir = optionValue(args, 'd', 'd');
    return dir && cleanPath(dir) !== '/' ? [{ path: dir, tree: true }] : [];
  }
  if (name === 'git' && args[0] === 'clone') {
    const pos = args.slice(1).filter((a) => !a.startsWith('-'));
    const dir = pos[1] ?? (pos[0] ? baseName(pos[0].replace(/(?<!\/)\/+$/, '')).replace(/\.git$/, '') : null);
    return dir ? [{ path: dir, tree: true }] : [];
  }
  return [];
}

function isDeletion(cmd: Command): boolean {
  const { name } = unwrap(cmd);
  return name === 'rm' || name === 'unlink' || name === 'find';
}

/** Paths a command deletes (`rm`, `unlink`, `find DIR … -delete`); only literal words. */
function deleted(cmd: Command): string[] {
  if (!isDeletion(cmd)) return [];
  const { name } = unwrap(cmd);
  const words = cmd.args.filter((a) => a.literal).map((a) => a.value);
  const wrapped = cmd.name !== name ? words.slice(words.indexOf(name) + 1) : words;
  if (name === 'rm' || name === 'unlink') {
    const i = wrapped.indexOf('--');
    const paths =
      i === -1
        ? wrapped.filter((w) => !w.startsWith('-'))
        : [...wrapped.slice(0, i).filter((w) => !w.startsWith('-')), ...wrapped.slice(i + 1)];
    return paths.filter((p) => p !== '');
  }
  if (
    name === 'find' &&
    (wrapped.includes('-delete') || (wrapped.includes('-exec') && wrapped.includes('rm')))
  ) {
    const dirs = wrapped.slice(
      0,
      Math.max(
        0,
        wrapped.findIndex((w) => w.startsWith('-') || w === '(' || w === '!'),
      ),
    );
    return dirs.map((d) => `${d.replace(/(?<!\/)\/+$/, '')}/*`);
  }
  return [];
}

export default defineRule({
  meta: {
    id: 'delete-in-later-layer',
    severity: 'warning',
    description: 'Deleting files in a later layer does not remove them from the image',
    help:
      'Every COPY, ADD and RUN adds a layer, and layers only add: when a later RUN deletes a file an earlier ' +
      'layer added, the file is hidden but its bytes still ship and anyone can read them from the earlier ' +
      'layer (secrets, `.git`, downloaded archives, package lists). Delete in the same RUN that creates the ' +
      '(`RUN curl -o x.tgz … && tar -xzf x.tgz && rm x.tgz`), keep copied files out with .dockerignore or a ' +
      'narrower COPY, or build in a stage and `COPY --from` only what the final image needs.',
    shell: true,
    commands: ['rm', 'unlink', 'find', ...CREATORS, 'apt-get', 'apt', 'apk', 'yum', 'dnf'],
    origin: 'shipshape',
  },
  create(context) {
    // Nothing to report in a file whose RUNs delete nothing: the bookkeeping below is skipped then.
    let anyDeletion: boolean | undefined;
    const worthIt = () =>
      (anyDeletion ??= context.file.instructions.some(
        (i) => i.keyword === 'RUN' && (context.shell(i)?.commands.some(isDeletion) ?? false),
      ));
    // A working directory we cannot resolve gets a unique name, so it only equals itself.
    let unknownDirs = 0;
    const unknownCwd = () => `/\u0000cwd${++unknownDirs}`;
    const states = new Map<number, StageState>();
    const stateOf = (instr: Instruction): StageState => {
      let s = states.get(instr.stage);
      if (!s) {
        const stage = context.file.stages[instr.stage];
        const parent = stage && stage.parent !== null ? states.get(stage.parent) : undefined;
        s = parent ? { entries: [...parent.entries], cwd: parent.cwd } : { entries: [], cwd: unknownCwd() };
        states.set(instr.stage, s);
      }
      return s;
    };
    const copy = (instr: Instruction) => {
      if (!worthIt()) return;
      const ops = copyOperands(instr);
      if (!ops) return;
      const s = stateOf(instr);
      const destRaw = dropQuotes(ops.dest);
      if (destRaw.includes('$')) return;
      const dest = resolve(destRaw, s.cwd);
      const intoDir = destRaw.endsWith('/') || ops.sources.length > 1;
      for (const raw of ops.sources) {
        const src = dropQuotes(raw);
        if (src.startsWith('<<')) {
          add(s, {
            path: intoDir ? `${dest}/${src.replace(/^<<-?/, '')}` : dest,
            tree: false,
            instr,
          });
          continue;
        }
        if (instr.keyword === 'ADD' && isUrl(src)) {
          const name = baseName(src.replace(/[?#][\s\S]*$/, ''));
          add(s, { path: intoDir ? resolve(name, dest) : dest, tree: false, instr });
          continue;
        }
        const wholeDir =
          hasGlob(src) || src.endsWith('/') || src === '.' || (instr.keyword === 'ADD' && isArchive(src));
        if (wholeDir || !intoDir) {
          if (dest !== '/') add(s, { path: dest, tree: true, instr });
          continue;
        }
        const name = baseName(src);
        add(s, { path: resolve(name, dest), tree: !name.includes('.'), instr });
        // A directory source copies its contents, not itself: its files land directly in dest.
        if (!name.includes('.') && dest !== '/') add(s, { path: dest, tree: true, instr });
      }
    };
    return {
      WORKDIR(instr) {
        if (!worthIt()) return;
        const s = stateOf(instr);
        const dir = dropQuotes(instr.args.trim());
        s.cwd = dir.includes('$') ? unknownCwd() : resolve(dir, s.cwd);
      },
      COPY: copy,
      ADD: copy,
      RUN(instr) {
        if (!worthIt()) return;
        const script = context.shell(instr);
        if (!script) return;
        const s = stateOf(instr);
        let cwd = s.cwd;
        let hit: { path: string; entry: Entry } | null = null;
        for (const cmd of script.commands) {
          if (cmd.name === 'cd') {
            const dir = cmd.args[0];
            cwd = dir?.literal ? resolve(dir.value, cwd) : unknownCwd();
            continue;
          }
          for (const target of deleted(cmd)) {
            const path = resolve(target, cwd);
            if (path === '/' || path.startsWith('/proc') || path.startsWith('/dev')) continue;
            const entry = s.entries.find((e) => e.instr !== instr && deletes(path, e));
            if (entry && !hit) hit = { path: target, entry };
            // What is deleted is gone for later RUNs (the earlier layer still holds it: reported once).
            s.entries = s.entries.filter(
              (e) => !(e.instr !== instr && (path === e.path || inside(e.path, path))),
            );
          }
          for (const c of created(cmd)) add(s, { path: resolve(c.path, cwd), tree: c.tree, instr });
          for (const dir of packageCaches(cmd)) add(s, { path: dir, tree: true, instr });
        }
        if (!hit) return;
        const by = hit.entry.instr;
        context.report({
          instr,
          message: `deleting '${hit.path}' here does not shrink the image: ${by.keyword} on line ${by.line} added it in an earlier layer, which still ships it; delete in that same ${by.keyword === 'RUN' ? 'RUN' : 'step (or keep it out of the COPY)'} or use a multi-stage build`,
          suggestion:
            by.keyword === 'RUN'
              ? `move the cleanup into the RUN on line ${by.line}`
              : 'exclude the files with .dockerignore or copy only what is needed; build in a stage and COPY --from the result',
        });
      },
    };
  },
});
