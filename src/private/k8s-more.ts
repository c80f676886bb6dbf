import { isIPv6 } from 'net';
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

/** An IP network as Go's `net.IPNet`: the address bits, the address length (32 or 128) and the prefix length. */
export interface Cidr {
  readonly bits: bigint;
  readonly width: 32 | 128;
  readonly prefix: number;
}

/** `ParseIPSloppy` for IPv4: dotted quad, leading zeros allowed (read as decimal). */
function parseIpv4Sloppy(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) {
    return undefined;
  }
  let out = 0n;
  for (const p of parts) {
    if (!/^[0-9]+$/.test(p) || Number(p) > 255) {
      return undefined;
    }
    out = out * 256n + BigInt(Number(p));
  }
  return out;
}

function parseIpv6(text: string): bigint | undefined {
  if (!isIPv6(text) || text.includes('%')) {
    return undefined;
  }
  let head = text;
  let v4tail: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    v4tail = parseIpv4Sloppy(text.slice(lastColon + 1));
    if (v4tail === undefined) {
      return undefined;
    }
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const l = left === '' ? [] : left.split(':');
  const r = right === undefined ? [] : right === '' ? [] : right.split(':');
  const groups = right === undefined ? l : [...l, ...Array(8 - l.length - r.length).fill('0'), ...r];
  if (groups.length !== 8) {
    return undefined;
  }
  let out = 0n;
  for (const g of groups) {
    out = out * 65536n + BigInt(parseInt(g, 16));
  }
  if (v4tail !== undefined) {
    out = out - (out % 0x100000000n) + v4tail;
  }
  return out;
}

/** True for an IP address as `netutils.ParseIPSloppy` reads one (IPv4 with leading zeros too). */
export function isIpSloppy(text: string): boolean {
  return parseIpv4Sloppy(text) !== undefined || parseIpv6(text) !== undefined;
}

/** `netutils.ParseCIDRSloppy`: the network (address masked to the prefix), or undefined when invalid. */
export function parseCidrSloppy(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) {
    return undefined;
  }
  const addr = text.slice(0, slash);
  const mask = text.slice(slash + 1);
  if (!/^[0-9]+$/.test(mask)) {
    return undefined;
  }
  const prefix = Number(mask);
  const v4 = parseIpv4Sloppy(addr);
  const width: 32 | 128 = v4 !== undefined ? 32 : 128;
  const ip = v4 ?? parseIpv6(addr);
  if (ip === undefined || prefix > width) {
    return undefined;
  }
  const block = 2n ** BigInt(width - prefix);
  return { bits: (ip / block) * block, width, prefix };
}

/**
 * Go's `cidr.Contains(except.IP) && maskLen(cidr) < maskLen(except)` as `ValidateIPBlock` uses it:
 * false when `except` is certainly not a strict subset of `cidr`. Networks of different families
 * answer true (Go's answer there depends on IPv4-mapped forms; not flagging is the safe side).
 */
export function isStrictSubnet(cidr: Cidr, except: Cidr): boolean {
  if (cidr.width !== except.width) {
    return true;
  }
  if (cidr.prefix >= except.prefix) {
    return false;
  }
  const block = 2n ** BigInt(cidr.width - cidr.prefix);
  return except.bits / block === cidr.bits / block;
}
