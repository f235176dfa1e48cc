// DL3045: COPY to a relative destination before any WORKDIR, so the files land in the base image's directory.
import { isAbsoluteDest } from '../instruction-util.js';
import { defineRule } from '../rule.js';
import { copyOperands, dropQuotes } from '../rule-util.js';

export default defineRule({
  meta: {
    id: 'DL3045',
    severity: 'warning',
    description: 'COPY to a relative destination without WORKDIR set',
    help:
      'A relative COPY destination is resolved against the working directory, which comes from the base image ' +
      'when this stage has set no WORKDIR, so the files move when the base image changes. Set the directory ' +
      'first (`WORKDIR /app` then `COPY . .`) or write an absolute destination (`COPY . /app/`).',
    origin: 'hadolint',
  },
  create(context) {
    const withWorkdir = new Set<number>();
    return {
      FROM(instr) {
        // A stage built on an earlier stage inherits its WORKDIR.
        const parent = context.file.stages[instr.stage]?.parent;
        if (parent !== null && parent !== undefined && withWorkdir.has(parent)) withWorkdir.add(instr.stage);
      },
      WORKDIR(instr) {
        withWorkdir.add(instr.stage);
      },
      COPY(instr) {
        if (withWorkdir.has(instr.stage)) return;
        const ops = copyOperands(instr);
        if (!ops) return;
        if (isAbsoluteDest(ops.dest) || dropQuotes(ops.dest).startsWith('$')) return;
        context.report({
          instr,
          message: `COPY to ${ops.dest} is relative to the base image's working directory: set WORKDIR first or write an absolute destination`,
        });
      },
    };
  },
});
