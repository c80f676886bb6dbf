import { dns1123SubdomainErrors } from './k8s-names';

/**
 * More Kubernetes 1.27 value rules (apimachinery v0.27 `pkg/util/validation/validation.go`,
 * `pkg/api/validation/path/name.go`, k8s.io/utils/net), as pure functions returning the API
 * server's messages (empty when valid), like `k8s-names.ts`.
 */

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const WILDCARD_DNS1123_SUBDOMAIN_FMT = `\\*\\.${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const WILDCARD_DNS1123_SUBDOMAIN_RE = new RegExp(`^${WILDCARD_DNS1123_SUBDOMAIN_FMT}$`);
const HTTP_PATH_FMT = '[A-Za-z0-9/\\-._~%!$&\'()*+,;=:]+';
const HTTP_PATH_RE = new RegExp(`^${HTTP_PATH_FMT}$`);

/** apimachinery `RegexError` (double space before each 'or'). */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) {
    return `${msg} (regex used for validation is '${fmt}')`;
  }
  return `${msg} (e.g. ${examples.map((e) => `'${e}'`).join(',  or ')}, regex used for validation is '${fmt}')`;
}

/** `IsWildcardDNS1123Subdomain`: Ingress rule hosts and TLS hosts containing `*`. */
export function wildcardDns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) {
    errs.push('must be no more than 253 characters');
  }
  if (!WILDCARD_DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError('a wildcard DNS-1123 subdomain must start with \'*.\', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, \'-\' or \'.\' and end with an alphanumeric character',
      WILDCARD_DNS1123_SUBDOMAIN_FMT, '*.example.com'));
  }
  return errs;
}

/** `IsValidPathSegmentName`: RBAC names and role references, HPA target kinds/names, Ingress resource backends. */
export function pathSegmentNameErrors(name: string): string[] {
  if (name === '.' || name === '..') {
    return [`may not be '${name}'`];
  }
  const errs: string[] = [];
  for (const bad of ['/', '%']) {
    if (name.includes(bad)) {
      errs.push(`may not contain '${bad}'`);
    }
  }
  return errs;
}

/**
 * `IsDomainPrefixedPath` (IngressClass `spec.controller`): `<dns-subdomain>/<http path>`. Each entry
 * is the value the API server names and its message.
 */
export function domainPrefixedPathErrors(value: string): Array<{ value: string; message: string }> {
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1) {
    return [{ value, message: 'must be a domain-prefixed path (such as "acme.io/foo")' }];
  }
  const host = value.slice(0, slash);
  const path = value.slice(slash + 1);
  const out = dns1123SubdomainErrors(host).map((message) => ({ value: host, message }));
  if (!HTTP_PATH_RE.test(path)) {
    out.push({ value: path, message: regexError('Invalid path', HTTP_PATH_FMT) });
  }
  return out;
}
