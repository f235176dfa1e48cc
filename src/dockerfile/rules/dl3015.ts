// DL3015: `apt-get install` without `--no-install-recommends`, which pulls in packages nobody asked for.
import { argValues, cmdHasArgs, hasAnyFlag, reportMissingFlag } from '../packages-util.js';
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
    commands: ['apt-get'],
    onbuild: true,
    fixable: true,
    origin: 'hadolint',
  },
  create(context) {
    return {
      RUN(instr) {
        const script = context.shell(instr);
        if (!script) return;
        reportMissingFlag(
          context,
          instr,
          script,
          (c) =>
            cmdHasArgs(c, 'apt-get', ['install']) &&
            !hasAnyFlag(c, ['no-install-recommends']) &&
            !argValues(c).includes('APT::Install-Recommends=false'),
          {
            after: 'install',
            flag: '--no-install-recommends',
            message:
              'apt-get install also pulls in recommended packages: add --no-install-recommends and name the ones you need',
          },
        );
      },
    };
  },
});
