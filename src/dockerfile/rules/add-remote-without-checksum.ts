// add-remote-without-checksum: ADD of a URL without --checksum, or of a git repository without a pinned commit.
import { defineRule } from '../rule.js';
import { copyOperands, dropQuotes } from '../rule-util.js';

/** BuildKit treats these sources as git repositories. */
export function isGitSource(src: string): boolean {
  if (/^(?:git:\/\/|git@|ssh:\/\/|git\+)/i.test(src)) return true;
  if (!/^https?:\/\//i.test(src)) return false;
  const path = src.replace(/#[\s\S]*$/, '').replace(/\?[\s\S]*$/, '');
  return /\.git\/?$/i.test(path);
}

/** A git source whose `#ref` (before an optional `:subdir`) is a full commit hash. */
export function gitPinned(src: string): boolean {
  const hash = src.indexOf('#');
  if (hash === -1) return false;
  const ref = src.slice(hash + 1).split(':')[0] ?? '';
  return /^[0-9a-f]{40}$/i.test(ref) || /^[0-9a-f]{64}$/i.test(ref);
}

export default defineRule({
  meta: {
    id: 'add-remote-without-checksum',
    severity: 'warning',
    description: 'ADD of a remote file must be pinned with --checksum',
    help:
      'ADD fetches a URL at build time: without a checksum the image gets whatever the server returns that ' +
      'day, a changed or compromised file goes in unnoticed and builds are not reproducible. Pin it: ' +
      '`ADD --checksum=sha256:<digest> https://… /dest` (BuildKit verifies it and fails on a mismatch). For a ' +
      'git repository pin a full commit, `ADD https://github.com/o/r.git#<40-hex commit> /src`, instead of a ' +
      'branch or tag that can move.',
    origin: 'shipshape',
  },
  create(context) {
    return {
      ADD(instr) {
        const ops = copyOperands(instr);
        if (!ops) return;
        const checksum = instr.flags.some((f) => f.name === 'checksum' && f.value);
        for (const raw of ops.sources) {
          const src = dropQuotes(raw);
          if (isGitSource(src)) {
            if (gitPinned(src) || checksum) continue;
            context.report({
              instr,
              message: `ADD of git repository '${src}' without a pinned commit: a branch or tag can move; append #<full commit sha> (or add --checksum=<commit sha>)`,
              suggestion: `ADD ${src.replace(/#[\s\S]*$/, '')}#<40-hex commit> ${ops.dest}`,
            });
            return;
          }
          if (!/^https?:\/\//i.test(src) || checksum) continue;
          context.report({
            instr,
            message: `ADD of '${src}' without --checksum: the build trusts whatever the server returns; add --checksum=sha256:<digest>`,
            suggestion: `ADD --checksum=sha256:<sha256 of the file> ${src} ${ops.dest}`,
          });
          return;
        }
      },
    };
  },
});
