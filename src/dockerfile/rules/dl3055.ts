// DL3055: a label-schema label of type hash whose value is not a git commit hash.
import { isGitHash, labelFormatVisitors } from '../label-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3055',
    severity: 'warning',
    description: 'Label is not a valid git hash',
    help:
      'A `hash` label such as `org.opencontainers.image.revision` ties the image to the exact commit it was built ' +
      'from, so it must be a git hash: 40 lowercase hex digits, or the 7-digit short form. Pass it in at build ' +
      'time, e.g. `--build-arg REVISION=$(git rev-parse HEAD)`; branch names and tags are not hashes.',
    needs: 'labelSchema',
    origin: 'hadolint',
  },
  create(context) {
    return labelFormatVisitors(
      context,
      'hash',
      isGitHash,
      (label, value) =>
        `label '${label}' must be a git commit hash of 7 or 40 lowercase hex digits ('${value}' is not): use git rev-parse HEAD`,
    );
  },
});
