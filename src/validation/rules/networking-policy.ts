/**
 * NetworkPolicy (networking.k8s.io/v1) as the 1.27 API server validates it on create:
 * `ValidateNetworkPolicy` → `ValidateNetworkPolicySpec`, `ValidateNetworkPolicyPort`,
 * `ValidateNetworkPolicyPeer`, `ValidateIPBlock` (pkg/apis/networking/validation, release-1.27).
 * Protocol values are the schema layer's (an enum in the 1.27 OpenAPI).
 */
import { portNameErrors, portNumberErrors } from '../../private/k8s-names';
import { isStrictSubnet, parseCidrSloppy } from '../../private/k8s-net';
import { arr, child, index, int, isObj, isSet, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { KindCheck } from './module';
import type { DocReporter } from '../report';
import { labelSelector } from './api-common';
import { servedAs } from './builtin-helpers';

const E = Severity.ERROR;
const SRC = '(pkg/apis/networking/validation, release-1.27)';

export const RULES = defineRules({
  'NETPOL-SELECTOR': { layer: 'api', severity: E, summary: 'NetworkPolicy podSelector or peer pod/namespace selector with an invalid label key, value or expression', fix: 'use qualified label keys, valid label values, and In/NotIn (with values) or Exists/DoesNotExist (without)', source: `ValidateNetworkPolicySpec, ValidateNetworkPolicyPeer → ValidateLabelSelector ${SRC}` },
  'NETPOL-PORT': { layer: 'api', severity: E, summary: 'NetworkPolicy port number outside 1-65535, an invalid port name (e.g. "80" quoted), or an endPort below port, with a named port, or without a port', fix: 'write port as a number (unquoted) or a container port name; endPort only with a numeric port, and not below it', source: `ValidateNetworkPolicyPort ${SRC}` },
  'NETPOL-PEER': { layer: 'api', severity: E, summary: 'NetworkPolicy peer (from/to entry) that is empty, or has an ipBlock together with a selector', fix: 'give each peer podSelector and/or namespaceSelector, or an ipBlock alone (as separate list entries)', source: `ValidateNetworkPolicyPeer ${SRC}` },
  'NETPOL-IPBLOCK': { layer: 'api', severity: E, summary: 'NetworkPolicy ipBlock without cidr, with an unparsable CIDR, or an except entry that is not a strict subset of cidr', fix: 'write cidr as address/prefix (e.g. 10.0.0.0/8) and each except as a smaller network inside it', source: `ValidateIPBlock ${SRC}` },
  'NETPOL-POLICYTYPES': { layer: 'api', severity: E, summary: 'NetworkPolicy policyTypes with more than two entries or a value other than Ingress/Egress', fix: 'list Ingress and/or Egress', source: `ValidateNetworkPolicySpec ${SRC}` },
});

function port(r: DocReporter, pt: Record<string, any>, p: string): void {
  const endPort = int(pt.endPort);
  const portValue = pt.port;
  if (typeof portValue === 'number' && Number.isInteger(portValue)) {
    for (const e of portNumberErrors(portValue)) {
      r.add('NETPOL-PORT', child(p, 'port'), `Invalid value: ${portValue}: ${e}`);
    }
    if (endPort !== undefined) {
      if (endPort < portValue) {
        r.add('NETPOL-PORT', child(p, 'endPort'), `Invalid value: ${endPort}: must be greater than or equal to \`port\``);
      }
      for (const e of portNumberErrors(endPort)) {
        r.add('NETPOL-PORT', child(p, 'endPort'), `Invalid value: ${endPort}: ${e}`);
      }
    }
  } else if (typeof portValue === 'string') {
    if (endPort !== undefined) {
      r.add('NETPOL-PORT', child(p, 'endPort'), `Invalid value: ${endPort}: may not be specified when \`port\` is non-numeric`);
    }
    for (const e of portNameErrors(portValue)) {
      r.add('NETPOL-PORT', child(p, 'port'), `Invalid value: ${q(portValue)}: ${e}`,
        /^[0-9]+$/.test(portValue) ? `write the port as a number: port: ${portValue} (unquoted)` : undefined);
    }
  } else if (!isSet(portValue) && endPort !== undefined) {
    r.add('NETPOL-PORT', child(p, 'endPort'), `Invalid value: ${endPort}: may not be specified when \`port\` is not specified`);
  }
}

function ipBlock(r: DocReporter, ipb: Record<string, any>, p: string): void {
  const cidr = str(ipb.cidr) ?? '';
  if (cidr === '') {
    if (!isSet(ipb.cidr) || ipb.cidr === '') {
      r.add('NETPOL-IPBLOCK', child(p, 'cidr'), 'Required value');
    }
    return;
  }
  const net = parseCidrSloppy(cidr);
  if (!net) {
    r.add('NETPOL-IPBLOCK', child(p, 'cidr'), `Invalid value: ${q(cidr)}: not a valid CIDR`);
    return;
  }
  const except = arr(ipb.except);
  for (let i = 0; i < except.length; i++) {
    const text = except[i];
    if (typeof text !== 'string') {
      continue;
    }
    const ep = index(child(p, 'except'), i);
    const sub = parseCidrSloppy(text);
    if (!sub) {
      // 1.27 stops at the first unparsable except entry
      r.add('NETPOL-IPBLOCK', ep, `Invalid value: ${q(text)}: not a valid CIDR`);
      return;
    }
    if (!isStrictSubnet(net, sub)) {
      r.add('NETPOL-IPBLOCK', ep, `Invalid value: ${q(text)}: must be a strict subset of \`cidr\``);
    }
  }
}

function peer(r: DocReporter, pe: Record<string, any>, p: string): void {
  let count = 0;
  if (isSet(pe.podSelector)) {
    count++;
    labelSelector(r, pe.podSelector, child(p, 'podSelector'), 'NETPOL-SELECTOR');
  }
  if (isSet(pe.namespaceSelector)) {
    count++;
    labelSelector(r, pe.namespaceSelector, child(p, 'namespaceSelector'), 'NETPOL-SELECTOR');
  }
  if (isSet(pe.ipBlock)) {
    count++;
    if (isObj(pe.ipBlock)) {
      ipBlock(r, pe.ipBlock, child(p, 'ipBlock'));
    }
  }
  if (count === 0) {
    r.add('NETPOL-PEER', p, 'Required value: must specify a peer', 'give the peer a podSelector, a namespaceSelector or an ipBlock; to allow all sources, omit from/to instead');
  } else if (count > 1 && isSet(pe.ipBlock)) {
    r.add('NETPOL-PEER', p, 'Forbidden: may not specify both ipBlock and another peer', 'split the ipBlock and the selectors into separate list entries');
  }
}

function direction(r: DocReporter, list: unknown, p: string, peers: 'from' | 'to'): void {
  arr(list).forEach((rule, i) => {
    if (!isObj(rule)) {
      return;
    }
    const rp = index(p, i);
    arr(rule.ports).forEach((pt, j) => {
      if (isObj(pt)) {
        port(r, pt, index(child(rp, 'ports'), j));
      }
    });
    arr(rule[peers]).forEach((pe, j) => {
      if (isObj(pe)) {
        peer(r, pe, index(child(rp, peers), j));
      } else if (pe === null) {
        peer(r, {}, index(child(rp, peers), j));
      }
    });
  });
}

function networkPolicy(r: DocReporter, m: any): void {
  if (!servedAs(m, 'networking.k8s.io/v1')) {
    return;
  }
  const spec = obj(m.spec);
  labelSelector(r, spec.podSelector, 'spec.podSelector', 'NETPOL-SELECTOR');
  direction(r, spec.ingress, 'spec.ingress', 'from');
  direction(r, spec.egress, 'spec.egress', 'to');
  const types = arr(spec.policyTypes);
  if (types.length > 2) {
    r.add('NETPOL-POLICYTYPES', 'spec.policyTypes', `Invalid value: ${JSON.stringify(types)}: may not specify more than two policyTypes`);
    return;
  }
  types.forEach((t, i) => {
    if (typeof t === 'string' && t !== 'Ingress' && t !== 'Egress') {
      r.add('NETPOL-POLICYTYPES', index('spec.policyTypes', i), `Unsupported value: ${q(t)}: supported values: "Ingress", "Egress"`);
    }
  });
}

const CHECKS: readonly KindCheck[] = [
  { kinds: ['NetworkPolicy'], check: networkPolicy },
];

/** The NetworkPolicy rules. */
export const NETWORK_POLICY_MODULE = {
  name: 'networkpolicy',
  title: 'NetworkPolicy (ValidateNetworkPolicy)',
  rules: RULES,
  checks: CHECKS,
} as const;
