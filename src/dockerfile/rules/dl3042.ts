// DL3042: `pip install` without `--no-cache-dir`, which stores every downloaded wheel in the image.
import {
  argValues,
  hasCacheOrTmpfsMount,
  isPipInstall,
  isPipWrapper,
  reportMissingFlag,
  TRUTHY,
} from '../packages-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3042',
    severity: 'warning',
    description: 'Avoid the pip cache directory: use pip install --no-cache-dir',
    help:
      'pip keeps a copy of every wheel and download in ~/.cache/pip; in an image that cache is dead weight, often ' +
      'tens or hundreds of megabytes. Write `pip install --no-cache-dir …`, set `ENV PIP_NO_CACHE_DIR=1` in the ' +
      'stage, or mount a BuildKit cache on the pip cache (`RUN --mount=type=cache,target=/root/.cache/pip …`).',
    shell: true,
    commands: ['pip*', 'python*'],
    onbuild: true,
    fixable: true,
    origin: 'hadolint',
  },
  create(context) {
    // PIP_NO_CACHE_DIR set truthy by ENV, per stage (inherited by stages built FROM it); ONBUILD apart.
    const noCache = new Map<number, boolean>();
    let onbuildNoCache = false;
    return {
      FROM(instr) {
        const stage = context.file.stages[instr.stage];
        noCache.set(instr.stage, stage?.parent != null ? (noCache.get(stage.parent) ?? false) : false);
      },
      ENV(instr) {
        const set = instr.properties.some(
          (p) => p.name === 'PIP_NO_CACHE_DIR' && TRUTHY.includes(p.value ?? ''),
        );
        if (!set) return;
        if (instr.onbuild) onbuildNoCache = true;
        else noCache.set(instr.stage, true);
      },
      RUN(instr) {
        const script = context.shell(instr);
        if (!script) return;
        if (instr.onbuild ? onbuildNoCache : noCache.get(instr.stage)) return;
        if (inlineNoCache(script.source) || hasCacheOrTmpfsMount(instr, '.cache/pip')) return;
        reportMissingFlag(
          context,
          instr,
          script,
          (c) => isPipInstall(c) && !isPipWrapper(c) && !argValues(c).includes('--no-cache-dir'),
          {
            after: 'install',
            flag: '--no-cache-dir',
            message: 'pip install keeps its download cache in the image: write `pip install --no-cache-dir`',
          },
        );
      },
    };
  },
});

/** `PIP_NO_CACHE_DIR=<truthy>` written in the script (as a prefix assignment or an export); hadolint looks at the first. */
function inlineNoCache(source: string): boolean {
  const at = source.indexOf('PIP_NO_CACHE_DIR=');
  if (at === -1) return false;
  const rest = source.slice(at + 'PIP_NO_CACHE_DIR='.length);
  return TRUTHY.some((t) => rest.startsWith(t));
}
