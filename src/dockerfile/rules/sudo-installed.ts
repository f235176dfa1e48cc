// sudo-installed: the sudo package is installed in a stage that ends up in the final image.
import type { Instruction } from '../parse.js';
import { defineRule } from '../rule.js';
import { finalChain, packageInstall, packageRemoval } from '../seed-util.js';

export default defineRule({
  meta: {
    id: 'sudo-installed',
    severity: 'warning',
    description: 'Do not install sudo in the image',
    help:
      'sudo in a container only serves to get root back: an attacker who gets a shell as the app user ' +
      'needs just one misconfigured sudoers line to become root, and its setuid binary is extra attack ' +
      'surface. Containers do not need it: run root-only steps in RUN before `USER`, and if an entrypoint ' +
      'must drop privileges use `gosu`/`su-exec` or set the user at runtime (`docker run --user`, ' +
      '`runAsUser`).',
    shell: true,
    origin: 'shipshape',
  },
  create(context) {
    return {
      done() {
        let installed: Instruction | null = null;
        for (const stage of finalChain(context.file).reverse()) {
          for (const instr of stage.instructions) {
            if (instr.keyword !== 'RUN') continue;
            const script = context.shell(instr);
            if (!script) continue;
            for (const cmd of script.commands) {
              if (packageInstall(cmd)?.packages.includes('sudo')) installed ??= instr;
              if (packageRemoval(cmd)?.packages.includes('sudo')) installed = null;
            }
          }
        }
        if (!installed) return;
        context.report({
          instr: installed,
          message:
            'sudo is installed in the final image: it only serves to regain root; run root steps before USER instead, or use gosu/su-exec in the entrypoint',
          suggestion:
            'remove sudo from the package list and move the commands that needed it above the USER instruction',
        });
      },
    };
  },
});
