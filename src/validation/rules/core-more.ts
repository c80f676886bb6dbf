/**
 * Namespace and Endpoints (core/v1), after `ValidateNamespace` and `ValidateEndpoints` /
 * `validateEndpointSubsets` of pkg/apis/core/validation (release-1.27).
 */
import { dns1123LabelErrors, dns1123SubdomainErrors, portNumberErrors, qualifiedNameErrors } from '../../private/k8s-names';
import { ipErrors, nonSpecialIpErrors } from '../../private/k8s-net';
import { arr, child, index, isObj, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { servedAs } from './builtin-helpers';
import type { RuleModule } from './module';

const E = Severity.ERROR;
const CORE = 'pkg/apis/core/validation, release-1.27';

export const RULES = defineRules({
  'NS-FINALIZER': {
    layer: 'api',
    severity: E,
    summary: 'Namespace spec.finalizers entry that is not a qualified name, or unprefixed and not a standard finalizer (kubernetes)',
    fix: 'use `kubernetes` or a domain-prefixed name such as example.com/cleanup',
    source: `ValidateNamespace / validateFinalizerName (${CORE})`,
  },
  'EP-SUBSET-ADDRESSES': {
    layer: 'api',
    severity: E,
    summary: 'Endpoints subset with neither addresses nor notReadyAddresses',
    fix: 'list at least one address in the subset, or drop the subset',
    source: `validateEndpointSubsets (${CORE})`,
  },
  'EP-IP': {
    layer: 'api',
    severity: E,
    summary: 'Endpoints address ip that is not an IP address, or is unspecified, loopback, link-local or link-local multicast',
    fix: 'use the routable IP address of the backend (not 127.0.0.1, 0.0.0.0, 169.254.x.x or 224.0.0.x)',
    source: `validateEndpointAddress / ValidateNonSpecialIP (${CORE})`,
  },
  'EP-ADDRESS-NAMES': {
    layer: 'api',
    severity: E,
    summary: 'Endpoints address hostname not a DNS-1123 label, or nodeName not a DNS-1123 subdomain',
    fix: 'use a lower-case DNS label for hostname and the Node\'s name for nodeName',
    source: `validateEndpointAddress (${CORE})`,
  },
  'EP-PORT': {
    layer: 'api',
    severity: E,
    summary: 'Endpoints port without a name when the subset has several ports, a name that is not a DNS-1123 label, a port outside 1..65535, or an appProtocol that is not a qualified name',
    fix: 'name every port of a multi-port subset (lower-case DNS label, as in the Service) and use a port number 1..65535',
    source: `validateEndpointPort (${CORE})`,
  },
});

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

function namespace(r: DocReporter, m: any): void {
  if (!servedAs(m, 'v1')) {
    return;
  }
  for (const f of arr(obj(m.spec).finalizers)) {
    if (typeof f !== 'string') {
      continue;
    }
    const errs = qualifiedNameErrors(f);
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      errs.push('name is neither a standard finalizer name nor is it fully qualified');
    }
    for (const msg of errs) {
      r.add('NS-FINALIZER', 'spec.finalizers', `Invalid value: ${q(f)}: ${msg}`);
    }
  }
}

function endpointAddress(r: DocReporter, a: Record<string, any>, p: string): void {
  const ip = str(a.ip) ?? '';
  const ipp = child(p, 'ip');
  const invalid = ipErrors(ip);
  for (const msg of invalid) {
    r.add('EP-IP', ipp, `Invalid value: ${q(ip)}: ${msg}`);
  }
  const hostname = str(a.hostname);
  if (hostname) {
    for (const msg of dns1123LabelErrors(hostname)) {
      r.add('EP-ADDRESS-NAMES', child(p, 'hostname'), `Invalid value: ${q(hostname)}: ${msg}`);
    }
  }
  const nodeName = str(a.nodeName);
  if (nodeName !== undefined) {
    for (const msg of dns1123SubdomainErrors(nodeName)) {
      r.add('EP-ADDRESS-NAMES', child(p, 'nodeName'), `Invalid value: ${q(nodeName)}: ${msg}`);
    }
  }
  if (invalid.length > 0) {
    return; // ValidateNonSpecialIP repeats "must be a valid IP address"; one finding is enough
  }
  for (const msg of nonSpecialIpErrors(ip)) {
    r.add('EP-IP', ipp, `Invalid value: ${q(ip)}: ${msg}`);
  }
}

function endpointPort(r: DocReporter, port: Record<string, any>, requireName: boolean, p: string): void {
  const name = str(port.name) ?? '';
  if (requireName && name.length === 0) {
    r.add('EP-PORT', child(p, 'name'), 'Required value', 'a subset with several ports names each of them (as the Service ports are named)');
  } else if (name.length > 0) {
    for (const msg of dns1123LabelErrors(name)) {
      r.add('EP-PORT', child(p, 'name'), `Invalid value: ${q(name)}: ${msg}`);
    }
  }
  // port is required: a missing one decodes as 0
  const num = port.port ?? 0;
  if (typeof num === 'number') {
    for (const msg of portNumberErrors(num)) {
      r.add('EP-PORT', child(p, 'port'), `Invalid value: ${num}: ${msg}`);
    }
  }
  // protocol: "" and a missing one are defaulted to TCP; other values are SCHEMA-ENUM findings
  const appProtocol = str(port.appProtocol);
  if (appProtocol !== undefined) {
    for (const msg of qualifiedNameErrors(appProtocol)) {
      r.add('EP-PORT', child(p, 'appProtocol'), `Invalid value: ${q(appProtocol)}: ${msg}`);
    }
  }
}

function endpoints(r: DocReporter, m: any): void {
  if (!servedAs(m, 'v1')) {
    return;
  }
  arr(m.subsets).forEach((ss, i) => {
    if (!isObj(ss)) {
      return;
    }
    const p = index('subsets', i);
    const addresses = arr(ss.addresses);
    const notReady = arr(ss.notReadyAddresses);
    if (addresses.length === 0 && notReady.length === 0) {
      r.add('EP-SUBSET-ADDRESSES', p, 'Required value: must specify `addresses` or `notReadyAddresses`');
    }
    addresses.forEach((a, j) => isObj(a) && endpointAddress(r, a, index(child(p, 'addresses'), j)));
    notReady.forEach((a, j) => isObj(a) && endpointAddress(r, a, index(child(p, 'notReadyAddresses'), j)));
    const ports = arr(ss.ports);
    ports.forEach((port, j) => isObj(port) && endpointPort(r, port, ports.length > 1, index(child(p, 'ports'), j)));
  });
}

export const CORE_MORE_MODULE = {
  name: 'namespace-endpoints',
  title: 'Namespace finalizers and Endpoints subsets (core/v1): addresses, special IPs, ports',
  rules: RULES,
  checks: [
    { kinds: ['Namespace'], check: namespace },
    { kinds: ['Endpoints'], check: endpoints },
  ],
} satisfies RuleModule;
