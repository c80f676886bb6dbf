import { isIPv4, isIPv6 } from 'net';

/**
 * Kubernetes 1.27 name, value and path rules, written from apimachinery v0.27.16
 * (`pkg/util/validation/validation.go`) and `pkg/apis/core/validation/validation.go`.
 *
 * Each function returns the list of violations in the API server's own words (empty when
 * the value is valid), so constructs (which throw `PatternsError`) and the manifest
 * validator (which reports findings) share one implementation and one wording.
 */

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const ENV_VAR_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';

const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const CONFIG_MAP_KEY_RE = new RegExp(`^${CONFIG_MAP_KEY_FMT}$`);
const ENV_VAR_NAME_RE = new RegExp(`^${ENV_VAR_NAME_FMT}$`);
const PORT_NAME_CHARS_RE = /^[-a-z0-9]+$/;
const PORT_NAME_LETTER_RE = /[a-z]/;

/** Maximum lengths, as in apimachinery. */
export const DNS1123_LABEL_MAX_LENGTH = 63;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
export const DNS1035_LABEL_MAX_LENGTH = 63;
export const LABEL_VALUE_MAX_LENGTH = 63;
export const QUALIFIED_NAME_MAX_LENGTH = 63;
export const CONFIG_MAP_KEY_MAX_LENGTH = 253;
export const PORT_NAME_MAX_LENGTH = 15;

/** apimachinery `RegexError`: note the double space before each 'or'. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  let s = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) {
      s += ',  or ';
    }
    s += `'${e}'`;
  });
  return `${s}, regex used for validation is '${fmt}')`;
}

function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

/** `IsDNS1123Label`: container names, volume names, namespaces, port names of Services. */
export function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_LABEL_MAX_LENGTH) {
    errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  }
  if (!DNS1123_LABEL_RE.test(value)) {
    if (DNS1123_SUBDOMAIN_RE.test(value)) {
      errs.push('must not contain dots');
    } else {
      errs.push(regexError(
        'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character',
        DNS1123_LABEL_FMT, 'my-name', '123-abc'));
    }
  }
  return errs;
}

