/**
 * Ingress and IngressClass (networking.k8s.io/v1) as the 1.27 API server validates them on create:
 * `ValidateIngressCreate` → `ValidateIngressSpec` and `ValidateIngressClass`
 * (pkg/apis/networking/validation, release-1.27). Enum values (pathType) are the schema layer's.
 */
import { domainPrefixedPathErrors, pathSegmentNameErrors, wildcardDns1123SubdomainErrors } from '../../private/k8s-more';
import { dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, portNameErrors, portNumberErrors } from '../../private/k8s-names';
import { isIpSloppy } from '../../private/k8s-net';
import { arr, child, index, int, isObj, isSet, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { KindCheck } from './module';
import type { DocReporter } from '../report';
import { servedAs } from './builtin-helpers';

const E = Severity.ERROR;
const SRC = '(pkg/apis/networking/validation, release-1.27)';

export const RULES = defineRules({
  'ING-SPEC-EMPTY': { layer: 'api', severity: E, summary: 'Ingress with neither spec.defaultBackend nor spec.rules', fix: 'add spec.rules (host/path routes) or a spec.defaultBackend', source: `ValidateIngressSpec ${SRC}` },
  'ING-BACKEND': { layer: 'api', severity: E, summary: 'Ingress backend with both or neither of service/resource, or a service port with both or neither of name/number', fix: 'give each backend exactly one of service or resource, and a service backend exactly one of port.name or port.number', source: `validateIngressBackend ${SRC}` },
  'ING-SERVICE-NAME': { layer: 'api', severity: E, summary: 'Ingress service backend without a name, or with a name that is not a valid Service name (DNS-1035 label)', fix: 'set backend.service.name to the name of the Service', source: `validateIngressBackend ${SRC}` },
  'ING-SERVICE-PORT': { layer: 'api', severity: E, summary: 'Ingress service backend port number outside 1-65535 or an invalid port name', fix: 'use the Service port number (1-65535) or the name of a Service port', source: `validateIngressBackend ${SRC}` },
  'ING-RESOURCE': { layer: 'api', severity: E, summary: 'Ingress resource backend with a missing or invalid kind/name, or an apiGroup that is not a DNS subdomain', fix: 'set resource.kind and resource.name (and apiGroup for non-core kinds)', source: `validateIngressTypedLocalObjectReference ${SRC}` },
  'ING-HOST': { layer: 'api', severity: E, summary: 'Ingress rule host that is an IP address, not a DNS subdomain, or a malformed wildcard', fix: 'use a DNS name such as foo.example.com or a wildcard such as *.example.com (no IP, no port, lower case)', source: `validateIngressRules ${SRC}` },
  'ING-PATHS-REQUIRED': { layer: 'api', severity: E, summary: 'Ingress rule with http but no paths', fix: 'add at least one entry under http.paths, or remove http', source: `validateHTTPIngressRuleValue ${SRC}` },
  'ING-PATHTYPE': { layer: 'api', severity: E, summary: 'Ingress path without pathType (networking.k8s.io/v1 has no default)', fix: 'set pathType: Prefix (or Exact, or ImplementationSpecific)', source: `validateHTTPIngressPath ${SRC}` },
  'ING-PATH': { layer: 'api', severity: E, summary: 'Ingress path that is not absolute, or an Exact/Prefix path with //, /./, /../, %2f or ending in /. or /..', fix: 'write the path as an absolute, normalized URL path such as /api', source: `validateHTTPIngressPath ${SRC}` },
  'ING-TLS-HOST': { layer: 'api', severity: E, summary: 'Ingress TLS host that is not a DNS subdomain or a valid wildcard', fix: 'list DNS names such as foo.example.com or *.example.com', source: `validateIngressTLS ${SRC}` },
  'ING-TLS-SECRET': { layer: 'api', severity: E, summary: 'Ingress TLS secretName that is not a valid Secret name', fix: 'use the name of a Secret (lower-case DNS subdomain)', source: `validateIngressTLS ${SRC}` },
  'ING-CLASSNAME': { layer: 'api', severity: E, summary: 'spec.ingressClassName that is not a DNS subdomain, or a kubernetes.io/ingress.class annotation that differs from it', fix: 'use the name of an IngressClass, and drop the deprecated kubernetes.io/ingress.class annotation (or make it equal)', source: `ValidateIngressSpec, ValidateIngressCreate ${SRC}` },
  'INGCLASS-CONTROLLER': { layer: 'api', severity: E, summary: 'IngressClass without spec.controller, or a controller that is not a domain-prefixed path of at most 250 characters', fix: 'set spec.controller to the controller\'s name, e.g. k8s.io/ingress-nginx', source: `validateIngressClassSpec ${SRC}` },
  'INGCLASS-PARAMS': { layer: 'api', severity: E, summary: 'IngressClass parameters with a missing or invalid kind/name/apiGroup, an unsupported scope, or a namespace that does not fit the scope (scope defaults to Cluster, which takes no namespace)', fix: 'set parameters.kind and name, and scope: Namespace with a namespace for a namespaced parameters object (scope defaults to Cluster)', source: `validateIngressClassParametersReference ${SRC}` },
});

function backend(r: DocReporter, b: Record<string, any>, p: string): void {
  const hasResource = isSet(b.resource);
  const hasService = isSet(b.service);
  if (hasResource && hasService) {
    r.add('ING-BACKEND', p, 'Invalid value: "": cannot set both resource and service backends', 'keep either backend.service or backend.resource');
    return;
  }
  if (hasResource) {
    if (isObj(b.resource)) {
      typedReference(r, b.resource, child(p, 'resource'), 'ING-RESOURCE');
    }
    return;
  }
  if (!hasService) {
    r.add('ING-BACKEND', p, 'Invalid value: "": resource or service backend is required', 'add backend.service (name and port)');
    return;
  }
  if (!isObj(b.service)) {
    return; // a type error: the schema layer's
  }
  const svc = b.service;
  const name = str(svc.name) ?? '';
  if (name === '') {
    r.add('ING-SERVICE-NAME', child(p, 'service.name'), 'Required value');
  } else {
    for (const e of dns1035LabelErrors(name)) {
      r.add('ING-SERVICE-NAME', child(p, 'service.name'), `Invalid value: ${q(name)}: ${e}`);
    }
  }
  const port = obj(svc.port);
  const portName = str(port.name) ?? '';
  const portNumber = int(port.number) ?? 0;
  if (portName !== '' && portNumber !== 0) {
    r.add('ING-BACKEND', p, 'Invalid value: "": cannot set both port name & port number', 'keep either service.port.name or service.port.number');
  } else if (portName !== '') {
    for (const e of portNameErrors(portName)) {
      r.add('ING-SERVICE-PORT', child(p, 'service.port.name'), `Invalid value: ${q(portName)}: ${e}`);
    }
  } else if (portNumber !== 0) {
    for (const e of portNumberErrors(portNumber)) {
      r.add('ING-SERVICE-PORT', child(p, 'service.port.number'), `Invalid value: ${portNumber}: ${e}`);
    }
  } else if (port.number === undefined || port.number === null || port.number === 0) {
    r.add('ING-BACKEND', p, 'Required value: port name or number is required', 'set service.port.number (or service.port.name)');
  }
}

/** `validateIngressTypedLocalObjectReference` / the first half of `validateIngressClassParametersReference`. */
function typedReference(r: DocReporter, ref: Record<string, any>, p: string, rule: 'ING-RESOURCE' | 'INGCLASS-PARAMS'): void {
  const group = str(ref.apiGroup);
  if (group !== undefined) {
    for (const e of dns1123SubdomainErrors(group)) {
      r.add(rule, child(p, 'apiGroup'), `Invalid value: ${q(group)}: ${e}`);
    }
  }
  for (const field of ['kind', 'name']) {
    const v = ref[field];
    if (v === undefined || v === null || v === '') {
      r.add(rule, child(p, field), 'Required value');
    } else if (typeof v === 'string') {
      for (const e of pathSegmentNameErrors(v)) {
        r.add(rule, child(p, field), `Invalid value: ${q(v)}: ${e}`);
      }
    }
  }
}

function host(r: DocReporter, h: string, p: string, rule: 'ING-HOST' | 'ING-TLS-HOST'): void {
  if (rule === 'ING-HOST' && isIpSloppy(h)) {
    r.add(rule, p, `Invalid value: ${q(h)}: must be a DNS name, not an IP address`);
  }
  const errs = h.includes('*') ? wildcardDns1123SubdomainErrors(h) : dns1123SubdomainErrors(h);
  for (const e of errs) {
    r.add(rule, p, `Invalid value: ${q(h)}: ${e}`);
  }
}

const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];

