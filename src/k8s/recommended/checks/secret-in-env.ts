// No secret is written literally into a container's environment.
import type { CheckResult } from '../../types.js';
import { isMapping } from '../../workloads.js';
import { type CheckContext, type CheckMeta, containers, finding, type RecommendedCheck } from '../check.js';

export const meta: CheckMeta = {
  id: 'secret-in-env',
  severity: 'high',
  title: 'Secret value written in an environment variable',
  why: 'A literal secret in a manifest is readable by everyone with access to the repository, the CI logs, `kubectl get -o yaml` and the rendered Helm release, and it cannot be rotated without a redeploy; env values also leak through crash dumps and /proc/<pid>/environ.',
  fix: 'Move the value into a Secret (or an external secret store) and reference it with valueFrom.secretKeyRef, or mount it as a file; then rotate the exposed value.',
};

/** Values longer than this are not inspected (bounds the work per value). */
const MAX_VALUE = 16_384;

/**
 * Token formats that are secrets whatever the variable is called. Every quantified class is
 * followed by a literal it cannot match, or ends the pattern, so none can backtrack.
 */
const TOKEN_PATTERNS: readonly { name: string; re: RegExp }[] = [
  { name: 'an AWS access key', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/ },
  { name: 'a GitHub token', re: /\bgithub_pat_[A-Za-z0-9_]{82}\b/ },
  { name: 'a GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20}/ },
  { name: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,200}/ },
  { name: 'a Stripe live key', re: /\b[rs]k_live_[A-Za-z0-9]{24,200}\b/ },
  { name: 'a Google API key', re: /\bAIza[0-9A-Za-z_-]{35}/ },
  { name: 'an npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { name: 'a private key', re: /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----/ },
  {
    name: 'a JSON Web Token',
    re: /\beyJ[A-Za-z0-9_-]{10,4096}\.eyJ[A-Za-z0-9_-]{10,8192}\.[A-Za-z0-9_-]{10,4096}/,
  },
  { name: 'a URL with a password', re: /^[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:@/]{1,256}:[^\s@/$]{1,256}@/i },
];

/** Words in a variable name that mean its value is a secret. */
const SECRET_NAME =
  /(?:^|_)(?:PASSWORD|PASSWD|PASSPHRASE|PWD|SECRET|TOKEN|APIKEY|API_KEY|PRIVATE_KEY|ACCESS_KEY|SECRET_KEY|AUTH_KEY|CLIENT_SECRET|CREDENTIALS?)(?:$|_)/;
/** Suffixes that say the value is about a secret, not the secret itself. */
const NOT_A_SECRET =
  /_(?:FILE|PATH|DIR|NAME|ID|KEY_ID|ENABLED|ENABLE|TTL|EXPIRY|EXPIRES|LENGTH|HEADER|TYPE|ENDPOINT|URL|URI|HOST|PORT|USER|USERNAME|REF|ARN|VERSION)$/;

function looksLikeLiteralSecret(value: string): boolean {
  if (value.length < 8) return false;
  if (/^(?:true|false|yes|no|on|off|null|none|changeit)$/i.test(value)) return false;
  if (/^[0-9.]+$/.test(value)) return false;
  if (value.startsWith('/') || value.includes('://')) return false;
  // References resolved elsewhere: $(VAR), ${VAR}, {{ template }}, <placeholder>.
  if (value.includes('$(') || value.includes('${') || value.includes('{{') || /^<.*>$/.test(value))
    return false;
  return true;
}

/** Why the variable looks like it holds a secret, or null. */
export function secretReason(name: string, value: string): string | null {
  if (value.length > MAX_VALUE) return null;
  for (const p of TOKEN_PATTERNS) if (p.re.test(value)) return `its value looks like ${p.name}`;
  const upper = name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  if (SECRET_NAME.test(upper) && !NOT_A_SECRET.test(upper) && looksLikeLiteralSecret(value)) {
    return 'its name says it holds a secret and it has a literal value';
  }
  return null;
}

export function check(ctx: CheckContext): CheckResult[] {
  const out: CheckResult[] = [];
  for (const c of containers(ctx.workload)) {
    const env = c.container.env;
    if (!Array.isArray(env)) continue;
    env.forEach((e, i) => {
      if (!isMapping(e) || typeof e.name !== 'string' || typeof e.value !== 'string') return;
      const reason = secretReason(e.name, e.value);
      if (!reason) return;
      // The value itself is never repeated in the report.
      out.push(
        finding(
          meta,
          `Container "${c.name}" sets ${e.name} literally: ${reason}.`,
          [...c.path, 'env', i, 'value'],
          c.name,
        ),
      );
    });
  }
  return out;
}

export default { meta, check } satisfies RecommendedCheck;
