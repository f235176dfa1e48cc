// DL3049: a label required by the label-schema is missing from a final or otherwise unused stage.
import { defineRule } from '../rule.js';
import { flagValue } from '../rule-util.js';

/** Per stage: has the label (itself or inherited), lacks it, or lacks it but is used by another stage. */
type StageState = 'good' | 'bad' | 'used';

export default defineRule({
  meta: {
    id: 'DL3049',
    severity: 'info',
    description: 'Label is missing',
    help:
      'Every label in `label-schema` is required on the images you ship, so that registries, scanners and people ' +
      'can find the source, version, owner and license of an image. A stage that ends up as an image (the last ' +
      'stage, or one no other stage builds on or copies from) must set each of them, itself or through the stage ' +
      'it is built FROM. Add e.g. `LABEL org.opencontainers.image.source="https://github.com/acme/app"`.',
    needs: 'labelSchema',
    origin: 'hadolint',
  },
  create(context) {
    const labels = Object.keys(context.config.labelSchema);
    if (labels.length === 0) return {};
    const { stages } = context.file;
    // states.get(label)[stage index]
    const states = new Map<string, StageState[]>(labels.map((l) => [l, []]));

    return {
      FROM(instr) {
        const parent = stages[instr.stage]?.parent ?? null;
        for (const state of states.values()) {
          state[instr.stage] = parent !== null && state[parent] === 'good' ? 'good' : 'bad';
        }
      },
      COPY(instr) {
        // A stage others copy from is an intermediate stage: its labels never reach an image.
        const from = flagValue(instr, 'from');
        if (!from || instr.stage < 0) return;
        const used = stageRef(from, instr.stage);
        if (used === null) return;
        for (const state of states.values()) if (state[used] === 'bad') state[used] = 'used';
      },
      LABEL(instr) {
        if (instr.stage < 0) return;
        for (const [label, state] of states) {
          if (!instr.properties.some((p) => p.name === label)) continue;
          state[instr.stage] = 'good';
          // The stages this one is built FROM are intermediate: the label now reaches the image through it.
          for (let p = stages[instr.stage]?.parent ?? null; p !== null; p = stages[p]?.parent ?? null) {
            if (state[p] === 'bad') state[p] = 'used';
          }
        }
      },
      done() {
        for (const [label, state] of states) {
          state.forEach((s, i) => {
            const stage = stages[i];
            if (s !== 'bad' || !stage) return;
            context.report({
              instr: stage.from,
              message: `label '${label}' required by the label-schema is missing from this stage, which becomes an image: add LABEL ${label}=<value> to it or to the stage it is built FROM`,
            });
          });
        }
      },
    };

    /** The earlier stage `--from` names (alias, case-insensitive, or index), or null for an image. */
    function stageRef(ref: string, current: number): number | null {
      const name = ref.toLowerCase();
      for (let i = current - 1; i >= 0; i--) if (stages[i]?.name === name) return i;
      if (/^\d+$/.test(ref) && Number(ref) < current) return Number(ref);
      return null;
    }
  },
});
