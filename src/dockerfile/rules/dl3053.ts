// DL3053: a label-schema label of type rfc3339 whose value is not an RFC 3339 date-time.
import { isRfc3339, labelFormatVisitors } from '../label-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3053',
    severity: 'warning',
    description: 'Label is not an RFC 3339 date-time',
    help:
      'Time labels such as `org.opencontainers.image.created` are parsed by tools that expect RFC 3339: a full ' +
      'date, `T`, a time with seconds and a time zone, e.g. `2024-05-01T12:30:00Z` or `2024-05-01T14:30:00+02:00`. ' +
      'Produce it with `date -u +%Y-%m-%dT%H:%M:%SZ`; dates alone, spaces instead of `T` or missing zones are rejected.',
    needs: 'labelSchema',
    origin: 'hadolint',
  },
  create(context) {
    return labelFormatVisitors(
      context,
      'rfc3339',
      isRfc3339,
      (label, value) =>
        `label '${label}' must be an RFC 3339 date-time ('${value}' is not): write e.g. 2024-05-01T12:30:00Z`,
    );
  },
});
