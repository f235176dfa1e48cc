// dockerignore-missing: the whole build context is copied without a .dockerignore that keeps .git, .env and node_modules out.
import type { DockerfileModel, Instruction } from '../parse.js';
import { defineRule } from '../rule.js';
import { copiesWholeContext, isIgnored, parseDockerignore } from '../seed-util.js';

interface Required {
  /** The entry to add to .dockerignore. */
  entry: string;
  /** Context paths that must all be left out. */
  probes: string[];
  /** Only needed for Node.js builds. */
  node?: boolean;
}

const REQUIRED: Required[] = [
  { entry: '.git', probes: ['.git', '.git/HEAD', '.git/config'] },
  { entry: '.env*', probes: ['.env', '.env.local', '.env.production'] },
  { entry: 'node_modules', probes: ['node_modules', 'node_modules/x/package.json'], node: true },
];

export default defineRule({
  meta: {
    id: 'dockerignore-missing',
    severity: 'warning',
    description:
      'The whole build context is copied without a .dockerignore that excludes .git, .env and node_modules',
    help:
      '`COPY . dest` sends everything in the build context into the image: the `.git` folder (full source ' +
      'history, sometimes credentials in its config), `.env` files with secrets, and a local `node_modules` ' +
      'built for another platform. It also makes every change anywhere in the folder bust the layer cache. ' +
      'Add a `.dockerignore` beside the Dockerfile with at least `.git`, `.env*` and (for Node.js) ' +
      '`node_modules`, or copy only the files the image needs.',
    origin: 'shipshape',
  },
  create(context) {
    let reported = false;
    const check = (instr: Instruction) => {
      const ignore = context.facts.dockerignore;
      if (reported || ignore === undefined || !copiesWholeContext(instr)) return;
      reported = true;
      if (ignore === null) {
        context.report({
          instr,
          message: `${instr.keyword} copies the whole build context but there is no .dockerignore: .git, .env files and node_modules end up in the image; add a .dockerignore`,
          suggestion: `create .dockerignore with:\n${REQUIRED.map((r) => r.entry).join('\n')}`,
        });
        return;
      }
      const patterns = parseDockerignore(ignore);
      const node = usesNode(context.file);
      const missing = REQUIRED.filter(
        (r) => (!r.node || node) && r.probes.some((p) => !isIgnored(patterns, p)),
      );
      if (missing.length === 0) return;
      const list = missing.map((r) => r.entry).join(', ');
      context.report({
        instr,
        message: `${instr.keyword} copies the whole build context and .dockerignore does not exclude ${list}: add ${missing.length === 1 ? 'it' : 'them'} so they stay out of the image`,
        suggestion: `add to .dockerignore:\n${missing.map((r) => r.entry).join('\n')}`,
      });
    };
    return { COPY: check, ADD: check };
  },
});

/** A Node.js build: a node base image, or npm/yarn/pnpm/node run somewhere. */
function usesNode(model: DockerfileModel): boolean {
  if (model.stages.some((s) => /(^|\/)node(:|@|$)|(^|[/-])(nodejs|bun|deno)/i.test(s.image))) return true;
  return model.instructions.some(
    (i) =>
      (i.keyword === 'RUN' || i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') &&
      /(^|[\s"'[;&|(])(npm|npx|yarn|pnpm|node|corepack)([\s"',\]]|$)/.test(
        i.json ? i.json.join(' ') : i.args,
      ),
  );
}
