// debug-port-exposed: EXPOSE of a debugger's default port in the image that ships.
import { defineRule } from '../rule.js';
import { dropQuotes } from '../rule-util.js';
import { resolveVars, shippedStages, stageVarsBefore } from '../seed-util.js';

/** Default ports of debuggers and remote-debugging protocols; each one lets a client run code in the process. */
export const DEBUG_PORTS: ReadonlyMap<number, string> = new Map([
  [9229, 'Node.js inspector (--inspect)'],
  [9230, 'Node.js inspector of the first cluster worker or child'],
  [5858, 'legacy Node.js debugger (--debug)'],
  [6499, 'Bun inspector (--inspect)'],
  [9222, 'Chrome DevTools remote debugging'],
  [5005, 'Java JDWP (the IDE default agentlib address)'],
  [8787, 'Java JDWP (WildFly/JBoss --debug default)'],
  [2345, 'Go delve (dlv --listen default in IDEs)'],
  [5678, 'Python debugpy / ptvsd'],
  [1234, 'Ruby ruby-debug-ide'],
  [26162, 'Ruby ruby-debug-ide dispatcher'],
  [4022, 'Visual Studio 2017 remote debugger (msvsmon)'],
  [4024, 'Visual Studio 2019 remote debugger (msvsmon)'],
  [4026, 'Visual Studio 2022 remote debugger (msvsmon)'],
  [9003, 'PHP Xdebug 3'],
]);

/** Debug ports inside an EXPOSE word: `9229`, `9229/tcp`, `9000-9300/tcp`; [] for anything else. */
export function debugPortsIn(word: string): number[] {
  const spec = dropQuotes(word).replace(/\/(?:tcp|udp|sctp)$/i, '');
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(spec);
  if (!m) return [];
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return [...DEBUG_PORTS.keys()].filter((p) => p >= lo && p <= hi).sort((a, b) => a - b);
}

export default defineRule({
  meta: {
    id: 'debug-port-exposed',
    severity: 'warning',
    description: "The image exposes a debugger's port",
    help:
      'A debugger port (Node.js inspector 9229, Java JDWP 5005, delve 2345, debugpy 5678, …) gives whoever ' +
      'reaches it full control of the process: reading memory, changing code, running commands. EXPOSE ' +
      'documents it as a service port, `docker run -P` publishes it and cross-checks see it reach a Service. ' +
      'Remove it from the production image; for local debugging publish it explicitly on localhost ' +
      '(`docker run -p 127.0.0.1:9229:9229`) or use a separate debug stage or compose override.',
    origin: 'shipshape',
  },
  create(context) {
    let shipped: Set<number> | null = null;
    return {
      EXPOSE(instr) {
        shipped ??= shippedStages(context.file);
        if (!shipped.has(instr.stage)) return;
        const found: number[] = [];
        let vars: Map<string, string> | undefined;
        for (const word of instr.words) {
          if (word.includes('$')) vars ??= stageVarsBefore(context.file, instr);
          const value = resolveVars(word, vars ?? NO_VARS);
          if (value === null) continue;
          for (const p of value.split(/\s+/).flatMap(debugPortsIn)) if (!found.includes(p)) found.push(p);
        }
        if (found.length === 0) return;
        const list = found.map((p) => `${p} (${DEBUG_PORTS.get(p)})`).join(', ');
        context.report({
          instr,
          message: `EXPOSE ${list}: a debugger port lets anyone who reaches it take over the process; remove it from the shipped image and publish it on localhost only when debugging`,
          suggestion:
            'remove the port from EXPOSE; debug with docker run -p 127.0.0.1:<port>:<port> or a debug-only stage',
        });
      },
    };
  },
});

const NO_VARS: ReadonlyMap<string, string> = new Map();
