// DL3058: a label-schema label of type email whose value is not an RFC 5322 email address.
import { isEmail, labelFormatVisitors } from '../label-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3058',
    severity: 'warning',
    description: 'Label is not a valid email address',
    help:
      'An `email` label (a maintainer or security contact) is only useful if mail can reach it, so it must be a ' +
      'bare RFC 5322 address: `team@example.com`. A display name (`Jane <jane@example.com>`), a URL or a plain ' +
      'name is not an address; put those in a text label instead.',
    needs: 'labelSchema',
    origin: 'hadolint',
  },
  create(context) {
    return labelFormatVisitors(
      context,
      'email',
      isEmail,
      (label, value) =>
        `label '${label}' must be a bare email address ('${value}' is not): write e.g. team@example.com`,
    );
  },
});
