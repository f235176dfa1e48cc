// root-final-stage: the final image runs as root (no USER, or the last USER is root/0).
import type { DockerfileModel, Instruction } from '../parse.js';
import { defineRule } from '../rule.js';
import { parseImageRef } from '../rule-util.js';
import { finalChain, globalArgs, resolveVars, stageVarsBefore } from '../seed-util.js';

export default defineRule({
  meta: {
    id: 'root-final-stage',
    severity: 'warning',
    description: 'The final image runs as root',
    help:
      'Without a USER instruction (or with `USER root` / `USER 0` last) the container process runs as UID 0: a ' +
      'bug or exploit in the app can then change any file in the image, read mounted host files owned by root ' +
      'and make a container escape far more dangerous. Create an unprivileged user and switch to it with a ' +
      'numeric UID at the end of the final stage, e.g. `RUN useradd --uid 10001 app` then `USER 10001:10001` ' +
      '(distroless images ship `nonroot`, UID 65532). Do root-only steps before the USER line.',
    origin: 'shipshape',
  },
  create(context) {
    return {
      done() {
        const model = context.file;
        const chain = finalChain(model);
        if (chain.length === 0) return;
        const user = lastUser(
          model,
          chain.map((s) => s.index),
        );
        if (user) {
          const value = resolveVars(user.instr.args.trim(), user.vars);
          if (value === null || !isRoot(value)) return;
          context.report({
            instr: user.instr,
            message: `the final stage runs as root ('USER ${user.instr.args.trim()}'): switch to an unprivileged numeric user last, e.g. 'USER 10001:10001'`,
            suggestion:
              'move root-only steps above and end the final stage with USER <uid>:<gid> of a non-root user',
          });
          return;
        }
        const root = chain[chain.length - 1]!;
        if (nonRootBase(resolveVars(root.image, globalArgs(model)) ?? root.image)) return;
        const final = chain[0]!;
        context.report({
          instr: final.from,
          message:
            'the final stage has no USER, so the container runs as root: create a user and add e.g. `USER 10001:10001` at the end',
          suggestion:
            'RUN useradd --uid 10001 --no-create-home app (or adduser -D -u 10001 app on Alpine), then USER 10001:10001',
        });
      },
    };
  },
});

/** The last USER of the chain (the final stage first, then the stages it is built from), with the variables it sees. */
function lastUser(
  model: DockerfileModel,
  chain: number[],
): { instr: Instruction; vars: Map<string, string> } | null {
  for (const index of chain) {
    const stage = model.stages[index]!;
    const found = stage.instructions.findLast((i) => i.keyword === 'USER');
    if (found) return { instr: found, vars: stageVarsBefore(model, found) };
  }
  return null;
}

function isRoot(user: string): boolean {
  const name = user.split(':')[0]!.trim();
  return name === 'root' || /^0+$/.test(name);
}

/**
 * Base images known to default to a non-root user: distroless `:nonroot` tags (`nonroot`, `debug-nonroot`,
 * `nonroot-amd64`). Other images (scratch included) default to UID 0.
 */
export function nonRootBase(image: string): boolean {
  if (image.includes('$')) return false;
  const ref = parseImageRef(image.toLowerCase());
  return ref.tag !== null && /(^|-)nonroot(-|$)/.test(ref.tag);
}
