// DL3015: `apt-get install` without `--no-install-recommends`, which pulls in packages nobody asked for.
import { argValues, argWord, cmdHasArgs, hasAnyFlag, insertEdits } from '../packages-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3015',
    severity: 'info',
    description: 'Avoid additional packages by specifying --no-install-recommends',
    help:
      'By default apt-get also installs every package the requested ones merely recommend: often dozens of ' +
      'extra packages, more megabytes and more code with vulnerabilities to patch. Write ' +
      '`apt-get install -y --no-install-recommends …` and list any recommended package you do need explicitly.',
    shell: true,
    onbuild: true,
    fixable: true,
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        const script = context.shell(instr);
        if (!script) return;
        const missing = script.commands.filter(
          (c) =>
            cmdHasArgs(c, 'apt-get', ['install']) &&
            !hasAnyFlag(c, ['no-install-recommends']) &&
            !argValues(c).includes('APT::Install-Recommends=false'),
        );
        if (missing.length === 0) return;
        // Recommended packages stop being installed: the accepted fix for this rule, documented in DL3015.md.
        const fix = insertEdits(
          instr,
          script,
          missing.map((c) => ({ after: argWord(c, 'install'), text: '--no-install-recommends' })),
        );
        context.report({
          instr,
          message:
            'apt-get install also pulls in recommended packages: add --no-install-recommends and name the ones you need',
          ...(fix ? { fix } : { suggestion: 'add --no-install-recommends after apt-get install' }),
        });
      },
    };
  },
});
