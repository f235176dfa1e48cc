// build-tools-in-final-stage: compilers, -dev packages or dev dependencies installed in the image that ships.
import type { Instruction } from '../parse.js';
import { defineRule } from '../rule.js';
import { finalChain, isPackageManager, packageInstall, packageRemoval, unwrap } from '../seed-util.js';
import type { Command } from '../shell.js';

const BUILD_PACKAGES = new Set([
  'build-essential',
  'build-base',
  'alpine-sdk',
  'gcc',
  'g++',
  'gcc-c++',
  'clang',
  'llvm',
  'cpp',
  'make',
  'cmake',
  'ninja-build',
  'autoconf',
  'automake',
  'libtool',
  'pkg-config',
  'pkgconf',
  'pkgconfig',
  'gfortran',
  'git',
  'linux-headers',
  'kernel-devel',
  'kernel-headers',
  'golang',
  'rustc',
  'cargo',
]);

/** Whether a package name is a compiler, build tool or development headers package. */
export function isBuildPackage(pkg: string): boolean {
  const name = pkg.toLowerCase();
  if (BUILD_PACKAGES.has(name)) return true;
  // Versioned compilers: gcc-12, g++-12, clang-16.
  if (/^(?:gcc|g\+\+|clang|cpp|llvm)-\d+(?:\.\d+)*$/.test(name)) return true;
  return /.-(?:dev|devel)$/.test(name) || /.-dev:[a-z0-9]+$/.test(name);
}

// Requirements files that list development or test dependencies.
const DEV_REQUIREMENTS = /(?:^|[/_.-])(?:dev|devel|develop|development|test|tests|testing|lint)(?:[/_.-]|$)/i;
const PROD_FLAGS = ['--omit=dev', '--production', '--only=prod', '--only=production', '--prod', '-P'];

interface Finding {
  what: string;
  kind: 'package' | 'dev';
}

export default defineRule({
  meta: {
    id: 'build-tools-in-final-stage',
    severity: 'warning',
    description: 'Build tools or dev dependencies are installed in the final image',
    help:
      'Compilers, make, git, `-dev` header packages and development dependencies are needed to build the ' +
      'app, not to run it. Left in the image they add hundreds of megabytes, more packages to patch and ' +
      'tools an attacker can use. Use a multi-stage build: install them and build in a first stage ' +
      '(`FROM node:20 AS build`), then start the final stage from a slim or distroless image and ' +
      '`COPY --from=build` only the artefacts; install production dependencies only (`npm ci --omit=dev`, ' +
      '`pip install -r requirements.txt`).',
    shell: true,
    origin: 'shipshape',
  },
  create(context) {
    return {
      done() {
        const model = context.file;
        const chain = finalChain(model).reverse();
        const multi = model.stages.length > 1;
        // Installs still present, by package name, and removals that cancel them later in the chain.
        const installs: { instr: Instruction; findings: Finding[]; names: Set<string> }[] = [];
        const removed = new Set<string>();
        let production = false;
        for (const stage of chain) {
          for (const instr of stage.instructions) {
            if (instr.keyword === 'ENV' || instr.keyword === 'ARG') {
              for (const p of instr.properties) {
                if (p.name === 'NODE_ENV' && p.value !== null) production = p.value === 'production';
              }
            }
            if (instr.keyword !== 'RUN') continue;
            const script = context.shell(instr);
            if (!script) continue;
            const findings: Finding[] = [];
            const names = new Set<string>();
            for (const cmd of script.commands) {
              // Only package managers and dependency installers matter here (npm covers `npm prune`).
              if (!isPackageManager(cmd) && !isDevInstaller(unwrap(cmd).name)) continue;
              const removal = packageRemoval(cmd);
              if (removal) {
                for (const p of removal.packages) removed.add(p);
                continue;
              }
              if (isPrune(cmd)) removed.add('dev dependencies');
              const install = packageInstall(cmd);
              if (install) {
                const tools = install.packages.filter(isBuildPackage);
                for (const t of tools) {
                  findings.push({ what: t, kind: 'package' });
                  names.add(t);
                  removed.delete(t);
                  if (install.virtual) names.add(`virtual:${install.virtual}`);
                }
                if (install.virtual && tools.length > 0) removed.delete(install.virtual);
                continue;
              }
              const dev = devInstall(
                cmd,
                production || cmd.assigns.some((a) => a.name === 'NODE_ENV' && a.value === 'production'),
              );
              if (dev) {
                findings.push({ what: dev, kind: 'dev' });
                names.add('dev dependencies');
                removed.delete('dev dependencies');
              }
            }
            if (findings.length > 0) installs.push({ instr, findings, names });
          }
        }
        for (const { instr, findings, names } of installs) {
          const kept = findings.filter((f) => {
            const key = f.kind === 'dev' ? 'dev dependencies' : f.what;
            if (removed.has(key)) return false;
            const virtuals = [...names].filter((n) => n.startsWith('virtual:')).map((n) => n.slice(8));
            return !(f.kind === 'package' && virtuals.some((v) => removed.has(v)));
          });
          if (kept.length === 0) continue;
          const list = [...new Set(kept.map((f) => f.what))].slice(0, 5).join(', ');
          const where = multi ? 'the final image' : 'this single-stage image';
          context.report({
            instr,
            message: `${list} ${kept.length === 1 ? 'is' : 'are'} only needed to build, yet ship in ${where}: build in a first stage and copy only the result into a slim final stage`,
            suggestion:
              'FROM <sdk image> AS build … RUN <build>; FROM <slim or distroless image>; COPY --from=build <artefacts> <dest>',
          });
        }
      },
    };
  },
});