function httpPath(r: DocReporter, hp: Record<string, any>, p: string): void {
  const pathType = hp.pathType;
  if (pathType === undefined || pathType === null) {
    r.add('ING-PATHTYPE', child(p, 'pathType'), 'Required value: pathType must be specified');
    return;
  }
  const path = str(hp.path) ?? '';
  const pp = child(p, 'path');
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!path.startsWith('/')) {
      r.add('ING-PATH', pp, `Invalid value: ${q(path)}: must be an absolute path`);
    }
    if (path.length > 0) {
      for (const s of INVALID_SEQUENCES) {
        if (path.includes(s)) {
          r.add('ING-PATH', pp, `Invalid value: ${q(path)}: must not contain '${s}'`);
        }
      }
      for (const s of INVALID_SUFFIXES) {
        if (path.endsWith(s)) {
          r.add('ING-PATH', pp, `Invalid value: ${q(path)}: cannot end with '${s}'`);
        }
      }
    }
  } else if (pathType === 'ImplementationSpecific') {
    if (path.length > 0 && !path.startsWith('/')) {
      r.add('ING-PATH', pp, `Invalid value: ${q(path)}: must be an absolute path`);
    }
  } else {
    return; // an unsupported pathType is the schema layer's (SCHEMA-ENUM)
  }
  if (isObj(hp.backend)) {
    backend(r, hp.backend, child(p, 'backend'));
  }
}

