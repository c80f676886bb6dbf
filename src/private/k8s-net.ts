import { dns1123LabelErrors, dns1123SubdomainErrors } from './k8s-names';

/**
 * IP addresses and domain names as Kubernetes 1.27 checks them: `netutils.ParseIPSloppy`
 * (k8s.io/utils/net, Go's pre-1.17 `net.ParseIP`, which accepts leading zeros in IPv4 parts),
 * `ValidateNonSpecialIP` (pkg/apis/core/validation) and apimachinery's
 * `IsFullyQualifiedDomainName` / `IsFullyQualifiedName` (pkg/util/validation).
 *
 * Pure functions: each returns the violations in the API server's words (empty when valid).
 */

/** A parsed address: 16 bytes (IPv4 as `::ffff:a.b.c.d`, as Go keeps it) and whether it is IPv4. */
export interface ParsedIp {
  readonly bytes: readonly number[];
  readonly v4: boolean;
}

const V4_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseV4Parts(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) {
    return undefined;
  }
  const out: number[] = [];
  for (const p of parts) {
    // Go's dtoi: decimal digits, leading zeros allowed (sloppy), value at most 255
    if (!/^[0-9]{1,12}$/.test(p)) {
      return undefined;
    }
    const n = Number(p);
    if (n > 255) {
      return undefined;
    }
    out.push(n);
  }
  return out;
}

function parseV6(text: string): number[] | undefined {
  if (text.length === 0 || text.length > 64) {
    return undefined;
  }
  const halves = text.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const groups = (s: string): number[] | undefined => {
    if (s === '') {
      return [];
    }
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseV4Parts(p);
        if (!v4) {
          return undefined;
        }
        out.push(...v4);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(p)) {
        return undefined;
      }
      const n = parseInt(p, 16);
      out.push(Math.floor(n / 256), n % 256);
    }
    return out;
  };
  const head = groups(halves[0]);
  if (!head) {
    return undefined;
  }
  if (halves.length === 1) {
    return head.length === 16 ? head : undefined;
  }
  // an embedded IPv4 address may only end the address
  if (halves[0].includes('.')) {
    return undefined;
  }
  const tail = groups(halves[1]);
  // the ellipsis must stand for at least one zero group
  if (!tail || head.length + tail.length > 14) {
    return undefined;
  }
  return [...head, ...new Array(16 - head.length - tail.length).fill(0), ...tail];
}

/** `netutils.ParseIPSloppy`: undefined when `text` is not an IP address (no zones, no brackets). */
export function parseIpSloppy(text: string): ParsedIp | undefined {
  if (text.includes('.') && !text.includes(':')) {
    const v4 = parseV4Parts(text);
    return v4 ? { bytes: [...V4_PREFIX, ...v4], v4: true } : undefined;
  }
  if (!text.includes(':')) {
    return undefined;
  }
  const bytes = parseV6(text);
  if (!bytes) {
    return undefined;
  }
  const v4 = V4_PREFIX.every((b, i) => bytes[i] === b);
  return { bytes, v4 };
}

/** apimachinery `IsValidIP` (1.27 wording). */
export function ipErrors(text: string): string[] {
  return parseIpSloppy(text) ? [] : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
}

/** `IsValidIPv4Address`: the address parses and is IPv4 (`To4() != nil`, IPv4-mapped IPv6 included). */
export function ipv4Errors(text: string): string[] {
  const ip = parseIpSloppy(text);
  return ip && ip.v4 ? [] : ['must be a valid IPv4 address'];
}

/** `IsValidIPv6Address`: the address parses and is not IPv4. */
export function ipv6Errors(text: string): string[] {
  const ip = parseIpSloppy(text);
  return ip && !ip.v4 ? [] : ['must be a valid IPv6 address'];
}

/** True for an IP address as `netutils.ParseIPSloppy` reads one (IPv4 with leading zeros too). */
export function isIpSloppy(text: string): boolean {
  return parseIpSloppy(text) !== undefined;
}

/** `netutils.IsIPv6String`: an address that parses and is not IPv4 (an IPv4-mapped IPv6 address is IPv4). */
export function isIpv6Sloppy(text: string): boolean {
  const ip = parseIpSloppy(text);
  return ip !== undefined && !ip.v4;
}

