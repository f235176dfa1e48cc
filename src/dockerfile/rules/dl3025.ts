// DL3025: CMD, ENTRYPOINT and HEALTHCHECK CMD in shell form, which wraps the program in `sh -c`.
import { execForm, plainWords } from '../instruction-util.js';
import { argsOffset, type Instruction } from '../parse.js';
import { defineRule, type Edit } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3025',
    severity: 'warning',
    description: 'Use arguments JSON notation for CMD and ENTRYPOINT arguments',
    help:
      'In shell form (`CMD npm start`) Docker runs `/bin/sh -c "npm start"`: the shell becomes PID 1 and does ' +
      'not pass SIGTERM on, so `docker stop` waits and then kills the app without a clean shutdown; a shell-form ' +
      'ENTRYPOINT also ignores CMD and `docker run` arguments. Write the JSON (exec) form: ' +
      '`CMD ["npm", "start"]`. Exec form does not expand `$VARIABLES`; when you need the shell, make it ' +
      'explicit and hand over with exec: `CMD ["/bin/sh", "-c", "exec node server.js --port $PORT"]`.',
    fixable: true,
    origin: 'hadolint',
  },
  create(context) {
    const check = (instr: Instruction, from: number) => {
      // The parser already read the JSON form of the whole arguments (CMD, ENTRYPOINT).
      if (from === 0 && instr.json !== null) return;
      const rest = instr.args.slice(from);
      if (rest.trim() === '' || isJsonArray(rest)) return;
      const start = from + (rest.length - rest.trimStart().length);
      const end = instr.args.trimEnd().length;
      const command = instr.args.slice(start, end);
      const label = instr.keyword === 'HEALTHCHECK' ? 'HEALTHCHECK CMD' : instr.keyword;
      const words = plainWords(command);
      const message = `${label} in shell form runs under /bin/sh -c, which becomes PID 1 and does not forward signals: write the JSON form ${label} ${words ? execForm(words) : '[...]'}`;
      if (
        words &&
        instr.posixShell &&
        instr.heredocs.length === 0 &&
        !hasCommentLines(context.file.text, instr)
      ) {
        const fix: Edit = {
          start: argsOffset(instr, start),
          end: argsOffset(instr, end - 1) + 1,
          text: execForm(words),
        };
        context.report({ instr, message, fix: [fix] });
        return;
      }
      const suggestion = words
        ? `${label} ${execForm(words)}`
        : `${label} ${execForm([...instr.shell, command])} (an explicit shell keeps variables and operators working)`;
      context.report({ instr, message, suggestion });
    };
    return {
      CMD: (instr) => check(instr, 0),
      ENTRYPOINT: (instr) => check(instr, 0),
      HEALTHCHECK(instr) {
        const m = /^\s*CMD(?=\s|\[|$)/i.exec(instr.args);
        if (m) check(instr, m[0].length);
      },
    };
  },
});

function isJsonArray(text: string): boolean {
  const t = text.trim();
  if (!t.startsWith('[')) return false;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) && v.every((x) => typeof x === 'string');
  } catch {
    return false;
  }
}

/** Comment lines inside a continued instruction would be lost by replacing its arguments. */
function hasCommentLines(text: string, instr: Instruction): boolean {
  return /\n[ \t]*#/.test(text.slice(instr.start, instr.end));
}
