// DL3022: COPY --from naming a stage that does not exist (yet), which Docker would pull as an image instead.
import { isEarlierStageName, stageIndexOf } from '../instruction-util.js';
import { defineRule } from '../rule.js';
import { dropQuotes, flagValue } from '../rule-util.js';

export default defineRule({
  meta: {
    id: 'DL3022',
    severity: 'warning',
    description: 'COPY --from should reference a previously defined FROM alias',
    help:
      'A `--from` value that is not the name or index of an earlier stage is looked up as an image on a ' +
      'registry, so a typo or a stage defined further down silently pulls an unrelated image (or fails). ' +
      'Name an earlier stage (`FROM golang:1.22 AS build` ... `COPY --from=build /out /app`), or give a full ' +
      'image reference with a tag (`COPY --from=nginx:1.25 /etc/nginx /etc/nginx`).',
    origin: 'hadolint',
  },
  create(context) {
    return {
      COPY(instr) {
        const raw = flagValue(instr, 'from');
        if (raw === undefined || raw === null) return;
        const from = dropQuotes(raw);
        // An image reference with a tag or registry port; an earlier stage by name or by index.
        if (from.includes(':')) return;
        if (isEarlierStageName(context.file, from, instr.stage + 1)) return;
        const index = stageIndexOf(from);
        if (index !== null && index < instr.stage + 1) return;
        context.report({
          instr,
          message: `--from=${from} is not an earlier stage, so Docker would pull an image of that name: name a stage defined above (FROM ... AS ${from}) or a tagged image`,
        });
      },
    };
  },
});