/** `IsDNS1123Subdomain`: names of Pods, Deployments, ConfigMaps, Secrets, PVs, PVCs, StorageClasses. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX_LENGTH) {
    errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  }
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError(
      'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character',
      DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errs;
}

/** `IsDNS1035Label`: Service names. */
export function dns1035LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1035_LABEL_MAX_LENGTH) {
    errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  }
  if (!DNS1035_LABEL_RE.test(value)) {
    errs.push(regexError(
      'a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character',
      DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  }
  return errs;
}

/** `IsQualifiedName`: label keys, annotation keys (lower-cased by the caller), provisioner names. */
export function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const [prefix, n] = parts;
    name = n;
    if (prefix.length === 0) {
      errs.push('prefix part must be non-empty');
    } else {
      for (const e of dns1123SubdomainErrors(prefix)) {
        errs.push(`prefix part ${e}`);
      }
    }
  } else {
    return [`a qualified name ${regexError(
      'must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character',
      QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) {
    errs.push('name part must be non-empty');
  } else if (name.length > QUALIFIED_NAME_MAX_LENGTH) {
    errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH)}`);
  }
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push(`name part ${regexError(
      'must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character',
      QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  }
  return errs;
}

/** `IsValidLabelValue`. */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > LABEL_VALUE_MAX_LENGTH) {
    errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  }
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(regexError(
      'a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character',
      LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

/** `IsConfigMapKey`: ConfigMap and Secret data keys, key selectors. */
export function configMapKeyErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > CONFIG_MAP_KEY_MAX_LENGTH) {
    errs.push(maxLenError(CONFIG_MAP_KEY_MAX_LENGTH));
  }
  if (!CONFIG_MAP_KEY_RE.test(value)) {
    errs.push(regexError('a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'',
      CONFIG_MAP_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  }
  errs.push(...dotPrefixErrors(value));
  return errs;
}

/** `IsEnvVarName` (1.27). */
export function envVarNameErrors(value: string): string[] {
  const errs: string[] = [];
  if (!ENV_VAR_NAME_RE.test(value)) {
    errs.push(regexError('a valid environment variable name must consist of alphabetic characters, digits, \'_\', \'-\', or \'.\', and must not start with a digit',
      ENV_VAR_NAME_FMT, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'));
  }
  errs.push(...dotPrefixErrors(value));
  return errs;
}

function dotPrefixErrors(value: string): string[] {
  if (value === '.') {
    return ['must not be \'.\''];
  }
  if (value === '..') {
    return ['must not be \'..\''];
  }
  if (value.startsWith('..')) {
    return ['must not start with \'..\''];
  }
  return [];
}

/** `IsValidPortName`: container port names, named target ports. */
export function portNameErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length < 1 || value.length > PORT_NAME_MAX_LENGTH) {
    errs.push(`must be no more than ${PORT_NAME_MAX_LENGTH} characters`);
  }
  if (!PORT_NAME_CHARS_RE.test(value)) {
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  }
  if (!PORT_NAME_LETTER_RE.test(value)) {
    errs.push('must contain at least one letter (a-z)');
  }
  if (value.includes('--')) {
    errs.push('must not contain consecutive hyphens');
  }
  if (value.length > 0 && (value.startsWith('-') || value.endsWith('-'))) {
    errs.push('must not begin or end with a hyphen');
  }
  return errs;
}

/** `IsValidPortNum`. */
export function portNumberErrors(value: number): string[] {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    return ['must be between 1 and 65535, inclusive'];
  }
  return [];
}

function pathElements(p: string): string[] {
  return p.replace(/\\/g, '/').split('/');
}

/** `validatePathNoBacksteps`: hostPath paths, local PV paths. */
export function noBackstepsErrors(p: string): string[] {
  return pathElements(p).includes('..') ? ['must not contain \'..\''] : [];
}

/** `validateLocalDescendingPath`: volumeMount subPath / subPathExpr. */
export function localDescendingPathErrors(p: string): string[] {
  const errs: string[] = [];
  if (p.startsWith('/')) {
    errs.push('must be a relative path');
  }
  errs.push(...noBackstepsErrors(p));
  return errs;
}

/** `validateLocalNonReservedPath`: ConfigMap/Secret `items[].path`. */
export function localNonReservedPathErrors(p: string): string[] {
  const errs = localDescendingPathErrors(p);
  if (p.startsWith('..') && !p.startsWith('../')) {
    errs.push('must not start with \'..\'');
  }
  return errs;
}

/** NFS `path` and our own rule for mount paths: must be absolute (`path.IsAbs`). */
export function absolutePathErrors(p: string): string[] {
  return p.startsWith('/') ? [] : ['must be an absolute path'];
}

/** Volume `defaultMode` / `items[].mode`: 0..0777. */
export function fileModeErrors(mode: number): string[] {
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o777) {
    return ['must be a number between 0 and 0777 (octal), both inclusive'];
  }
  return [];
}

/**
 * Derives a valid DNS-1123 label (≤ 63 characters) from arbitrary text, deterministically:
 * lower-cased, invalid runs replaced by '-', trimmed, and shortened with a stable hash suffix
 * when too long. Used for derived volume names.
 */
export function toDns1123Label(text: string, maxLength: number = DNS1123_LABEL_MAX_LENGTH): string {
  let s = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (s.length === 0) {
    s = 'x';
  }
  if (s.length <= maxLength) {
    return s;
  }
  const suffix = stableHash(text).slice(0, 8);
  return `${s.slice(0, maxLength - suffix.length - 1).replace(/-+$/, '')}-${suffix}`;
}

/** The first 8 hex digits of the SHA-256 of `text`: stable across processes and platforms. */
export function stableHash(text: string): string {
  // loaded here: the validator imports this module and never hashes, so its start does not load crypto
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHash }: typeof import('crypto') = require('crypto');
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8);
}

/** `IsHTTPHeaderName` (apimachinery 1.27): probe/lifecycle `httpGet.httpHeaders[].name`. */
export function httpHeaderNameErrors(value: string): string[] {
  if (!/^[-A-Za-z0-9]+$/.test(value)) {
    return [regexError('a valid HTTP header must consist of alphanumeric characters or \'-\'', '[-A-Za-z0-9]+', 'X-Header-Name')];
  }
  return [];
}

/** `IsValidPercent`: the string form of an int-or-percent such as a Deployment's `maxSurge`. */
export function percentErrors(value: string): string[] {
  if (!/^[0-9]+%$/.test(value)) {
    return [regexError('a valid percent string must be a numeric string followed by an ending \'%\'', '[0-9]+%', '1%', '93%')];
  }
  return [];
}

/** True for a dotted IPv4 address (Node's `net.isIPv4`: no leading zeros, each part 0-255). */
export function isIpv4Address(text: string): boolean {
  return isIPv4(text);
}

/** True for an IPv6 address, bare or in brackets (`[fd00::1]`), as Node's `net.isIPv6` parses it. */
export function isIpv6Address(text: string): boolean {
  return isIPv6(text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text);
}
