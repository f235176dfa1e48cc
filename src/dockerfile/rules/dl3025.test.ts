import { describe, expect, it } from 'vitest';
import { df, expectClean, expectFix, expectLines, lintWith } from '../rule-tester.js';
import rule from './dl3025.js';

describe('DL3025', () => {
  it('reports shell-form CMD, ENTRYPOINT and HEALTHCHECK CMD', () => {
    expectLines(rule, df('FROM node:20 as foo', 'ENTRYPOINT something'), [2]);
    expectLines(rule, df('FROM node:20 as foo', 'CMD something'), [2]);
    expectLines(
      rule,
      df('FROM node:20', 'HEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1'),
      [2],
    );
    expectLines(rule, df('FROM node:20', 'CMD ["broken", json'), [2]);
    expectLines(rule, df('FROM node:20', 'CMD node \\', '  server.js'), [2]);
  });
  it('accepts JSON form and HEALTHCHECK NONE', () => {
    expectClean(rule, df('FROM scratch as build', 'ENTRYPOINT ["foo", "bar"]'));
    expectClean(rule, df('FROM scratch as build', 'CMD ["foo", "bar"]', 'CMD [ "foo", "bar" ]'));
    expectClean(
      rule,
      df('CMD [ "/bin/sh", "-c", \\', '      "echo foo && \\', '       echo bar" \\', '    ]'),
    );
    expectClean(rule, df('FROM node:20', 'HEALTHCHECK NONE'));
    expectClean(
      rule,
      df('FROM node:20', 'HEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost/"]'),
    );
    expectClean(rule, df('FROM node:20', 'ONBUILD CMD node app.js'));
  });
  it('converts plain words to JSON form', () => {
    expectFix(
      rule,
      df('FROM node:20', 'ENTRYPOINT npm start'),
      df('FROM node:20', 'ENTRYPOINT ["npm", "start"]'),
    );
    expectFix(
      rule,
      df('FROM node:20', 'cmd node server.js --port=8080  '),
      df('FROM node:20', 'cmd ["node", "server.js", "--port=8080"]  '),
    );
    expectFix(
      rule,
      df('FROM node:20', 'HEALTHCHECK --interval=5s CMD /usr/local/bin/check -q'),
      df('FROM node:20', 'HEALTHCHECK --interval=5s CMD ["/usr/local/bin/check", "-q"]'),
    );
    expectFix(
      rule,
      df('FROM node:20', 'CMD node \\', '  server.js'),
      df('FROM node:20', 'CMD ["node", "server.js"]'),
    );
  });
  it('only suggests when the shell would do something', () => {
    const cases = [
      'CMD echo $HOME',
      'CMD node server.js > /log',
      'CMD a && b',
      'CMD echo "hi there"',
      'CMD ls *.txt',
      'CMD FOO=1 node app.js',
      'CMD exec node app.js',
      'CMD cd /app; node x',
    ];
    for (const line of cases) {
      const text = df('FROM node:20', line);
      expectFix(rule, text, text, { remains: 1 });
      expect(lintWith(rule, text)[0]?.suggestion, line).toBeTruthy();
    }
    // A non-POSIX shell runs shell-form commands itself: only a suggestion.
    const pwsh = df('FROM mcr.microsoft.com/powershell:lts', 'SHELL ["pwsh", "-Command"]', 'CMD Get-Date');
    expectFix(rule, pwsh, pwsh, { remains: 1 });
    expect(lintWith(rule, df('FROM a:1', 'CMD echo $X'))[0]?.suggestion).toContain(
      '["/bin/sh", "-c", "echo $X"]',
    );
  });
});
