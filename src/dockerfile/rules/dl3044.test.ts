import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3044.js';

describe('DL3044', () => {
  it('reports a variable used in the ENV that defines it', () => {
    expectLines(rule, df('FROM a:1', 'ENV BLA="blubb" BLUBB="${BLA}/blubb"'), [2]);
    expectLines(rule, df('FROM a:1', 'ENV BLA="blubb" BLUBB="$BLA/blubb"'), [2]);
    expectLines(rule, df('FROM a:1', 'ENV BLA="blubb" BLUBB="$BLA"'), [2]);
    expectLines(rule, df('FROM a:1', 'ENV BLA="blubb" BLUBB="${BLA}"'), [2]);
    expectLines(rule, df('FROM a:1', 'ENV BLA="blubb" BLUBB="$BLA/$BLAFOO/blubb"'), [2]);
    expectLines(rule, df('FROM a:1', 'ENV PATH=/bla:${PATH} PATH=/blubb:${PATH}'), [2]);
    expectLines(rule, df('FROM a:1', 'ENV A=1 \\', '    B=$A'), [2]);
  });
  it('accepts earlier definitions, self references and partial names', () => {
    expectClean(rule, df('FROM a:1', 'ENV BLA="blubb"', 'ENV BLUBB="${BLA}/blubb"'));
    expectClean(rule, df('FROM a:1', 'ENV BLA="blubb" BLUBB="${FOOBLA}/blubb"'));
    expectClean(rule, df('FROM a:1', 'ENV BLA="blubb" BLUBB="${BLAFOO}/blubb"'));
    expectClean(rule, df('FROM a:1', 'ENV BLA="blubb" BLUBB="$FOOBLA/blubb"'));
    expectClean(rule, df('FROM a:1', 'ENV BLA="blubb" BLUBB="$BLAFOO/blubb"'));
    expectClean(rule, df('FROM a:1', 'ENV BLA="blubb" BLUBB="BLA/$BLAFOO/BLA"'));
    expectClean(rule, df('FROM a:1', 'ARG BLA', 'ENV BLA=${BLA}'));
    expectClean(rule, df('FROM a:1', 'ENV BLA blubb', 'ENV BLA=${BLA}'));
    expectClean(rule, df('FROM a:1', 'ENV PATH=/bla:${PATH}'));
    expectClean(rule, df('FROM a:1', 'ENV PATH=/bla:${PATH}', 'ENV PATH=/blubb:${PATH}'));
  });
});
