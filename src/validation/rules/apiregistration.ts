/**
 * APIService (apiregistration.k8s.io/v1), after `ValidateAPIService` of
 * k8s.io/kube-aggregator/pkg/apis/apiregistration/validation (release-1.27). The path-segment rule
 * of the name itself is the metadata module's; the agreement of the name with spec.version and
 * spec.group is checked here.
 */
import { dns1035LabelErrors, dns1123SubdomainErrors, portNumberErrors } from '../../private/k8s-names';
import { isObj, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { servedAs } from './builtin-helpers';
import type { RuleModule } from './module';

const E = Severity.ERROR;
const SRC = 'ValidateAPIService (k8s.io/kube-aggregator/pkg/apis/apiregistration/validation, release-1.27)';

export const RULES = defineRules({
  'APISVC-NAME': {
    layer: 'api',
    severity: E,
    summary: 'APIService name that is not `<spec.version>.<spec.group>`',
    fix: 'name the APIService <version>.<group>, e.g. v1beta1.metrics.k8s.io',
    source: SRC,
  },
  'APISVC-GROUP-VERSION': {
    layer: 'api',
    severity: E,
    summary: 'APIService spec.group empty (allowed for version v1 only) or not a DNS-1123 subdomain, or spec.version not a DNS-1035 label',
    fix: 'set spec.group to the API group (e.g. metrics.k8s.io) and spec.version to its version (e.g. v1beta1)',
    source: SRC,
  },
  'APISVC-PRIORITY': {
    layer: 'api',
    severity: E,
    summary: 'APIService groupPriorityMinimum outside 1..20000 or versionPriority outside 1..1000 (both required)',
    fix: 'set groupPriorityMinimum (e.g. 100) and versionPriority (e.g. 100)',
    source: SRC,
  },
  'APISVC-SERVICE': {
    layer: 'api',
    severity: E,
    summary: 'APIService service without name or namespace, or with a port outside 1..65535',
    fix: 'set spec.service.name and .namespace of the Service that serves the API (port defaults to 443)',
    source: SRC,
  },
  'APISVC-TLS': {
    layer: 'api',
    severity: E,
    summary: 'APIService with both insecureSkipTLSVerify and caBundle, or a local APIService (no service) with either',
    fix: 'give a caBundle or set insecureSkipTLSVerify, not both; a local APIService takes neither',
    source: SRC,
  },
});

function apiService(r: DocReporter, m: any): void {
  if (!servedAs(m, 'apiregistration.k8s.io/v1')) {
    return;
  }
  const spec = obj(m.spec);
  const group = str(spec.group) ?? '';
  const version = str(spec.version) ?? '';
  const name = str(obj(m.metadata).name);
  const required = `${version}.${group}`;
  if (name !== undefined && name.length > 0 && name !== required && !/[/%]/.test(name) && name !== '.' && name !== '..') {
    r.add('APISVC-NAME', 'metadata.name', `Invalid value: ${q(name)}: must be \`spec.version+"."+spec.group\`: ${q(required)}`);
  }
  if (group.length === 0 && version !== 'v1') {
    r.add('APISVC-GROUP-VERSION', 'spec.group', 'Required value: only v1 may have an empty group and it better be legacy kube');
  }
  if (group.length > 0) {
    for (const msg of dns1123SubdomainErrors(group)) {
      r.add('APISVC-GROUP-VERSION', 'spec.group', `Invalid value: ${q(group)}: ${msg}`);
    }
  }
  for (const msg of dns1035LabelErrors(version)) {
    r.add('APISVC-GROUP-VERSION', 'spec.version', `Invalid value: ${q(version)}: ${msg}`);
  }
  const gpm = typeof spec.groupPriorityMinimum === 'number' ? spec.groupPriorityMinimum : 0;
  if (gpm <= 0 || gpm > 20000) {
    r.add('APISVC-PRIORITY', 'spec.groupPriorityMinimum', `Invalid value: ${gpm}: must be positive and less than 20000`);
  }
  const vp = typeof spec.versionPriority === 'number' ? spec.versionPriority : 0;
  if (vp <= 0 || vp > 1000) {
    r.add('APISVC-PRIORITY', 'spec.versionPriority', `Invalid value: ${vp}: must be positive and less than 1000`);
  }
  const caBundle = str(spec.caBundle) ?? '';
  const insecure = spec.insecureSkipTLSVerify === true;
  if (!isObj(spec.service)) {
    if (caBundle.length > 0) {
      const bytes = Buffer.from(caBundle, 'base64').length;
      r.add('APISVC-TLS', 'spec.caBundle', `Invalid value: "${bytes} bytes": local APIServices may not have a caBundle`);
    }
    if (insecure) {
      r.add('APISVC-TLS', 'spec.insecureSkipTLSVerify', 'Invalid value: true: local APIServices may not have insecureSkipTLSVerify');
    }
    return;
  }
  const svc = spec.service;
  if ((str(svc.namespace) ?? '') === '') {
    r.add('APISVC-SERVICE', 'spec.service.namespace', 'Required value');
  }
  if ((str(svc.name) ?? '') === '') {
    r.add('APISVC-SERVICE', 'spec.service.name', 'Required value');
  }
  const port = svc.port ?? 443;
  if (typeof port === 'number') {
    const errs = portNumberErrors(port);
    if (errs.length > 0) {
      r.add('APISVC-SERVICE', 'spec.service.port', `Invalid value: ${port}: port is not valid: ${errs.join(', ')}`);
    }
  }
  if (insecure && caBundle.length > 0) {
    r.add('APISVC-TLS', 'spec.insecureSkipTLSVerify', 'Invalid value: true: may not be true if caBundle is present');
  }
}

export const APIREGISTRATION_MODULE = {
  name: 'apiregistration',
  title: 'APIService (apiregistration.k8s.io/v1): name vs group/version, priorities, service, TLS settings',
  rules: RULES,
  checks: [{ kinds: ['APIService'], check: apiService }],
} satisfies RuleModule;