/** `npm prune --omit=dev` / `--production` removes dev dependencies installed earlier. */
function isPrune(cmd: Command): boolean {
  const { name, args } = unwrap(cmd);
  return name === 'npm' && args[0] === 'prune' && args.some((a) => PROD_FLAGS.includes(a));
}

// The command names devInstall knows (pip and python are matched by pattern).
const DEV_INSTALLERS = new Set(['npm', 'yarn', 'pnpm', 'composer', 'poetry']);

function isDevInstaller(name: string): boolean {
  return DEV_INSTALLERS.has(name) || name.startsWith('pip') || name.startsWith('python');
}

/** The dev-dependency install a command performs, or null. */
export function devInstall(cmd: Command, production: boolean): string | null {
  const { name, args } = unwrap(cmd);
  if (!isDevInstaller(name)) return null;
  const positional = args.filter((a) => !a.startsWith('-'));
  const prod = args.some((a) => PROD_FLAGS.includes(a) || a.startsWith('--omit=dev') || a === '--only=prod');
  if (name === 'npm') {
    const sub = positional[0];
    if (sub === 'ci' || sub === 'clean-install' || sub === 'install-clean') {
      return prod || production ? null : `npm ${sub} (with devDependencies)`;
    }
    if ((sub === 'install' || sub === 'i') && positional.length === 1) {
      return prod || production ? null : `npm ${sub} (with devDependencies)`;
    }
    if ((sub === 'install' || sub === 'i') && args.some((a) => a === '-D' || a === '--save-dev'))
      return 'npm install -D';
    return null;
  }
  if (name === 'yarn') {
    const sub = positional[0];
    if ((sub === undefined || sub === 'install') && !prod && !production)
      return 'yarn install (with devDependencies)';
    return null;
  }
  if (name === 'pnpm') {
    const sub = positional[0];
    if ((sub === 'install' || sub === 'i') && positional.length === 1 && !prod && !production) {
      return 'pnpm install (with devDependencies)';
    }
    return null;
  }
  if (name === 'composer' && positional[0] === 'install' && !args.includes('--no-dev')) {
    return 'composer install (with require-dev)';
  }
  if (name === 'poetry' && positional[0] === 'install') {
    const withoutDev =
      args.some((a) => a === '--no-dev' || a === '--only=main' || /^--without=.*\bdev\b/.test(a)) ||
      hasPair(args, '--only', 'main') ||
      hasPair(args, '--without', 'dev');
    return withoutDev ? null : 'poetry install (with dev dependencies)';
  }
  const pip = /^pip[0-9.]*$/.test(name)
    ? args
    : /^python[0-9.]*$/.test(name) && args[0] === '-m' && /^pip/.test(args[1] ?? '')
      ? args.slice(2)
      : null;
  if (pip && pip[0] === 'install') {
    for (let i = 1; i < pip.length; i++) {
      const a = pip[i]!;
      const file =
        a === '-r' || a === '--requirement'
          ? pip[i + 1]
          : a.startsWith('--requirement=')
            ? a.slice(14)
            : a.startsWith('-r') && a.length > 2
              ? a.slice(2)
              : null;
      if (file && DEV_REQUIREMENTS.test(file.replace(/requirements/i, ''))) return `pip install -r ${file}`;
      if (!a.startsWith('-') && /\[[^\]]*\b(?:dev|test|tests|lint)\b[^\]]*\]$/.test(a))
        return `pip install ${a}`;
    }
  }
  return null;
}

function hasPair(args: string[], flag: string, value: string): boolean {
  const i = args.indexOf(flag);
  return i !== -1 && (args[i + 1] ?? '').split(',').includes(value);
}