/** An IP network as Go's `net.IPNet`: the address bits, the address length (32 or 128) and the prefix length. */
export interface Cidr {
  readonly bits: bigint;
  readonly width: 32 | 128;
  readonly prefix: number;
}

/** `netutils.ParseCIDRSloppy`: the network (address masked to the prefix), or undefined when invalid. */
export function parseCidrSloppy(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const mask = text.slice(slash + 1);
  if (slash < 0 || !/^[0-9]+$/.test(mask)) {
    return undefined;
  }
  const addr = text.slice(0, slash);
  const ip = parseIpSloppy(addr);
  // a dotted address is a 32-bit network; anything written with ':' is a 128-bit one
  const width: 32 | 128 = addr.includes(':') ? 128 : 32;
  const prefix = Number(mask);
  if (!ip || prefix > width) {
    return undefined;
  }
  const bits = ip.bytes.slice(16 - width / 8).reduce((acc, b) => acc * 256n + BigInt(b), 0n);
  const block = 2n ** BigInt(width - prefix);
  return { bits: (bits / block) * block, width, prefix };
}

/** True for a network `netutils.ParseCIDRSloppy` accepts. */
export function isCidrSloppy(text: string): boolean {
  return parseCidrSloppy(text) !== undefined;
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

/**
 * `ValidateNonSpecialIP` (1.27): Endpoints and EndpointSlice addresses may not be unspecified,
 * loopback, link-local unicast or link-local multicast (Go's `net.IP` predicates).
 */
export function nonSpecialIpErrors(text: string): string[] {
  const ip = parseIpSloppy(text);
  if (!ip) {
    return ['must be a valid IP address'];
  }
  const b = ip.bytes;
  const errs: string[] = [];
  const unspecified = ip.v4 ? b.slice(12).every((x) => x === 0) : b.every((x) => x === 0);
  if (unspecified) {
    errs.push('may not be unspecified (0.0.0.0)');
  }
  const loopback = ip.v4 ? b[12] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  if (loopback) {
    errs.push('may not be in the loopback range (127.0.0.0/8)');
  }
  const linkLocal = ip.v4 ? b[12] === 169 && b[13] === 254 : b[0] === 0xfe && b[1] >= 0x80 && b[1] <= 0xbf;
  if (linkLocal) {
    errs.push('may not be in the link-local range (169.254.0.0/16)');
  }
  const llMulticast = ip.v4 ? b[12] === 224 && b[13] === 0 && b[14] === 0 : b[0] === 0xff && b[1] % 16 === 0x02;
  if (llMulticast) {
    errs.push('may not be in the link-local multicast range (224.0.0.0/24)');
  }
  return errs;
}

/** A domain-name check's outcome: the value the API server names in the message, and the message. */
export interface DomainNameError {
  readonly value: string;
  readonly message: string;
}

/**
 * apimachinery `IsFullyQualifiedDomainName`: an optional trailing dot, a DNS-1123 subdomain of at
 * least two labels, each a DNS-1123 label. Undefined when valid; `required` for an empty name.
 */
export function fullyQualifiedDomainNameError(name: string): DomainNameError | 'required' | undefined {
  if (name.length === 0) {
    return 'required';
  }
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  const sub = dns1123SubdomainErrors(n);
  if (sub.length > 0) {
    return { value: n, message: sub.join(',') };
  }
  const labels = n.split('.');
  if (labels.length < 2) {
    return { value: n, message: 'should be a domain with at least two segments separated by dots' };
  }
  for (const label of labels) {
    const errs = dns1123LabelErrors(label);
    if (errs.length > 0) {
      return { value: label, message: errs.join(',') };
    }
  }
  return undefined;
}

/**
 * apimachinery `IsFullyQualifiedName` (webhook names): a DNS-1123 subdomain of at least three
 * labels. Undefined when valid; `required` for an empty name.
 */
export function fullyQualifiedNameError(name: string): DomainNameError | 'required' | undefined {
  if (name.length === 0) {
    return 'required';
  }
  const sub = dns1123SubdomainErrors(name);
  if (sub.length > 0) {
    return { value: name, message: sub.join(',') };
  }
  if (name.split('.').length < 3) {
    return { value: name, message: 'should be a domain with at least three segments separated by dots' };
  }
  return undefined;
}
