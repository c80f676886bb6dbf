/**
 * Service (`ValidateService` after `SetDefaults_Service`): ports, names, node ports, selector,
 * session affinity, traffic policy.
 */
import { dns1123LabelErrors, portNameErrors, portNumberErrors } from '../../private/k8s-names';
import { nodePortErrors } from '../../private/service-ports';
import { arr, child, index, int, isObj, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { labels, nameErrors } from './api-common';
import type { RuleModule } from './module';

const E = Severity.ERROR;
const V = 'pkg/apis/core/validation, release-1.27';

export const RULES = defineRules({
  'SVC-TYPE-ENUM': { layer: 'api', severity: E, summary: 'Service type not ClusterIP/NodePort/LoadBalancer/ExternalName', fix: 'use ClusterIP, NodePort, LoadBalancer or ExternalName', source: `ValidateService (${V})` },
  'SVC-PORT-PROTOCOL': { layer: 'api', severity: E, summary: 'Service port protocol not TCP/UDP/SCTP', fix: 'use TCP, UDP or SCTP', source: `validateServicePort (${V})` },
  'SVC-SESSIONAFFINITY': { layer: 'api', severity: E, summary: 'sessionAffinity not ClientIP/None; ClientIP timeoutSeconds outside 1..86400', fix: 'use None or ClientIP, with timeoutSeconds 1..86400', source: `ValidateService: validateAffinityTimeout (${V})` },
  'SVC-PORTS-REQUIRED': { layer: 'api', severity: E, summary: 'Service without ports (not headless, not ExternalName)', fix: 'add at least one port, or make the Service headless (clusterIP: None)', source: `ValidateService (${V})` },
  'SVC-PORT-NAME-REQUIRED': { layer: 'api', severity: E, summary: 'Service with several ports and an unnamed one', fix: 'name every port of a multi-port Service', source: `validateServicePort (${V})` },
  'SVC-PORT-NAME': { layer: 'api', severity: E, summary: 'Service port name invalid or duplicate', fix: 'give every port its own DNS-1123 label name', source: `validateServicePort (${V})` },
  'SVC-PORT-NUMBER': { layer: 'api', severity: E, summary: 'Service port outside 1..65535', fix: 'use a port number in 1..65535', source: `validateServicePort (${V})` },
  'SVC-TARGETPORT': { layer: 'api', severity: E, summary: 'targetPort number outside 1..65535 or invalid name', fix: 'use a port number 1..65535 or a container port name', source: `validateServicePort (${V})` },
  'SVC-PORT-DUP': { layer: 'api', severity: E, summary: 'same protocol/port twice in a Service', fix: 'use each port/protocol pair once', source: `ValidateService (${V})` },
  'SVC-NODEPORT-DUP': { layer: 'api', severity: E, summary: 'same protocol/nodePort twice in a Service', fix: 'use each nodePort/protocol pair once', source: `ValidateService (${V})` },
  'SVC-NODEPORT-CLUSTERIP': { layer: 'api', severity: E, summary: 'nodePort on a ClusterIP Service', fix: 'remove nodePort or use type NodePort', source: `ValidateService (${V})` },
  'SVC-NODEPORT-RANGE': { layer: 'api', severity: E, summary: 'nodePort outside the default 30000-32767 range (depends on the cluster\'s --service-node-port-range)', fix: 'pick a nodePort in 30000-32767, or omit it to get one assigned', source: 'NodePort allocator (pkg/registry/core/service/portallocator, release-1.27)' },
  'SVC-SELECTOR-LABELS': { layer: 'api', severity: E, summary: 'Service selector key/value is not a valid label', fix: 'use qualified-name keys and label values', source: `ValidateService: ValidateLabels (${V})` },
  'SVC-LB-KUBELET-PORT': { layer: 'api', severity: E, summary: 'LoadBalancer Service exposing the kubelet port 10250', fix: 'expose another port', source: `ValidateService (${V})` },
  'SVC-EXTERNALTRAFFICPOLICY': { layer: 'api', severity: E, summary: 'externalTrafficPolicy on a ClusterIP/ExternalName Service', fix: 'remove externalTrafficPolicy, or use type NodePort or LoadBalancer', source: `validateServiceExternalTrafficPolicy (${V})` },
});

/** `MaxClientIPServiceAffinitySeconds`. */
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;

/**
 * `ValidateService` / `validateAffinityTimeout` after `SetDefaults_Service`: with ClientIP a missing
 * timeout is defaulted to 10800, a given one must be 1..86400 (an ignored config with None is the
 * lint module's warning).
 */
function sessionAffinity(r: DocReporter, spec: Record<string, any>): void {
  if ((spec.sessionAffinity ?? 'None') !== 'ClientIP') {
    return;
  }
  const timeout = obj(obj(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
  if (typeof timeout === 'number' && Number.isInteger(timeout) && (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS)) {
    r.add('SVC-SESSIONAFFINITY', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
      `Invalid value: ${timeout}: must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`,
      `use 1..${MAX_CLIENT_IP_AFFINITY_SECONDS} seconds, or omit it for the default 10800`);
  }
}

function service(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  const type = str(spec.type) ?? 'ClusterIP';
  const ports = arr(spec.ports);
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && !headless && type !== 'ExternalName') {
    r.required('SVC-PORTS-REQUIRED', 'spec.ports');
  }
  const names = new Set<string>();
  const portKeys = new Set<string>();
  const nodePortKeys = new Set<string>();
  ports.forEach((port, i) => {
    if (!isObj(port)) {
      return;
    }
    const pp = index('spec.ports', i);
    const name = str(port.name) ?? '';
    if (ports.length > 1 && name === '') {
      r.required('SVC-PORT-NAME-REQUIRED', child(pp, 'name'));
    } else if (name !== '') {
      for (const e of nameErrors(r, dns1123LabelErrors, name)) {
        r.add('SVC-PORT-NAME', child(pp, 'name'), `Invalid value: ${q(name)}: ${e}`);
      }
      if (names.has(name)) {
        r.add('SVC-PORT-NAME', child(pp, 'name'), `Duplicate value: ${q(name)}`);
      }
      names.add(name);
    }
    const num = int(port.port);
    if (num !== undefined) {
      for (const e of portNumberErrors(num)) {
        r.add('SVC-PORT-NUMBER', child(pp, 'port'), `Invalid value: ${num}: ${e}`);
      }
    }
    const tp = port.targetPort;
    if (typeof tp === 'number') {
      for (const e of portNumberErrors(tp)) {
        r.add('SVC-TARGETPORT', child(pp, 'targetPort'), `Invalid value: ${tp}: ${e}`);
      }
    } else if (typeof tp === 'string' && !/^[0-9]+$/.test(tp)) {
      for (const e of nameErrors(r, portNameErrors, tp)) {
        r.add('SVC-TARGETPORT', child(pp, 'targetPort'), `Invalid value: ${q(tp)}: ${e}`);
      }
    }
    const protocol = str(port.protocol) ?? 'TCP';
    if (num !== undefined) {
      const key = `${protocol}/${num}`;
      if (portKeys.has(key)) {
        r.add('SVC-PORT-DUP', pp, `Duplicate value: ${JSON.stringify({ port: num, protocol })}`);
      }
      portKeys.add(key);
    }
    const np = int(port.nodePort);
    if (np !== undefined && np !== 0) {
      if (type === 'ClusterIP') {
        r.add('SVC-NODEPORT-CLUSTERIP', child(pp, 'nodePort'), 'Forbidden: may not be used when `type` is \'ClusterIP\'');
      } else {
        const key = `${protocol}/${np}`;
        if (nodePortKeys.has(key)) {
          r.add('SVC-NODEPORT-DUP', child(pp, 'nodePort'), `Duplicate value: ${JSON.stringify({ nodePort: np, protocol })}`);
        }
        nodePortKeys.add(key);
        for (const e of nodePortErrors(np)) {
          r.add('SVC-NODEPORT-RANGE', child(pp, 'nodePort'), `Invalid value: ${np}: ${e}`);
        }
      }
    }
    if (type === 'LoadBalancer' && num === 10250) {
      r.add('SVC-LB-KUBELET-PORT', pp, `Invalid value: ${JSON.stringify({ port: num, protocol })}: may not expose port 10250 externally since it is used by kubelet`);
    }
  });
  labels(r, spec.selector, 'spec.selector', 'SVC-SELECTOR-LABELS', 'SVC-SELECTOR-LABELS');
  sessionAffinity(r, spec);
  // ExternallyAccessible (pkg/api/service/util.go): LoadBalancer, NodePort, or ClusterIP with externalIPs
  const externallyAccessible = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
  if (typeof spec.externalTrafficPolicy === 'string' && spec.externalTrafficPolicy !== '' && !externallyAccessible) {
    r.add('SVC-EXTERNALTRAFFICPOLICY', 'spec.externalTrafficPolicy',
      `Invalid value: ${q(spec.externalTrafficPolicy)}: may only be set when \`type\` is 'NodePort' or 'LoadBalancer'`);
  }
}

export const SERVICE_MODULE = {
  name: 'service',
  title: 'Service',
  rules: RULES,
  checks: [{ kinds: ['Service'], check: service }],
} as const satisfies RuleModule;
