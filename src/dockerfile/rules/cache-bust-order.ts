// cache-bust-order: the whole context is copied before dependencies are installed, so any edit reinstalls them.
import type { Instruction } from '../parse.js';
import { defineRule } from '../rule.js';
import { copiesWholeContext, unwrap } from '../seed-util.js';
import type { Command } from '../shell.js';

interface Installer {
  label: string;
  /** Manifest files to copy before the install. */
  manifests: string;
}

// The command names dependencyInstall knows (pip and python are matched by pattern).
const INSTALLERS = new Set([
  'npm',
  'yarn',
  'pnpm',
  'bun',
  'go',
  'bundle',
  'composer',
  'pipenv',
  'poetry',
  'mvn',
  'mvnw',
]);

/** The dependency install a command runs, with the manifests it reads; null for anything else. */
export function dependencyInstall(cmd: Command): Installer | null {
  const { name, args } = unwrap(cmd);
  if (!INSTALLERS.has(name) && !name.startsWith('pip') && !name.startsWith('python')) return null;
  const positional = args.filter((a) => !a.startsWith('-'));
  const sub = positional[0];
  switch (name) {
    case 'npm':
      if (
        sub === 'ci' ||
        sub === 'clean-install' ||
        ((sub === 'install' || sub === 'i') && positional.length === 1)
      ) {
        return { label: `npm ${sub}`, manifests: 'package.json package-lock.json' };
      }
      return null;
    case 'yarn':
      if (sub === undefined || sub === 'install')
        return { label: 'yarn install', manifests: 'package.json yarn.lock' };
      return null;
    case 'pnpm':
      if ((sub === 'install' || sub === 'i') && positional.length === 1) {
        return { label: 'pnpm install', manifests: 'package.json pnpm-lock.yaml' };
      }
      return null;
    case 'bun':
      if (sub === 'install' && positional.length === 1)
        return { label: 'bun install', manifests: 'package.json bun.lockb' };
      return null;
    case 'go':
      if (sub === 'mod' && positional[1] === 'download')
        return { label: 'go mod download', manifests: 'go.mod go.sum' };
      return null;
    case 'bundle':
      if (sub === undefined || sub === 'install')
        return { label: 'bundle install', manifests: 'Gemfile Gemfile.lock' };
      return null;
    case 'composer':
      if (sub === 'install') return { label: 'composer install', manifests: 'composer.json composer.lock' };
      return null;
    case 'pipenv':
      if (sub === 'install' || sub === 'sync')
        return { label: `pipenv ${sub}`, manifests: 'Pipfile Pipfile.lock' };
      return null;
    case 'poetry':
      if (sub === 'install') return { label: 'poetry install', manifests: 'pyproject.toml poetry.lock' };
      return null;
    case 'mvn':
    case 'mvnw':
      if (positional.some((a) => a.startsWith('dependency:')))
        return { label: 'mvn dependency', manifests: 'pom.xml' };
      return null;
    default:
      break;
  }
  const pip = /^pip[0-9.]*$/.test(name)
    ? args
    : /^python[0-9.]*$/.test(name) && args[0] === '-m' && /^pip[0-9.]*$/.test(args[1] ?? '')
      ? args.slice(2)
      : null;
  if (
    pip &&
    pip[0] === 'install' &&
    pip.some((a) => a === '-r' || a.startsWith('--requirement') || /^-r./.test(a))
  ) {
    return { label: 'pip install -r', manifests: 'requirements.txt' };
  }
  return null;
}

/** `mvn package`/`install`/`verify` resolves dependencies too when no earlier step fetched them. */
function mavenBuild(cmd: Command): boolean {
  const { name, args } = unwrap(cmd);
  return (
    (name === 'mvn' || name === 'mvnw') &&
    args.some((a) => a === 'package' || a === 'install' || a === 'verify' || a === 'spring-boot:repackage')
  );
}

export default defineRule({
  meta: {
    id: 'cache-bust-order',
    severity: 'info',
    description: 'Copy dependency manifests and install dependencies before copying the rest of the source',
    help:
      'Docker reuses a cached layer only while every earlier layer is unchanged. When `COPY . .` comes ' +
      'before `npm ci` (or pip, go mod, bundle, composer, mvn), editing any source file invalidates the ' +
      'install layer and every build downloads all dependencies again. Copy only the manifests first, ' +
      'install, then copy the source: `COPY package.json package-lock.json ./`, `RUN npm ci`, `COPY . .`.',
    shell: true,
    commands: [...INSTALLERS, 'pip*', 'python*'],
    origin: 'shipshape',
  },
  create(context) {
    // Per stage: the first whole-context COPY, and whether dependencies were fetched before it.
    const copied = new Map<number, Instruction>();
    const fetched = new Set<number>();
    const reported = new Set<number>();
    return {
      COPY(instr) {
        if (copiesWholeContext(instr) && !copied.has(instr.stage)) copied.set(instr.stage, instr);
      },
      ADD(instr) {
        if (copiesWholeContext(instr) && !copied.has(instr.stage)) copied.set(instr.stage, instr);
      },
      RUN(instr) {
        const script = context.shell(instr);
        if (!script) return;
        const copy = copied.get(instr.stage);
        for (const cmd of script.commands) {
          const install = dependencyInstall(cmd);
          if (!copy) {
            if (install) fetched.add(instr.stage);
            continue;
          }
          if (reported.has(instr.stage)) return;
          const maven = !install && mavenBuild(cmd) && !fetched.has(instr.stage);
          if (!install && !maven) continue;
          // A manifest-first install earlier in the stage already holds the cached dependencies.
          if (install && fetched.has(instr.stage)) continue;
          reported.add(instr.stage);
          const what = install ?? { label: 'mvn package', manifests: 'pom.xml' };
          const fetch = maven ? 'mvn dependency:go-offline' : what.label;
          context.report({
            instr,
            message: `${what.label} runs after '${copy.keyword} ${copy.args.trim()}' (line ${copy.line}): any source edit re-downloads every dependency; copy ${what.manifests} first, install, then copy the rest`,
            suggestion: `COPY ${what.manifests} ./\nRUN ${fetch}\nCOPY . .`,
          });
          return;
        }
      },
    };
  },
});
