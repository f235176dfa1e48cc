import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3067.js';

describe('DL3067', () => {
  it('reports copying a whole filesystem from another stage', () => {
    expectLines(rule, df('FROM a:1 AS build', 'FROM b:1', 'COPY --from=build / /'), [3]);
    expectLines(rule, df('FROM a:1 AS build', 'FROM b:1', 'COPY --from=build "/" "/"'), [3]);
    expectLines(rule, df('FROM b:1', 'COPY --from=busybox:1.36 ["/", "/"]'), [2]);
  });
  it('accepts partial copies', () => {
    expectClean(rule, df('FROM b:1', 'COPY / /'));
    expectClean(rule, df('FROM b:1', 'COPY --from=build /app /'));
    expectClean(rule, df('FROM b:1', 'COPY --from=build / /app'));
  });
});
