// DL3052: a label-schema label of type url whose value is not a valid absolute URI.
import { isUri, labelFormatVisitors } from '../label-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3052',
    severity: 'warning',
    description: 'Label is not a valid URL',
    help:
      'A `url` label is followed by people and tools (registries link `org.opencontainers.image.source` to the ' +
      'code), so it must be an absolute URI per RFC 3986 with a scheme: `https://github.com/acme/app`, not ' +
      '`github.com/acme/app`. Spaces and other unsafe characters must be percent-encoded.',
    needs: 'labelSchema',
    origin: 'hadolint',
  },
  create(context) {
    return labelFormatVisitors(
      context,
      'url',
      isUri,
      (label, value) =>
        `label '${label}' must be an absolute URL ('${value}' is not): write it with a scheme, e.g. https://example.com/project`,
    );
  },
});
