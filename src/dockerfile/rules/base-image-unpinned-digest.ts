// base-image-unpinned-digest: FROM an external image by tag only; a tag can be moved to different content.
import { defineRule } from '../rule.js';
import { globalArgs, resolveVars } from '../seed-util.js';

export default defineRule({
  meta: {
    id: 'base-image-unpinned-digest',
    severity: 'ignore',
    enabledSeverity: 'info',
    description: 'Pin base images by digest',
    help:
      'A tag such as `node:20-slim` is a moving pointer: the registry owner (or someone who compromised it) ' +
      'can point it at different content, so two builds of the same Dockerfile can differ and a scan of ' +
      "yesterday's image says nothing about today's. Pin the digest next to the tag, " +
      '`FROM node:20-slim@sha256:<digest>` (get it with `docker buildx imagetools inspect node:20-slim` or ' +
      '`crane digest`), and let Renovate or Dependabot update it so security fixes still arrive. Off by ' +
      'default: enable it for release builds.',
    origin: 'shipshape',
  },
  create(context) {
    let args: Map<string, string> | null = null;
    return {
      FROM(instr) {
        const stage = context.file.stages[instr.stage];
        if (!stage || stage.parent !== null || stage.image === '') return;
        args ??= globalArgs(context.file);
        const image = resolveVars(stage.image, args);
        // A variable without a default can hold anything, a digest included.
        if (image === null || image.toLowerCase() === 'scratch') return;
        const at = image.indexOf('@');
        if (at !== -1 && /^sha(?:256:[0-9a-f]{64}|512:[0-9a-f]{128})$/.test(image.slice(at + 1))) return;
        context.report({
          instr,
          message:
            at === -1
              ? `'${image}' is not pinned by digest: the tag can point to other content tomorrow; use ${image}@sha256:<digest>`
              : `'${image}' has an invalid digest: write @sha256: followed by 64 lower-case hex digits`,
          suggestion: `FROM ${at === -1 ? image : image.slice(0, at)}@sha256:<digest from docker buildx imagetools inspect>`,
        });
      },
    };
  },
});
