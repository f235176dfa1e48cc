// DL3041: `dnf install` / `microdnf install` of a package without a version; builds then install whatever is newest.

import { reportUnpinnedRpm } from '../rpm-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3041',
    severity: 'warning',
    description: 'Pin versions in `dnf install`',
    help:
      'Without a version, each build installs whatever the repository has that day, so two builds of the same ' +
      'Dockerfile differ and a broken update slips in unnoticed. Write `dnf install -y pkg-1.2.3` (an epoch as ' +
      'in `pkg-1:1.2.3` is fine, so is `pkg-${PKG_VERSION}` with an ARG or ENV defining the variable, and a ' +
      'local `.rpm` file); modules need a stream: `dnf module install -y nodejs:20`.',
    onbuild: true,
    shell: true,
    commands: ['dnf', 'microdnf'],
    origin: 'hadolint',
  },
  create(context) {
    return reportUnpinnedRpm(context, ['dnf', 'microdnf'], ['module', 'group']);
  },
});
