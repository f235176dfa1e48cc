// Reads manifests, indexes and configs under the JSON size and depth budgets.
import { createHash } from 'node:crypto';
import { inputError } from '../../core/errors.js';
import { DEFAULT_LIMITS, type Limits, limitError } from '../../core/limits.js';

/** Deepest array/object nesting in `text`, found without parsing (strings skipped), stopping past `max`. */
function nestingDepth(text: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > max) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Parses image JSON (`what` names it in errors) after checking size and depth; optionally its digest. */
export function parseImageJson(
  bytes: Buffer,
  what: string,
  limits: Limits = DEFAULT_LIMITS,
  expectedDigest?: string,
): unknown {
  if (bytes.length > limits.imageJsonBytes) {
    throw limitError(`${what}: size`, 'imageJsonBytes', bytes.length, limits.imageJsonBytes);
  }
  if (expectedDigest !== undefined) {
    const [alg] = expectedDigest.split(':');
    const got = `${alg}:${createHash(alg === 'sha512' ? 'sha512' : 'sha256')
      .update(bytes)
      .digest('hex')}`;
    if (got !== expectedDigest) {
      throw inputError(
        'malformed',
        `${what}: digest mismatch: expected ${expectedDigest}, read ${got}`,
        'the image was altered or damaged: pull or save it again',
      );
    }
  }
  const text = bytes.toString('utf8');
  const depth = nestingDepth(text, limits.imageJsonDepth);
  if (depth > limits.imageJsonDepth) {
    throw limitError(`${what}: nesting depth`, 'imageJsonDepth', depth, limits.imageJsonDepth);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw inputError(
      'malformed',
      `${what}: not valid JSON (${(e as Error).message})`,
      'the image is corrupt',
      e,
    );
  }
}

const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/** Checks a digest's form before it is used in a path (a hostile digest could be '../../x'). */
export function checkDigest(digest: unknown, what: string): string {
  if (typeof digest !== 'string' || !DIGEST.test(digest)) {
    throw inputError(
      'malformed',
      `${what}: invalid digest ${JSON.stringify(digest)}`,
      'the image is corrupt',
    );
  }
  return digest;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
