import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3054.js';

const schema = { settings: { labelSchema: { spdxlabel: 'spdx' as const } } };

describe('DL3054', () => {
  it('reports spdx labels that are not SPDX ids', () => {
    expectLines(rule, df('FROM debian:12', 'LABEL spdxlabel="not-spdx"'), [2], schema);
    expectLines(rule, df('FROM debian:12', 'LABEL spdxlabel="MIT OR Apache-2.0"'), [2], schema);
    expectLines(rule, df('FROM debian:12', 'LABEL spdxlabel="mit"'), [2], schema);
  });
  it('accepts SPDX ids and other labels', () => {
    expectClean(rule, df('FROM debian:12', 'LABEL spdxlabel="BSD-3-Clause"'), schema);
    expectClean(rule, df('FROM debian:12', 'LABEL spdxlabel="MIT"'), schema);
    expectClean(rule, df('FROM debian:12', 'LABEL other="fooo"'), schema);
  });
});
