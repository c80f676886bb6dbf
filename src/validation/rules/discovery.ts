/**
 * EndpointSlice (discovery.k8s.io/v1), after `ValidateEndpointSliceCreate` of
 * pkg/apis/discovery/validation (release-1.27). The endpoint's `zone` is not validated by the API
 * server, nor are port numbers.
 */
import { dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors } from '../../private/k8s-names';
import { fullyQualifiedDomainNameError, ipv4Errors, ipv6Errors, nonSpecialIpErrors } from '../../private/k8s-net';
import { arr, child, index, isObj, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { servedAs } from './builtin-helpers';
import type { RuleModule } from './module';

const E = Severity.ERROR;
const SRC = 'pkg/apis/discovery/validation, release-1.27';

export const RULES = defineRules({
  'EPS-ADDRESS': {
    layer: 'api',
    severity: E,
    summary: 'EndpointSlice endpoint without addresses, with more than 100, or with an address that does not fit the slice\'s addressType (IPv4, IPv6, FQDN) or is a special IP (loopback, link-local, unspecified)',
    fix: 'give each endpoint 1..100 addresses of the slice\'s addressType',
    source: `validateEndpoints / ValidateNonSpecialIP (${SRC})`,
  },
  'EPS-TOO-MANY': {
    layer: 'api',
    severity: E,
    summary: 'EndpointSlice with more than 1000 endpoints, or an endpoint with more than 8 zone hints',
    fix: 'split the endpoints over several slices (at most 1000 each)',
    source: `validateEndpoints / validateHints (${SRC})`,
  },
  'EPS-ENDPOINT-FIELDS': {
    layer: 'api',
    severity: E,
    summary: 'EndpointSlice endpoint with a nodeName that is not a DNS-1123 subdomain, a hostname that is not a DNS-1123 label, a zone hint that is not a label value, or a duplicate zone hint',
    fix: 'use the Node\'s name, a lower-case DNS label for hostname, and label-valued zone hints',
    source: `validateEndpoints / validateHints (${SRC})`,
  },
  'EPS-PORT': {
    layer: 'api',
    severity: E,
    summary: 'EndpointSlice port name that is not a DNS-1123 label or used twice, or an appProtocol that is not a qualified name',
    fix: 'give each port a distinct lower-case DNS label name (or one unnamed port)',
    source: `validatePorts (${SRC})`,
  },
});

const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_ZONE_HINTS = 8;

function address(r: DocReporter, addressType: string, a: string, p: string): void {
  switch (addressType) {
    case 'IPv4':
    case 'IPv6': {
      const errs = addressType === 'IPv4' ? ipv4Errors(a) : ipv6Errors(a);
      for (const msg of errs) {
        r.add('EPS-ADDRESS', p, `Invalid value: ${q(a)}: ${msg}`);
      }
      for (const msg of nonSpecialIpErrors(a)) {
        if (errs.length === 0 || msg !== 'must be a valid IP address') {
          r.add('EPS-ADDRESS', p, `Invalid value: ${q(a)}: ${msg}`);
        }
      }
      break;
    }
    case 'FQDN': {
      const e = fullyQualifiedDomainNameError(a);
      if (e === 'required') {
        r.add('EPS-ADDRESS', p, 'Required value');
      } else if (e) {
        r.add('EPS-ADDRESS', p, `Invalid value: ${q(e.value)}: ${e.message}`);
      }
      break;
    }
    default:
      break;
  }
}

function endpoint(r: DocReporter, addressType: string, ep: Record<string, any>, p: string): void {
  const ap = child(p, 'addresses');
  const addresses = arr(ep.addresses);
  if (addresses.length === 0) {
    r.add('EPS-ADDRESS', ap, 'Required value: must contain at least 1 address');
  } else if (addresses.length > MAX_ADDRESSES) {
    r.add('EPS-ADDRESS', ap, `Too many: ${addresses.length}: must have at most ${MAX_ADDRESSES} items`);
  }
  addresses.forEach((a, i) => typeof a === 'string' && address(r, addressType, a, index(ap, i)));

  const nodeName = str(ep.nodeName);
  if (nodeName !== undefined) {
    for (const msg of dns1123SubdomainErrors(nodeName)) {
      r.add('EPS-ENDPOINT-FIELDS', child(p, 'nodeName'), `Invalid value: ${q(nodeName)}: ${msg}`);
    }
  }
  const hostname = str(ep.hostname);
  if (hostname !== undefined) {
    for (const msg of dns1123LabelErrors(hostname)) {
      r.add('EPS-ENDPOINT-FIELDS', child(p, 'hostname'), `Invalid value: ${q(hostname)}: ${msg}`);
    }
  }
  if (isObj(ep.hints)) {
    const fz = child(child(p, 'hints'), 'forZones');
    const zones = arr(ep.hints.forZones);
    if (zones.length > MAX_ZONE_HINTS) {
      r.add('EPS-TOO-MANY', fz, `Too many: ${zones.length}: must have at most ${MAX_ZONE_HINTS} items`);
      return;
    }
    const seen = new Set<string>();
    zones.forEach((z, i) => {
      const name = str(obj(z).name) ?? '';
      const zp = child(index(fz, i), 'name');
      if (seen.has(name)) {
        r.add('EPS-ENDPOINT-FIELDS', zp, `Duplicate value: ${q(name)}`);
      }
      seen.add(name);
      for (const msg of labelValueErrors(name)) {
        r.add('EPS-ENDPOINT-FIELDS', zp, `Invalid value: ${q(name)}: ${msg}`);
      }
    });
  }
}

function ports(r: DocReporter, list: any[]): void {
  if (list.length > MAX_PORTS) {
    r.add('EPS-TOO-MANY', 'ports', `Too many: ${list.length}: must have at most ${MAX_PORTS} items`);
    return;
  }
  const names = new Set<string>();
  list.forEach((port, i) => {
    if (!isObj(port)) {
      return;
    }
    const p = index('ports', i);
    const name = str(port.name) ?? '';
    if (name.length > 0) {
      for (const msg of dns1123LabelErrors(name)) {
        r.add('EPS-PORT', child(p, 'name'), `Invalid value: ${q(name)}: ${msg}`);
      }
    }
    if (names.has(name)) {
      r.add('EPS-PORT', child(p, 'name'), `Duplicate value: ${q(name)}`, 'each port of a slice needs its own name (one may be unnamed)');
    }
    names.add(name);
    const appProtocol = str(port.appProtocol);
    if (appProtocol !== undefined) {
      for (const msg of qualifiedNameErrors(appProtocol)) {
        r.add('EPS-PORT', child(p, 'appProtocol'), `Invalid value: ${q(appProtocol)}: ${msg}`);
      }
    }
  });
}

function endpointSlice(r: DocReporter, m: any): void {
  if (!servedAs(m, 'discovery.k8s.io/v1')) {
    return;
  }
  // addressType: required and enumerated in the schema (SCHEMA-REQUIRED / SCHEMA-ENUM)
  const addressType = str(m.addressType) ?? '';
  const eps = arr(m.endpoints);
  if (eps.length > MAX_ENDPOINTS) {
    r.add('EPS-TOO-MANY', 'endpoints', `Too many: ${eps.length}: must have at most ${MAX_ENDPOINTS} items`);
  } else {
    eps.forEach((ep, i) => isObj(ep) && endpoint(r, addressType, ep, index('endpoints', i)));
  }
  ports(r, arr(m.ports));
}

export const DISCOVERY_MODULE = {
  name: 'discovery',
  title: 'EndpointSlice (discovery.k8s.io/v1): addresses per addressType, special IPs, limits, port names',
  rules: RULES,
  checks: [{ kinds: ['EndpointSlice'], check: endpointSlice }],
} satisfies RuleModule;
