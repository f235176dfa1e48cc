import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3001.js';

describe('DL3001', () => {
  it('reports commands that make no sense in a build', () => {
    expectLines(rule, df('FROM debian:12', 'RUN top'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN apt-get update && service ssh start'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN ps aux | grep x'), [2]);
    expectLines(rule, df('FROM debian:12', 'ONBUILD RUN vim /etc/hosts'), [2]);
    expectLines(rule, df('FROM debian:12', 'RUN ["kill", "1"]'), [2]);
  });
  it('accepts other commands', () => {
    expectClean(rule, df('FROM debian:12', 'RUN apt-get install -y openssh-server'));
    expectClean(rule, df('FROM debian:12', 'RUN echo ssh'));
    expectClean(rule, df('FROM debian:12', 'RUN ./ps.sh'));
    expectClean(rule, df('FROM debian:12', 'CMD ["service", "nginx", "start"]'));
  });
});
