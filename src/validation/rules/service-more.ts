/**
 * Service branches the first Service module does not model (`ValidateService`,
 * `ValidateServiceClusterIPsRelatedFields`, `validateServiceExternalTrafficPolicy`,
 * `validateLoadBalancerClassField` of pkg/apis/core/validation, release-1.27, after
 * `SetDefaults_Service` and the strategy's `NormalizeClusterIPs`): ExternalName services,
 * headless NodePort/LoadBalancer services, numeric strings as targetPort, appProtocol, health-check
 * node ports, cluster IPs and IP families, external IPs, source ranges, and the LoadBalancer-only
 * fields. Enum values (ipFamilyPolicy, internalTrafficPolicy, externalTrafficPolicy) are the
 * structure layer's findings. Not modelled: loadBalancerIP (not validated in 1.27), node-port and
 * cluster-IP ranges and RequireDualStack on a cluster of one IP family (they depend on the cluster).
 */
import { dns1123SubdomainErrors, portNumberErrors, qualifiedNameErrors } from '../../private/k8s-names';
import { isCidrSloppy, isIpSloppy, isIpv6Sloppy, nonSpecialIpErrors } from '../../private/k8s-net';
import { arr, child, index, int, isObj, isSet, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import type { RuleModule } from './module';

const E = Severity.ERROR;
const V = 'pkg/apis/core/validation, release-1.27';

export const RULES = defineRules({
  'SVC-EXTERNALNAME': {
    layer: 'api',
    severity: E,
    summary: 'ExternalName Service without externalName, with one that is not a DNS-1123 subdomain, or with clusterIP(s), ipFamilies or ipFamilyPolicy',
    fix: 'set externalName to a host name (e.g. db.example.com) and drop clusterIP, clusterIPs, ipFamilies and ipFamilyPolicy',
    source: `ValidateService (${V})`,
  },
  'SVC-HEADLESS-TYPE': {
    layer: 'api',
    severity: E,
    summary: 'headless Service (clusterIP: None) of type NodePort or LoadBalancer',
    fix: 'a headless Service must be of type ClusterIP: drop clusterIP: None or the type',
    source: `ValidateService (${V})`,
  },
  'SVC-TARGETPORT-NUMERIC': {
    layer: 'api',
    severity: E,
    summary: 'targetPort written as a quoted number ("8080"): a string targetPort is a port name, and a name needs a letter',
    fix: 'write the port number unquoted (targetPort: 8080), or use the container port\'s name',
    source: `validateServicePort: ValidatePortNumOrName (${V})`,
  },
  'SVC-APPPROTOCOL': {
    layer: 'api',
    severity: E,
    summary: 'Service port appProtocol is not a qualified name',
    fix: 'use a protocol name such as http, https, kubernetes.io/h2c or example.com/custom',
    source: `validateServicePort (${V})`,
  },
  'SVC-HEALTHCHECK-NODEPORT': {
    layer: 'api',
    severity: E,
    summary: 'healthCheckNodePort on a Service that is not LoadBalancer with externalTrafficPolicy Local, or outside 1..65535',
    fix: 'set healthCheckNodePort only on a LoadBalancer Service with externalTrafficPolicy: Local (or leave it to the API server)',
    source: `validateServiceExternalTrafficPolicy (${V})`,
  },
  'SVC-CLUSTERIPS': {
    layer: 'api',
    severity: E,
    summary: 'clusterIP/clusterIPs not IP addresses, out of sync, more than two or two of one family, None not alone, or not of the family ipFamilies names',
    fix: 'set clusterIP (and clusterIPs with the same first value) to IP addresses, one per family, matching ipFamilies — or leave them to the API server',
    source: `ValidateServiceClusterIPsRelatedFields (${V})`,
  },
  'SVC-IPFAMILIES': {
    layer: 'api',
    severity: E,
    summary: 'ipFamilies entry other than IPv4/IPv6 or repeated; two families (or cluster IPs) with ipFamilyPolicy SingleStack',
    fix: 'list IPv4 and/or IPv6 once each; with two use ipFamilyPolicy PreferDualStack or RequireDualStack',
    source: `ValidateServiceClusterIPsRelatedFields (${V}); the service REST allocator's ipFamilyPolicy check (pkg/registry/core/service, release-1.27)`,
  },
  'SVC-EXTERNALIPS': {
    layer: 'api',
    severity: E,
    summary: 'externalIPs entry that is not an IP address, or is unspecified, loopback or link-local',
    fix: 'list routable IP addresses of the nodes or load balancer',
    source: `ValidateService, ValidateNonSpecialIP (${V})`,
  },
  'SVC-LB-SOURCE-RANGES': {
    layer: 'api',
    severity: E,
    summary: 'loadBalancerSourceRanges (or its annotation) on a Service that is not LoadBalancer, or an entry that is not a CIDR',
    fix: 'write CIDRs such as 10.0.0.0/8, on a LoadBalancer Service',
    source: `ValidateService (${V})`,
  },
  'SVC-LB-ONLY-FIELDS': {
    layer: 'api',
    severity: E,
    summary: 'allocateLoadBalancerNodePorts or loadBalancerClass on a Service that is not LoadBalancer; loadBalancerClass not a qualified name',
    fix: 'set these fields only with type: LoadBalancer; loadBalancerClass is a qualified name such as example.com/internal-vip',
    source: `ValidateService, validateLoadBalancerClassField (${V})`,
  },
});

const LB_SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const IP_MSG = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const CIDR_MSG = 'must be a CIDR in the form \'ip/prefix\' (e.g. 10.0.0.0/8)';

function externalName(r: DocReporter, spec: Record<string, any>, clusterIPs: string[]): void {
  // A clusterIP of "None" on an ExternalName Service is left alone (not a case to guess about).
  if (clusterIPs.some((ip) => ip !== 'None')) {
    r.add('SVC-EXTERNALNAME', 'spec.clusterIPs', 'Forbidden: may not be set for ExternalName services');
  }
  if (arr(spec.ipFamilies).length > 0) {
    r.add('SVC-EXTERNALNAME', 'spec.ipFamilies', 'Forbidden: may not be set for ExternalName services');
  }
  if (isSet(spec.ipFamilyPolicy)) {
    r.add('SVC-EXTERNALNAME', 'spec.ipFamilyPolicy', 'Forbidden: may not be set for ExternalName services');
  }
  const raw = isSet(spec.externalName) ? str(spec.externalName) : '';
  if (raw === undefined) {
    return;
  }
  const cname = raw.endsWith('.') ? raw.slice(0, -1) : raw;
  if (cname === '') {
    r.add('SVC-EXTERNALNAME', 'spec.externalName', 'Required value', 'set externalName to the DNS name the Service aliases');
  } else {
    for (const e of dns1123SubdomainErrors(cname)) {
      r.add('SVC-EXTERNALNAME', 'spec.externalName', `Invalid value: ${q(cname)}: ${e}`);
    }
  }
}

/** `ValidateServiceClusterIPsRelatedFields` (not for ExternalName) plus the allocator's SingleStack check. */
function clusterIPsAndFamilies(r: DocReporter, spec: Record<string, any>, clusterIP: string, clusterIPs: string[], headless: boolean): void {
  if (clusterIP !== '') {
    if (clusterIPs[0] !== clusterIP) {
      r.add('SVC-CLUSTERIPS', 'spec.clusterIPs', `Invalid value: ${JSON.stringify(clusterIPs)}: first value must match \`clusterIP\``);
    }
  } else if (clusterIPs.length > 0) {
    r.add('SVC-CLUSTERIPS', 'spec.clusterIPs', `Invalid value: ${JSON.stringify(clusterIPs)}: must be empty when \`clusterIP\` is not specified`);
  }
  const families = arr(spec.ipFamilies).filter((f): f is string => typeof f === 'string');
  const seen = new Set<string>();
  families.forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') {
      r.add('SVC-IPFAMILIES', index('spec.ipFamilies', i), `Unsupported value: ${q(f)}: supported values: "IPv4", "IPv6"`);
    }
    if (seen.has(f)) {
      r.add('SVC-IPFAMILIES', index('spec.ipFamilies', i), `Duplicate value: ${q(f)}`);
    }
    seen.add(f);
  });
  let invalid = false;
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) {
        invalid = true;
        r.add('SVC-CLUSTERIPS', 'spec.clusterIPs', `Invalid value: ${JSON.stringify(clusterIPs)}: 'None' must be the first and only value`);
      }
      return;
    }
    if (!isIpSloppy(ip)) {
      invalid = true;
      r.add('SVC-CLUSTERIPS', index('spec.clusterIPs', i), `Invalid value: ${q(ip)}: ${IP_MSG}`);
    }
  });
  if (clusterIPs.length > 2) {
    r.add('SVC-CLUSTERIPS', 'spec.clusterIPs', `Invalid value: ${JSON.stringify(clusterIPs)}: may only hold up to 2 values`);
  }
  if (invalid) {
    return;
  }
  if (clusterIPs.length === 2 && isIpv6Sloppy(clusterIPs[0]) === isIpv6Sloppy(clusterIPs[1])) {
    r.add('SVC-CLUSTERIPS', 'spec.clusterIPs', `Invalid value: ${JSON.stringify(clusterIPs)}: may specify no more than one IP for each IP family`);
  }
  if (!headless) {
    clusterIPs.slice(0, families.length).forEach((ip, i) => {
      if (families[i] === 'IPv4' && isIpv6Sloppy(ip)) {
        r.add('SVC-CLUSTERIPS', index('spec.clusterIPs', i), `Invalid value: ${q(ip)}: expected an IPv4 value as indicated by \`ipFamilies[${i}]\``);
      } else if (families[i] === 'IPv6' && !isIpv6Sloppy(ip)) {
        r.add('SVC-CLUSTERIPS', index('spec.clusterIPs', i), `Invalid value: ${q(ip)}: expected an IPv6 value as indicated by \`ipFamilies[${i}]\``);
      }
    });
  }
  if (spec.ipFamilyPolicy === 'SingleStack') {
    if (families.length > 1) {
      r.add('SVC-IPFAMILIES', 'spec.ipFamilyPolicy', 'Invalid value: "SingleStack": must be RequireDualStack or PreferDualStack when multiple IP families are specified');
    } else if (clusterIPs.length > 1) {
      r.add('SVC-IPFAMILIES', 'spec.ipFamilyPolicy', 'Invalid value: "SingleStack": must be RequireDualStack or PreferDualStack when multiple cluster IPs are specified');
    }
  }
}

