import { describe, it } from 'vitest';
import { df, expectClean, expectFix, expectLines } from '../rule-tester.js';
import rule from './pid1-signals.js';

describe('pid1-signals', () => {
  it('reports npm/yarn/pnpm start as the process', () => {
    expectLines(rule, df('FROM node:20', 'CMD ["npm", "start"]'), [2]);
    expectLines(rule, df('FROM node:20', 'CMD npm run serve'), [2]);
    expectLines(rule, df('FROM node:20', 'ENTRYPOINT ["yarn", "start"]'), [2]);
    expectLines(rule, df('FROM node:20', 'ENTRYPOINT ["tini", "--"]', 'CMD ["pnpm", "start"]'), [3]);
    expectLines(rule, df('FROM node:20', 'CMD ["sh", "-c", "exec npm start"]'), [2]);
  });
  it('reports shell form and sh -c without exec', () => {
    expectLines(rule, df('FROM node:20', 'CMD node server.js'), [2]);
    expectLines(rule, df('FROM node:20', 'ENTRYPOINT java -jar /app.jar'), [2]);
    expectLines(rule, df('FROM node:20', 'CMD ["sh", "-c", "node server.js --port $PORT"]'), [2]);
    expectLines(rule, df('FROM node:20', 'CMD ["/bin/bash", "-ec", "migrate && node server.js"]'), [2]);
    expectLines(rule, df('FROM node:20', 'ENTRYPOINT ["/docker-entrypoint.sh"]', 'CMD node server.js'), [3]);
  });
  it('looks at the effective command of the final stage only', () => {
    expectLines(rule, df('FROM node:20 AS base', 'CMD node server.js', 'FROM base', 'RUN true'), [2]);
    expectClean(
      rule,
      df('FROM node:20 AS build', 'CMD npm start', 'FROM node:20-slim', 'CMD ["node", "server.js"]'),
    );
    // An ENTRYPOINT in a later stage drops the CMD inherited from the earlier one.
    expectClean(
      rule,
      df('FROM node:20 AS base', 'CMD npm start', 'FROM base', 'ENTRYPOINT ["node", "server.js"]'),
    );
    expectLines(
      rule,
      df('FROM node:20', 'ENTRYPOINT ["node"]', 'CMD ["server.js"]', 'ONBUILD CMD npm start'),
      [],
    );
  });
  it('accepts exec form and scripts that exec', () => {
    expectClean(rule, df('FROM node:20', 'CMD ["node", "server.js"]'));
    expectClean(rule, df('FROM node:20', 'CMD exec node server.js'));
    expectClean(rule, df('FROM node:20', 'CMD ["sh", "-c", "migrate && exec node server.js"]'));
    expectClean(
      rule,
      df('FROM node:20', 'ENTRYPOINT ["/usr/bin/dumb-init", "--"]', 'CMD ["node", "server.js"]'),
    );
    expectClean(rule, df('FROM node:20', 'ENTRYPOINT ["java", "-jar", "/app.jar"]', 'CMD --port 8080'));
    expectClean(rule, df('FROM node:20', 'RUN npm ci'));
    expectClean(rule, df('FROM node:20', 'ENTRYPOINT ["sh", "/entry.sh"]'));
  });
  it('fixes plain shell-form commands to exec form', () => {
    expectFix(
      rule,
      df('FROM node:20', 'CMD node server.js'),
      df('FROM node:20', 'CMD ["node", "server.js"]'),
    );
    expectFix(
      rule,
      df('FROM node:20', 'cmd node "my app.js" --port=8080  '),
      df('FROM node:20', 'cmd ["node", "my app.js", "--port=8080"]  '),
    );
    expectFix(
      rule,
      df('FROM node:20', 'CMD node \\', '  server.js'),
      df('FROM node:20', 'CMD ["node", "server.js"]'),
    );
    expectFix(
      rule,
      df('FROM node:20', 'ENTRYPOINT java -jar /app.jar'),
      df('FROM node:20', 'ENTRYPOINT ["java", "-jar", "/app.jar"]'),
    );
    expectFix(
      rule,
      df('FROM node:20', 'CMD ["sh", "-c", "node server.js"]'),
      df('FROM node:20', 'CMD ["node", "server.js"]'),
    );
  });
  it('only suggests when a rewrite could change behaviour', () => {
    const keep = (text: string) => expectFix(rule, text, text, { remains: 1 });
    keep(df('FROM node:20', 'CMD npm start'));
    keep(df('FROM node:20', 'CMD node server.js --port $PORT'));
    keep(df('FROM node:20', 'CMD node server.js > /log'));
    keep(df('FROM node:20', 'CMD NODE_ENV=production node server.js'));
    keep(df('FROM node:20', 'CMD node *.js'));
    keep(df('FROM node:20', 'CMD ["x"]', 'ENTRYPOINT java -jar /app.jar'));
    keep(df('FROM node:20', 'ENTRYPOINT java -jar /app.jar', 'CMD ["--debug"]'));
    keep(df('FROM node:20', 'CMD ["sh", "-c", "node \\"$0\\"", "server.js"]'));
  });
});
