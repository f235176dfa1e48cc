// secret-in-build: credentials in ARG/ENV/RUN text or credential files copied into the image.
import type { Instruction } from '../parse.js';
import { defineRule } from '../rule.js';
import { copyOperands, dropQuotes } from '../rule-util.js';
import { runScriptText } from '../seed-util.js';

// High-confidence token formats only (prefix plus fixed alphabet and length), each linear to match.
const TOKEN_PATTERNS: { name: string; re: RegExp }[] = [
  { name: 'GitHub token', re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}(?![A-Za-z0-9])/ },
  { name: 'GitHub fine-grained token', re: /\bgithub_pat_[A-Za-z0-9_]{82}(?![A-Za-z0-9_])/ },
  { name: 'AWS access key id', re: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/ },
  { name: 'Slack token', re: /\bxox[baprs]-[0-9]{6,}-[0-9A-Za-z-]{8,}/ },
  {
    name: 'Slack webhook',
    re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,}/,
  },
  { name: 'private key', re: /-----BEGIN (?:[A-Z0-9]+ )?PRIVATE KEY(?: BLOCK)?-----/ },
  { name: 'npm token', re: /\bnpm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/ },
  { name: 'GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/ },
  { name: 'Stripe secret key', re: /\b[sr]k_live_[0-9A-Za-z]{24,}/ },
  { name: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/ },
  { name: 'PyPI token', re: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/ },
  { name: 'Docker Hub token', re: /\bdckr_pat_[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])/ },
  { name: 'Anthropic API key', re: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}/ },
  { name: 'OpenAI API key', re: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}/ },
];

// Every pattern above needs one of these literals: one scan rules them all out for most text.
const TOKEN_LITERALS =
  /gh[pousr]_|github_pat_|AKIA|ASIA|ABIA|ACCA|xox|hooks\.slack\.com|-----BEGIN|npm_|glpat-|k_live_|AIza|pypi-|dckr_pat_|sk-/;

/** The name of the first credential format found in `text`, or null. */
export function findToken(text: string): string | null {
  if (TOKEN_LITERALS.test(text)) for (const p of TOKEN_PATTERNS) if (p.re.test(text)) return p.name;
  return urlPassword(text) ? 'password in a URL' : null;
}

/** `scheme://user:password@host` with a literal password (not `$VAR`), found without a backtracking regex. */
function urlPassword(text: string): boolean {
  let from = 0;
  for (;;) {
    const i = text.indexOf('://', from);
    if (i === -1) return false;
    from = i + 3;
    let end = from;
    while (end < text.length && !'/?#\'" \t\n'.includes(text[end]!)) end++;
    const authority = text.slice(from, end);
    const at = authority.lastIndexOf('@');
    if (at === -1) continue;
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon <= 0) continue;
    const password = userinfo.slice(colon + 1);
    if (password !== '' && !password.includes('$') && !/^[*x]+$/i.test(password)) return true;
  }
}

const SECRET_FILES = new Set([
  'id_rsa',
  'id_dsa',
  'id_ecdsa',
  'id_ed25519',
  'id_ecdsa_sk',
  'id_ed25519_sk',
  '.env',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '_netrc',
  '.git-credentials',
  '.htpasswd',
  '.pgpass',
  '.vault-token',
]);
const SECRET_PATHS = ['.aws/credentials', '.docker/config.json', '.kube/config', '.ssh', '.gnupg'];
const SECRET_SUFFIXES = SECRET_PATHS.map((p) => `/${p}`);
const SECRET_EXTENSIONS = ['.key', '.pem', '.p12', '.pfx', '.jks', '.keystore', '.ppk'];
// .env.example and friends are templates without values.
const ENV_TEMPLATE = /^\.env\.(?:example|sample|template|dist|defaults|schema)$/i;
// A .pem named like a certificate or CA bundle holds public data.
const PUBLIC_PEM =
  /(?:^|[-_.])(?:ca|cacert|cert|certs|certificate|chain|fullchain|bundle|root|public|pub|trust)(?:[-_.]|$)/i;
