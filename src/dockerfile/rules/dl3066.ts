// DL3066: USER with a name instead of a numeric uid, which Kubernetes cannot verify as non-root.
import { argNames, userOf } from '../instruction-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3066',
    severity: 'info',
    description: 'Non-numeric user-id may not be resolvable by host system',
    help:
      'A user name only means something inside the image (/etc/passwd), so the host and Kubernetes cannot ' +
      'tell which uid the container runs as; `runAsNonRoot` rejects such images. Use the numeric ids: ' +
      '`USER 10001:10001` (create the user with that uid first), or an ARG that holds the number (`USER $APP_UID`).',
    origin: 'hadolint',
  },
  create(context) {
    // ARG names seen so far (anywhere above): USER $NAME with such an ARG is taken to be numeric.
    const args = new Set<string>();
    return {
      ARG(instr) {
        for (const name of argNames(instr)) args.add(name);
      },
      USER(instr) {
        const user = userOf(instr);
        const uid = user.split(':')[0] ?? '';
        if (/^\d*$/.test(uid)) return;
        for (const name of args) if (user.includes(`\${${name}}`) || user.includes(`$${name}`)) return;
        context.report({
          instr,
          message: `USER ${user} names a user instead of a uid, so the host cannot tell which uid runs: write the numeric id (e.g. USER 10001:10001)`,
        });
      },
    };
  },
});
