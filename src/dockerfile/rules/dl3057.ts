// DL3057: a stage (and the stages built FROM it) has no HEALTHCHECK; off unless enabled.
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3057',
    severity: 'ignore',
    enabledSeverity: 'info',
    description: 'HEALTHCHECK instruction missing',
    help:
      'Without a HEALTHCHECK, Docker and Swarm only know whether the main process is running, not whether it ' +
      'still serves; a hung server stays "up" forever. Add e.g. `HEALTHCHECK CMD ["/app/healthcheck"]` to the ' +
      'stage or to a stage it is built FROM, or `HEALTHCHECK NONE` to state that none is wanted (for instance ' +
      'when Kubernetes probes are used, which ignore HEALTHCHECK).',
    origin: 'hadolint',
  },
  create(context) {
    const { stages } = context.file;
    const good: boolean[] = [];
    return {
      FROM(instr) {
        const parent = stages[instr.stage]?.parent ?? null;
        good[instr.stage] = parent !== null && good[parent] === true;
      },
      HEALTHCHECK(instr) {
        // Like hadolint, a HEALTHCHECK also covers the stages this one is built FROM: they are its base layers.
        for (let s: number | null = instr.stage; s !== null && s >= 0; s = stages[s]?.parent ?? null)
          good[s] = true;
      },
      done() {
        for (const stage of stages) {
          if (good[stage.index]) continue;
          context.report({
            instr: stage.from,
            message:
              'this stage has no HEALTHCHECK, so the runtime cannot tell a hung service from a healthy one: add HEALTHCHECK CMD <probe>, or HEALTHCHECK NONE to opt out explicitly',
          });
        }
      },
    };
  },
});