const CA_DIRS = [
  '/usr/local/share/ca-certificates',
  '/etc/ssl/certs',
  '/etc/pki/ca-trust',
  '/usr/share/ca-certificates',
];

/** Why a COPY/ADD source path is a credential file, or null. */
export function secretFile(source: string, dest: string): string | null {
  const quoted = dropQuotes(source);
  const path = quoted.endsWith('/') ? quoted.replace(/(?<!\/)\/+$/, '') : quoted;
  const name = path.split('/').pop() ?? path;
  const lower = name.toLowerCase();
  if (SECRET_FILES.has(lower)) return name;
  if (/^\.env\./i.test(name) && !ENV_TEMPLATE.test(name)) return name;
  const normal = `/${path.toLowerCase()}`;
  for (let i = 0; i < SECRET_PATHS.length; i++)
    if (normal.endsWith(SECRET_SUFFIXES[i]!)) return SECRET_PATHS[i]!;
  const ext = SECRET_EXTENSIONS.find((e) => lower.endsWith(e) && lower.length > e.length);
  if (!ext) return null;
  if (
    ext === '.pem' &&
    (PUBLIC_PEM.test(lower.slice(0, -4)) || CA_DIRS.some((d) => dropQuotes(dest).startsWith(d)))
  ) {
    return null;
  }
  return `*${ext}`;
}

export default defineRule({
  meta: {
    id: 'secret-in-build',
    severity: 'error',
    description: 'Credentials must not be baked into the image',
    help:
      'ARG and ENV values are stored in the image config and its history (`docker history` shows them), RUN ' +
      'command lines are in the history too, and a file copied into a layer stays in that layer even when a ' +
      'later step deletes it: anyone who can pull the image gets the secret. Pass secrets at build time with ' +
      '`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci` (`docker build --secret id=npmrc,src=.npmrc`), ' +
      'use SSH forwarding with `RUN --mount=type=ssh`, and give runtime secrets to the container through the ' +
      'orchestrator (a Kubernetes Secret, a secret manager), not the image. Rotate any credential that was ' +
      'already built into an image.',
    origin: 'shipshape',
  },
  create(context) {
    const reportValue = (instr: Instruction, what: string, kind: string) =>
      context.report({
        instr,
        message: `${kind} holds what looks like a ${what}: it is stored in the image for anyone who pulls it; pass it with RUN --mount=type=secret instead and rotate it`,
        suggestion:
          'RUN --mount=type=secret,id=token,env=TOKEN <command> and docker build --secret id=token,env=TOKEN',
      });
    const checkProperties = (instr: Instruction) => {
      for (const p of instr.properties) {
        if (p.value === null) continue;
        const what = findToken(p.value);
        if (what) {
          reportValue(instr, what, `${instr.keyword} ${p.name}`);
          return;
        }
      }
    };
    const checkCopy = (instr: Instruction) => {
      const ops = copyOperands(instr);
      if (!ops) return;
      for (const source of ops.sources) {
        if (source.startsWith('<<')) continue;
        const file = secretFile(source, ops.dest);
        if (!file) continue;
        context.report({
          instr,
          message: `${instr.keyword} of '${source}' puts a credential file (${file}) into a layer, where it stays even if deleted later: mount it only where it is needed with RUN --mount=type=secret`,
          suggestion: `RUN --mount=type=secret,id=${file.replace(/^[*.]+/, '').replace(/[^A-Za-z0-9_-]/g, '_')},target=<path> <command>`,
        });
        return;
      }
    };
    return {
      ARG: checkProperties,
      ENV: checkProperties,
      COPY: checkCopy,
      ADD: checkCopy,
      RUN(instr) {
        const what = findToken(runScriptText(instr));
        if (what) reportValue(instr, what, 'RUN');
      },
    };
  },
});