function ingress(r: DocReporter, m: any): void {
  if (!servedAs(m, 'networking.k8s.io/v1')) {
    return;
  }
  const spec = obj(m.spec);
  const rules = arr(spec.rules);
  if (rules.length === 0 && !isSet(spec.defaultBackend)) {
    r.add('ING-SPEC-EMPTY', 'spec', 'Invalid value: null: either `defaultBackend` or `rules` must be specified');
  }
  if (isObj(spec.defaultBackend)) {
    backend(r, spec.defaultBackend, 'spec.defaultBackend');
  }
  rules.forEach((rule, i) => {
    if (!isObj(rule)) {
      return;
    }
    const rp = index('spec.rules', i);
    const h = str(rule.host) ?? '';
    if (h !== '') {
      host(r, h, child(rp, 'host'), 'ING-HOST');
    }
    if (isObj(rule.http)) {
      const paths = arr(rule.http.paths);
      if (paths.length === 0) {
        r.add('ING-PATHS-REQUIRED', child(rp, 'http.paths'), 'Required value');
      }
      paths.forEach((hp, j) => {
        if (isObj(hp)) {
          httpPath(r, hp, index(child(rp, 'http.paths'), j));
        }
      });
    }
  });
  arr(spec.tls).forEach((tls, i) => {
    if (!isObj(tls)) {
      return;
    }
    const tp = index('spec.tls', i);
    arr(tls.hosts).forEach((h, j) => {
      if (typeof h === 'string') {
        host(r, h, index(child(tp, 'hosts'), j), 'ING-TLS-HOST');
      }
    });
    const secret = str(tls.secretName) ?? '';
    if (secret !== '') {
      for (const e of dns1123SubdomainErrors(secret)) {
        r.add('ING-TLS-SECRET', child(tp, 'secretName'), `Invalid value: ${q(secret)}: ${e}`);
      }
    }
  });
  const className = str(spec.ingressClassName);
  if (className !== undefined) {
    for (const e of dns1123SubdomainErrors(className)) {
      r.add('ING-CLASSNAME', 'spec.ingressClassName', `Invalid value: ${q(className)}: ${e}`);
    }
    const annotations = obj(obj(m.metadata).annotations);
    const annotation = Object.prototype.hasOwnProperty.call(annotations, 'kubernetes.io/ingress.class') ? annotations['kubernetes.io/ingress.class'] : undefined;
    if (typeof annotation === 'string' && annotation !== className) {
      r.add('ING-CLASSNAME', 'annotations.kubernetes.io/ingress.class', `Invalid value: ${q(annotation)}: must match \`ingressClassName\` when both are specified`);
    }
  }
}

function ingressClass(r: DocReporter, m: any): void {
  if (!servedAs(m, 'networking.k8s.io/v1')) {
    return;
  }
  const spec = obj(m.spec);
  const controller = str(spec.controller) ?? '';
  if (controller === '') {
    if (spec.controller === undefined || spec.controller === null || spec.controller === '') {
      r.add('INGCLASS-CONTROLLER', 'spec.controller', 'Required value');
    }
  } else {
    if (controller.length > 250) {
      r.add('INGCLASS-CONTROLLER', 'spec.controller', 'Too long: must have at most 250 bytes');
    }
    for (const e of domainPrefixedPathErrors(controller)) {
      r.add('INGCLASS-CONTROLLER', 'spec.controller', `Invalid value: ${q(e.value)}: ${e.message}`);
    }
  }
  if (!isObj(spec.parameters)) {
    return;
  }
  const params = spec.parameters;
  const p = 'spec.parameters';
  typedReference(r, params, p, 'INGCLASS-PARAMS');
  // networking/v1 defaults a missing scope to Cluster (SetDefaults_IngressClass)
  const scope = isSet(params.scope) ? params.scope : 'Cluster';
  if (scope !== 'Namespace' && scope !== 'Cluster') {
    if (typeof scope === 'string') {
      r.add('INGCLASS-PARAMS', child(p, 'scope'), `Unsupported value: ${q(scope)}: supported values: "Cluster", "Namespace"`);
    }
    return;
  }
  if (scope === 'Namespace') {
    if (!isSet(params.namespace)) {
      r.add('INGCLASS-PARAMS', child(p, 'namespace'), 'Required value: `parameters.scope` is set to \'Namespace\'');
    } else if (typeof params.namespace === 'string') {
      for (const e of dns1123LabelErrors(params.namespace)) {
        r.add('INGCLASS-PARAMS', child(p, 'namespace'), `Invalid value: ${q(params.namespace)}: ${e}`);
      }
    }
  } else if (isSet(params.namespace)) {
    r.add('INGCLASS-PARAMS', child(p, 'namespace'), 'Forbidden: `parameters.scope` is set to \'Cluster\'');
  }
}

const CHECKS: readonly KindCheck[] = [
  { kinds: ['Ingress'], check: ingress },
  { kinds: ['IngressClass'], check: ingressClass },
];

/** The Ingress and IngressClass rules. */
export const NETWORKING_MODULE = {
  name: 'networking',
  title: 'Ingress and IngressClass (ValidateIngressCreate, ValidateIngressClass)',
  rules: RULES,
  checks: CHECKS,
} as const;
