// DL3056: a label-schema label of type semver whose value is not a semantic version.
import { isSemver, labelFormatVisitors } from '../label-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3056',
    severity: 'warning',
    description: 'Label does not conform to semantic versioning',
    help:
      'A `semver` label such as `org.opencontainers.image.version` is compared and sorted by tools that expect ' +
      'Semantic Versioning 2.0.0: `MAJOR.MINOR.PATCH` with optional `-prerelease` and `+build` parts, e.g. ' +
      '`1.4.2` or `2.0.0-rc.1`. A `v` prefix, two-part versions and leading zeros are not semantic versions.',
    needs: 'labelSchema',
    origin: 'hadolint',
  },
  create(context) {
    return labelFormatVisitors(
      context,
      'semver',
      isSemver,
      (label, value) =>
        `label '${label}' must be a semantic version ('${value}' is not): write MAJOR.MINOR.PATCH, e.g. 1.4.2 or 2.0.0-rc.1`,
    );
  },
});
