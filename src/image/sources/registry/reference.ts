// Parses registry image references the way Docker does ('alpine' is docker.io/library/alpine:latest).
import { inputError } from '../../../core/errors.js';

export interface ImageReference {
  /** The registry as written or implied ('docker.io', 'ghcr.io', '127.0.0.1:5000'), Docker Hub's aliases folded. */
  domain: string;
  /** Host (and port) the registry API is served from: Docker Hub's is registry-1.docker.io. */
  apiHost: string;
  /** 'library/alpine', 'o/r'. */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

// The grammar of github.com/distribution/reference, as regular expressions without nested quantifiers over the
// same characters (no catastrophic backtracking): a path component is alphanumeric runs joined by separators.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]{1,5})?$`,
);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const MAX_NAME = 255;

function invalid(ref: string, why: string) {
  return inputError(
    'usage',
    `${ref}: not a valid image reference (${why})`,
    'write [REGISTRY[:PORT]/]NAME[:TAG][@sha256:DIGEST], e.g. alpine:3.19 or ghcr.io/owner/repo@sha256:…',
  );
}

/** Whether the first component of a name is a registry host rather than a path (Docker's rule). */
function isDomain(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase();
}

/** Parses `ref` (without 'docker://'). Throws an exit-2 error that says what is wrong with it. */
export function parseReference(ref: string): ImageReference {
  if (ref === '') throw invalid('""', 'empty');
  if (ref.length > 4096) throw invalid(`${ref.slice(0, 40)}…`, 'too long');
  if (/\s/.test(ref)) throw invalid(JSON.stringify(ref), 'contains white space');
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) {
      throw invalid(ref, `'${digest}' is not a digest: expected sha256: and 64 lowercase hex digits`);
    }
  }
  let tag: string | undefined;
  // A tag follows the last ':' after the last '/' (an earlier ':' is the registry's port).
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      throw invalid(ref, `'${tag}' is not a valid tag: letters, digits, '_', '.', '-', at most 128`);
    }
  }
  if (rest === '') throw invalid(ref, 'no repository name');
  const slash = rest.indexOf('/');
  let domain = DOCKER_HUB;
  let path = rest;
  if (slash !== -1 && isDomain(rest.slice(0, slash))) {
    domain = rest.slice(0, slash);
    path = rest.slice(slash + 1);
    if (!DOMAIN.test(domain)) throw invalid(ref, `'${domain}' is not a valid registry host`);
    const port = /:([0-9]+)$/.exec(domain)?.[1];
    if (port !== undefined && Number(port) > 65535) throw invalid(ref, `port ${port} is out of range`);
  }
  if (HUB_ALIASES.has(domain.toLowerCase())) domain = DOCKER_HUB;
  if (path === '') throw invalid(ref, 'no repository name');
  for (const part of path.split('/')) {
    if (PATH_COMPONENT.test(part)) continue;
    if (part !== part.toLowerCase() && PATH_COMPONENT.test(part.toLowerCase())) {
      throw invalid(ref, `repository name must be lowercase ('${part}')`);
    }
    throw invalid(
      ref,
      part === ''
        ? 'empty path component'
        : `'${part}' is not a valid name component: lowercase letters, digits, and '.', '_', '-' between them`,
    );
  }
  if (domain === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  if (domain.length + 1 + path.length > MAX_NAME)
    throw invalid(ref, `name longer than ${MAX_NAME} characters`);
  if (tag === undefined && digest === undefined) tag = 'latest';
  return {
    domain,
    apiHost: domain === DOCKER_HUB ? DOCKER_HUB_API : domain,
    repository: path,
    tag,
    digest,
  };
}

/** The full form: 'docker.io/library/alpine:3.19', 'host:5000/r@sha256:…' (a tag kept beside a digest). */
export function formatReference(r: ImageReference): string {
  return `${r.domain}/${r.repository}${r.tag !== undefined ? `:${r.tag}` : ''}${r.digest !== undefined ? `@${r.digest}` : ''}`;
}

/** Whether the registry is on this machine, where Docker allows plain HTTP without being told. */
export function isLoopback(host: string): boolean {
  const name = host
    .replace(/:[0-9]+$/, '')
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  return name === 'localhost' || name === '::1' || /^127\.[0-9]+\.[0-9]+\.[0-9]+$/.test(name);
}
