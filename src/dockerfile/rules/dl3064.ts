// DL3064: ARG or ENV names that look like secrets; their values end up in the image history or config.
import { argNames, envNames } from '../instruction-util.js';
import type { Instruction } from '../parse.js';
import { defineRule } from '../rule.js';

// hadolint's list of well-known secret variable names (compared upper-case).
const KNOWN_NAMES = new Set([
  'ACCESS_TOKEN',
  'APPLICATION_KEY',
  'APP_SECRET',
  'AUTH_TOKEN',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'BITTREX_API_KEY',
  'BITTREX_API_SECRET',
  'CF_PASSWORD',
  'CF_USERNAME',
  'CIRCLE_TOKEN',
  'CI_DEPLOY_PASSWORD',
  'CI_DEPLOY_USER',
  'DOCKERHUB_PASSWORD',
  'DOCKER_EMAIL',
  'DOCKER_PASSWORD',
  'DOCKER_USERNAME',
  'FACEBOOK_ACCESS_TOKEN',
  'FACEBOOK_APP_ID',
  'FACEBOOK_APP_SECRET',
  'FIREBASE_API_TOKEN',
  'FIREBASE_TOKEN',
  'FOSSA_API_KEY',
  'GH_ENTERPRISE_TOKEN',
  'GH_TOKEN',
  'GITHUB_ENTERPRISE_TOKEN',
  'GITHUB_TOKEN',
  'HEROKU_API_KEY',
  'HEROKU_API_USER',
  'NPM_AUTH_TOKEN',
  'NPM_TOKEN',
  'OKTA_AUTHN_GROUPID',
  'OKTA_CLIENT_ORGURL',
  'OKTA_CLIENT_TOKEN',
  'OKTA_OAUTH2_CLIENTID',
  'OKTA_OAUTH2_CLIENTSECRET',
  'OPENAI_API_KEY',
  'OS_PASSWORD',
  'OS_USERNAME',
  'POSTGRES_PASSWORD',
  'SLACK_TOKEN',
  'STRIPE_API_KEY',
  'STRIPE_DEVICE_NAME',
  'TRAVIS_OS_NAME',
  'TRAVIS_SECURE_ENV_VARS',
  'TRAVIS_SUDO',
  'VAULT_CLIENT_KEY',
  'VAULT_TOKEN',
]);

// Substrings (compared lower-case) that mark a name as sensitive.
const SUSPICIOUS = ['api_key', 'client_key', 'password', 'private', 'secret', 'token', 'username'];

function sensitive(name: string): boolean {
  const lower = name.toLowerCase();
  return KNOWN_NAMES.has(name.toUpperCase()) || SUSPICIOUS.some((s) => lower.includes(s));
}

export default defineRule({
  meta: {
    id: 'DL3064',
    severity: 'warning',
    description: 'Potentially sensitive data should not be used in ARG or ENV',
    help:
      'ENV values are stored in the image config and ARG values in the build history (`docker history`), so ' +
      'anyone who can pull the image can read a token or password passed this way. Pass secrets with a ' +
      'BuildKit secret mount instead: `RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci`, ' +
      'and provide runtime secrets when the container starts, not in the image.',
    onbuild: true,
    origin: 'hadolint',
  },
  create(context) {
    const check = (instr: Instruction, kind: string, names: string[]) => {
      const found = names.filter(sensitive);
      if (found.length === 0) return;
      context.report({
        instr,
        message: `${kind} ${found.join(', ')} looks like a secret, and its value is kept in the image ${kind === 'ENV' ? 'config' : 'history'}: pass it with RUN --mount=type=secret instead`,
      });
    };
    return {
      ARG: (instr) => check(instr, 'ARG', argNames(instr)),
      ENV: (instr) => check(instr, 'ENV', envNames(instr)),
    };
  },
});
