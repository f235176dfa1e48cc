// DL3033: `yum install` of a package without a version; builds then install whatever is newest.

import { reportUnpinnedRpm } from '../rpm-util.js';
import { defineRule } from '../rule.js';

export default defineRule({
  meta: {
    id: 'DL3033',
    severity: 'warning',
    description: 'Pin versions in `yum install`',
    help:
      'Without a version, each build installs whatever the repository has that day, so two builds of the same ' +
      'Dockerfile differ and a broken update slips in unnoticed. Write `yum install -y pkg-1.2.3` (an epoch as ' +
      'in `pkg-1:1.2.3` is fine, so is `pkg-${PKG_VERSION}` with an ARG or ENV defining the variable, and a ' +
      'local `.rpm` file); modules need a stream: `yum module install -y nodejs:20`.',
    onbuild: true,
    shell: true,
    commands: ['yum'],
    origin: 'hadolint',
  },
  create(context) {
    return reportUnpinnedRpm(context, ['yum'], ['module']);
  },
});