function ports(r: DocReporter, spec: Record<string, any>): void {
  arr(spec.ports).forEach((port, i) => {
    if (!isObj(port)) {
      return;
    }
    const pp = index('spec.ports', i);
    const tp = port.targetPort;
    if (typeof tp === 'string' && /^[0-9]+$/.test(tp)) {
      r.add('SVC-TARGETPORT-NUMERIC', child(pp, 'targetPort'), `Invalid value: ${q(tp)}: must contain at least one letter (a-z)`);
    }
    const ap = str(port.appProtocol);
    if (ap !== undefined) {
      for (const e of qualifiedNameErrors(ap)) {
        r.add('SVC-APPPROTOCOL', child(pp, 'appProtocol'), `Invalid value: ${q(ap)}: ${e}`);
      }
    }
  });
}

function check(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  const type = str(spec.type) || 'ClusterIP';
  const clusterIP = str(spec.clusterIP) ?? '';
  // NormalizeClusterIPs: on create, clusterIP alone initialises clusterIPs.
  const given = arr(spec.clusterIPs).filter((x): x is string => typeof x === 'string');
  const clusterIPs = given.length === 0 && clusterIP !== '' ? [clusterIP] : given;
  const headless = clusterIPs[0] === 'None';
  if (type === 'ExternalName') {
    externalName(r, spec, clusterIPs);
  } else {
    clusterIPsAndFamilies(r, spec, clusterIP, clusterIPs, headless);
  }
  if (headless && (type === 'NodePort' || type === 'LoadBalancer')) {
    r.add('SVC-HEADLESS-TYPE', 'spec.clusterIPs[0]', `Invalid value: "None": may not be set to 'None' for ${type} services`);
  }
  ports(r, spec);
  arr(spec.externalIPs).forEach((ip, i) => {
    if (typeof ip !== 'string') {
      return;
    }
    const errs = isIpSloppy(ip) ? nonSpecialIpErrors(ip) : [IP_MSG];
    for (const e of errs) {
      r.add('SVC-EXTERNALIPS', index('spec.externalIPs', i), `Invalid value: ${q(ip)}: ${e}`);
    }
  });
  const hc = int(spec.healthCheckNodePort);
  if (hc !== undefined && hc !== 0) {
    if (!(type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local')) {
      r.add('SVC-HEALTHCHECK-NODEPORT', 'spec.healthCheckNodePort', `Invalid value: ${hc}: may only be set when \`type\` is 'LoadBalancer' and \`externalTrafficPolicy\` is 'Local'`);
    } else {
      for (const e of portNumberErrors(hc)) {
        r.add('SVC-HEALTHCHECK-NODEPORT', 'spec.healthCheckNodePort', `Invalid value: ${hc}: ${e}`);
      }
    }
  }
  sourceRanges(r, m, spec, type);
  if (isSet(spec.allocateLoadBalancerNodePorts) && type !== 'LoadBalancer') {
    r.add('SVC-LB-ONLY-FIELDS', 'spec.allocateLoadBalancerNodePorts', 'Forbidden: may only be used when `type` is \'LoadBalancer\'');
  }
  const lbc = str(spec.loadBalancerClass);
  if (lbc !== undefined) {
    for (const e of qualifiedNameErrors(lbc)) {
      r.add('SVC-LB-ONLY-FIELDS', 'spec.loadBalancerClass', `Invalid value: ${q(lbc)}: ${e}`);
    }
    if (type !== 'LoadBalancer') {
      r.add('SVC-LB-ONLY-FIELDS', 'spec.loadBalancerClass', 'Forbidden: may only be used when `type` is \'LoadBalancer\'');
    }
  }
}

/** `loadBalancerSourceRanges` (the API server's path is `spec.LoadBalancerSourceRanges`), else the annotation. */
function sourceRanges(r: DocReporter, m: any, spec: Record<string, any>, type: string): void {
  const ranges = arr(spec.loadBalancerSourceRanges);
  if (ranges.length > 0) {
    if (type !== 'LoadBalancer') {
      r.add('SVC-LB-SOURCE-RANGES', 'spec.loadBalancerSourceRanges', 'Forbidden: may only be used when `type` is \'LoadBalancer\'');
    }
    ranges.forEach((v, i) => {
      if (typeof v === 'string' && !isCidrSloppy(v.trim())) {
        r.add('SVC-LB-SOURCE-RANGES', index('spec.loadBalancerSourceRanges', i), `Invalid value: ${q(v.trim())}: ${CIDR_MSG}`);
      }
    });
    return;
  }
  const ann = obj(obj(m.metadata).annotations);
  if (!Object.prototype.hasOwnProperty.call(ann, LB_SOURCE_RANGES_ANNOTATION) || typeof ann[LB_SOURCE_RANGES_ANNOTATION] !== 'string') {
    return;
  }
  const ap = index('metadata.annotations', LB_SOURCE_RANGES_ANNOTATION);
  if (type !== 'LoadBalancer') {
    r.add('SVC-LB-SOURCE-RANGES', ap, 'Forbidden: may only be used when `type` is \'LoadBalancer\'');
  }
  const val = (ann[LB_SOURCE_RANGES_ANNOTATION] as string).trim();
  if (val === '') {
    return;
  }
  for (const part of val.split(',')) {
    const v = part.trim();
    if (!isCidrSloppy(v)) {
      r.add('SVC-LB-SOURCE-RANGES', ap, `Invalid value: ${q(v)}: ${CIDR_MSG}`);
    }
  }
}

export const SERVICE_MORE_MODULE = {
  name: 'service-more',
  title: 'Service branches: ExternalName, headless types, cluster IPs and families, external IPs, load-balancer fields',
  rules: RULES,
  checks: [{ kinds: ['Service'], check }],
} as const satisfies RuleModule;
