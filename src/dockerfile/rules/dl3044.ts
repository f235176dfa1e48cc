// DL3044: ENV referring to a variable that the same ENV defines, which still has its old value there.
import { argNames } from '../instruction-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3044',
    severity: 'error',
    description: 'Do not refer to an environment variable within the same ENV statement where it is defined',
    help:
      'All values of one ENV are expanded before any of them is set, so in `ENV A=1 B=$A` B gets the old ' +
      'value of A (usually empty), not 1. Split it into two instructions: `ENV A=1` then `ENV B=$A`. ' +
      'A variable that refers to itself (`ENV PATH=/opt/bin:$PATH`) is fine.',
    origin: 'hadolint',
  },
  create(context) {
    // Names defined by an earlier ENV or ARG (anywhere in the file, as hadolint).
    const defined = new Set<string>();
    return {
      ARG(instr) {
        for (const name of argNames(instr)) defined.add(name);
      },
      ENV(instr) {
        const pairs = instr.properties.map((p) => ({ name: p.name, value: p.value ?? '' }));
        const offending = pairs
          .filter(
            (p, i) => !defined.has(p.name) && pairs.some((q, j) => j !== i && refersTo(q.value, p.name)),
          )
          .map((p) => p.name);
        for (const p of pairs) defined.add(p.name);
        if (offending.length === 0) return;
        const name = offending[0]!;
        context.report({
          instr,
          message: `$${name} is used in the same ENV that sets it, where it still has its old value: move ${name}=... into an ENV of its own before this one`,
        });
      },
    };
  },
});

/** `${name}` anywhere, or `$name` not followed by another name character. */
function refersTo(value: string, name: string): boolean {
  if (value.includes(`\${${name}}`)) return true;
  const bare = `$${name}`;
  let i = value.indexOf(bare);
  while (i !== -1) {
    const next = value[i + bare.length];
    if (next === undefined || !/[A-Za-z0-9_]/.test(next)) return true;
    i = value.indexOf(bare, i + 1);
  }
  return false;
}
