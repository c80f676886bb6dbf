/**
 * Container image references, parsed with the grammar of distribution/reference
 * (the one the kubelet and `ParseImageName` use):
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [domain "/"] path-component ("/" path-component)*
 *   domain    := host [":" port]      (the first component is a domain when it has '.' or ':' or is 'localhost')
 *   tag       := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
 *   digest    := algorithm ":" hex    (sha256 needs 64 lower-case hex digits)
 */
export interface ParsedImage {
  /** The registry host[:port], when the reference names one. */
  readonly registry?: string;
  /** The repository path without registry, e.g. 'library/nginx'. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const PATH_COMPONENT_RE = new RegExp(`^${PATH_COMPONENT}$`);
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_RE = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([a-zA-Z0-9=_-]{32,})$/;
const NAME_MAX_LENGTH = 255;

/** Result of parsing: the image, or the list of problems. */
export interface ImageParseResult {
  readonly image?: ParsedImage;
  readonly problems: string[];
}

export function parseImage(reference: string): ImageParseResult {
  const problems: string[] = [];
  if (reference.length === 0) {
    return { problems: ['must not be empty'] };
  }
  if (reference.trim() !== reference) {
    return { problems: ['must not have leading or trailing whitespace'] };
  }
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const dm = DIGEST_RE.exec(digest);
    if (!dm) {
      problems.push(`digest '${digest}' must be '<algorithm>:<hex>', e.g. 'sha256:' followed by 64 hex digits`);
    } else if (dm[1] === 'sha256' && !/^[a-f0-9]{64}$/.test(dm[2])) {
      problems.push(`digest '${digest}' must be 'sha256:' followed by exactly 64 lower-case hex digits`);
    }
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) {
      problems.push(`tag '${tag}' must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`);
    }
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    registry = parts.shift();
    if (!DOMAIN_RE.test(registry!)) {
      problems.push(`registry '${registry}' is not a valid host[:port]`);
    }
  }
  const repository = parts.join('/');
  if (repository.length === 0) {
    problems.push('must name a repository');
  } else if (rest.length > NAME_MAX_LENGTH) {
    problems.push(`repository name must not be longer than ${NAME_MAX_LENGTH} characters`);
  }
  for (const part of parts) {
    if (!PATH_COMPONENT_RE.test(part)) {
      problems.push(`repository path component '${part}' must be lower-case letters and digits, separated by '.', '_', '__' or '-'`);
      break;
    }
  }
  if (problems.length > 0) {
    return { problems };
  }
  return { image: { registry, repository, tag, digest }, problems };
}

/**
 * The pull policy the API server would default for this image (`SetDefaults_Container`, which
 * takes the tag from `ParseImageName`): 'Always' when the tag is 'latest' (even with a digest),
 * or when there is neither tag nor digest (the tag then defaults to 'latest'); otherwise
 * 'IfNotPresent'.
 */
export function defaultPullPolicyFor(image: ParsedImage): 'Always' | 'IfNotPresent' {
  if (image.tag === 'latest' || (!image.tag && !image.digest)) {
    return 'Always';
  }
  return 'IfNotPresent';
}

/** True when the image floats: tag 'latest' or no tag and no digest. */
export function isFloatingImage(image: ParsedImage): boolean {
  return !image.digest && (!image.tag || image.tag === 'latest');
}
