// DL3006: FROM without a tag or digest, which silently follows whatever `latest` points to at build time.
import { isEarlierStageName, stageAlias } from '../instruction-util.js';
import { defineRule } from '../rule.js';
import { parseImageRef } from '../rule-util.js';

export default defineRule({
  meta: {
    id: 'DL3006',
    severity: 'warning',
    description: 'Always tag the version of an image explicitly',
    help:
      'An image without a tag means `:latest`, which changes whenever the publisher pushes, so two builds of ' +
      'the same Dockerfile can get different base images. Name a version tag (`FROM debian:12-slim`) or pin a ' +
      'digest (`FROM debian@sha256:...`). Earlier stage names, `scratch` and `$VARIABLE` images are exempt.',
    origin: 'hadolint',
  },
  create(context) {
    return {
      FROM(instr) {
        const image = instr.words[0];
        if (!image) return;
        const ref = parseImageRef(image);
        if (ref.tag !== null || ref.digest !== null) return;
        if (ref.name === 'scratch' || ref.name.startsWith('$')) return;
        // A stage built on an earlier stage (hadolint also accepts the stage's own name).
        if (isEarlierStageName(context.file, image, instr.stage) || stageAlias(instr) === image) return;
        context.report({
          instr,
          message: `${image} has no tag, so it means ${image}:latest and changes without notice: write a version tag (${image}:<version>) or a digest`,
        });
      },
    };
  },
});
