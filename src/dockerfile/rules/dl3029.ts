// DL3029: FROM --platform with a fixed platform, which breaks multi-platform builds.
import { defineRule } from '../rule.js';
import { dropQuotes } from '../rule-util.js';

export default defineRule({
  meta: {
    id: 'DL3029',
    severity: 'warning',
    description: 'Do not use --platform flag with FROM',
    help:
      'A fixed `FROM --platform=linux/amd64` forces that platform whatever `docker build --platform` asks for, ' +
      'so a multi-platform build silently produces the wrong architecture (or runs under emulation). Leave the ' +
      'flag out, or use the build arguments BuildKit provides: `FROM --platform=$BUILDPLATFORM golang:1.22 AS ' +
      'build` for a cross-compiling stage.',
    origin: 'hadolint',
  },
  create(context) {
    return {
      FROM(instr) {
        const flag = instr.flags.find((f) => f.name === 'platform');
        if (!flag) return;
        const platform = dropQuotes(flag.value ?? '');
        if (platform.includes('BUILDPLATFORM') || platform.includes('TARGETPLATFORM')) return;
        context.report({
          instr,
          message: `FROM --platform=${platform} pins one platform and overrides docker build --platform: drop the flag or use $BUILDPLATFORM / $TARGETPLATFORM`,
        });
      },
    };
  },
});
