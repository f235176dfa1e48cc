import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3066.js';

describe('DL3066', () => {
  it('reports user names', () => {
    expectLines(rule, df('FROM foo:bar', 'USER foobar'), [2]);
    expectLines(rule, df('FROM foo:bar', 'USER foobar:barfoo'), [2]);
    expectLines(rule, df('FROM foo:bar', 'USER 1234', 'USER foobar'), [3]);
    expectLines(rule, df('FROM foo:bar', 'USER $UNDECLARED'), [2]);
  });
  it('accepts numeric ids and ARG variables', () => {
    expectClean(rule, df('FROM foo:bar', 'USER 12345'));
    expectClean(rule, df('FROM foo:bar', 'USER 1234:5678'));
    expectClean(rule, df('FROM foo:bar', 'USER 1234:staff'));
    expectClean(rule, df('ARG APP_UID', 'FROM foobar:barfoo', 'USER ${APP_UID}'));
    expectClean(rule, df('FROM foobar:barfoo', 'ARG APP_UID=10001', 'USER $APP_UID:$APP_UID'));
  });
});
