// DL3054: a label-schema label of type spdx whose value is not an SPDX license identifier.
import { isSpdxId, labelFormatVisitors } from '../label-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3054',
    severity: 'warning',
    description: 'Label is not a valid SPDX license identifier',
    help:
      'License scanners and SBOM tools match `spdx` labels such as `org.opencontainers.image.licenses` against the ' +
      'SPDX license list, so a free-form name ("Apache 2", "MIT license") is not recognised. Use the exact, ' +
      'case-sensitive SPDX identifier: `MIT`, `Apache-2.0`, `GPL-3.0-only` (see https://spdx.org/licenses/).',
    needs: 'labelSchema',
    origin: 'hadolint',
  },
  create(context) {
    return labelFormatVisitors(
      context,
      'spdx',
      isSpdxId,
      (label, value) =>
        `label '${label}' must be an SPDX license identifier ('${value}' is not): write e.g. MIT or Apache-2.0`,
    );
  },
});
