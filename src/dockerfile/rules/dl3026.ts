// DL3026: images pulled from a registry outside the configured trustedRegistries list.
import { imageTrusted, isEarlierStageName, mountFroms } from '../instruction-util.js';
import type { Instruction } from '../parse.js';
import { defineRule } from '../rule.js';
import { dropQuotes, flagValue, parseImageRef } from '../rule-util.js';

export default defineRule({
  meta: {
    id: 'DL3026',
    severity: 'error',
    description: 'Use only an allowed registry in the FROM image',
    help:
      'With `trustedRegistries` configured, every image the build pulls (FROM, `COPY --from=<image>`, ' +
      '`RUN --mount=from=<image>`) must come from one of those registries, so that only vetted or mirrored ' +
      'images enter the build. Pull the image through an allowed registry (`FROM registry.example.com/debian:12`) ' +
      'or add the registry to the list; `*.example.com`, `example.*` and `*` are accepted. An image without a ' +
      'registry comes from Docker Hub (`docker.io`).',
    needs: 'trustedRegistries',
    origin: 'hadolint',
  },
  create(context) {
    const trusted = context.config.trustedRegistries;
    // A reference to a stage by name (any earlier or this FROM's alias) or by index is not an image.
    const isStage = (ref: string, instr: Instruction) =>
      isEarlierStageName(context.file, ref, instr.stage + 1) || /^\d+$/.test(ref);
    const check = (instr: Instruction, image: string, where: string) => {
      if (imageTrusted(image, trusted)) return;
      const registry = parseImageRef(image).registry ?? 'docker.io';
      context.report({
        instr,
        message: `${where} pulls ${image} from ${registry}, which is not in trustedRegistries (${trusted.join(', ')}): use an image from an allowed registry or add the registry to the list`,
      });
    };
    return {
      FROM(instr) {
        if (trusted.length === 0) return;
        const image = instr.words[0];
        if (!image) return;
        // FROM <earlier stage>: hadolint compares the image name without registry to earlier stage names.
        if (isEarlierStageName(context.file, parseImageRef(image).name, instr.stage)) return;
        check(instr, image, 'FROM');
      },
      COPY(instr) {
        if (trusted.length === 0) return;
        const raw = flagValue(instr, 'from');
        if (raw === undefined || raw === null) return;
        const from = dropQuotes(raw);
        if (from === '' || isStage(from, instr)) return;
        check(instr, from, 'COPY --from');
      },
      RUN(instr) {
        if (trusted.length === 0) return;
        for (const from of mountFroms(instr)) {
          if (from === '' || isStage(from, instr)) continue;
          check(instr, from, 'RUN --mount from');
        }
      },
    };
  },
});
